/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.services;


/** Values for the optional {@code X-API-Version} header. */
public enum ApiVersion implements DescribedEnum {
    LATEST("Latest", null, "Send no X-API-Version header: the API answers with its latest version"),
    V1_0_0("1.0.0", "1.0.0", "Version 1.0.0 (locations carry the deprecated 'group' field)"),
    V1_1_0("1.1.0", "1.1.0", "Version 1.1.0 (locations carry 'location_group')");

    private final Label label;
    private final String header;

    ApiVersion(final String displayName, final String header, final String description) {
        this.header = header;
        this.label = new Label(displayName, description);
    }

    /** Header value, or null for {@link #LATEST}. */
    public String header() {
        return header;
    }

    @Override
    public Label label() {
        return label;
    }
}
