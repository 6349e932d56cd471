/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.services;


/** Where the API lives. Production and Sandbox are fully separate (data, ids and credentials). */
public enum Environment implements DescribedEnum {
    PRODUCTION("Production", "https://api.ottimate.com/v1", "Ottimate production: https://api.ottimate.com/v1"),
    SANDBOX("Sandbox", "https://sandbox-api.ottimate.com/v1", "Ottimate sandbox for development: https://sandbox-api.ottimate.com/v1"),
    CUSTOM("Custom", null, "A base URL given in the Base URL property (a gateway, or a local emulator on loopback)");

    private final Label label;
    private final String baseUrl;

    Environment(final String displayName, final String baseUrl, final String description) {
        this.baseUrl = baseUrl;
        this.label = new Label(displayName, description);
    }

    /** Fixed base URL, or null for {@link #CUSTOM}. */
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public Label label() {
        return label;
    }
}
