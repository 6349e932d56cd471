package com.ottimate.nifi.services;

import org.apache.nifi.components.DescribedValue;

/** Where the API lives. Production and Sandbox are fully separate (data, ids and credentials). */
public enum Environment implements DescribedValue {
    PRODUCTION("Production", "https://api.ottimate.com/v1", "Ottimate production: https://api.ottimate.com/v1"),
    SANDBOX("Sandbox", "https://sandbox-api.ottimate.com/v1", "Ottimate sandbox for development: https://sandbox-api.ottimate.com/v1"),
    CUSTOM("Custom", null, "A base URL given in the Base URL property (a gateway, or a local emulator on loopback)");

    private final String displayName;
    private final String baseUrl;
    private final String description;

    Environment(final String displayName, final String baseUrl, final String description) {
        this.displayName = displayName;
        this.baseUrl = baseUrl;
        this.description = description;
    }

    /** Fixed base URL, or null for {@link #CUSTOM}. */
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public String getValue() {
        return name();
    }

    @Override
    public String getDisplayName() {
        return displayName;
    }

    @Override
    public String getDescription() {
        return description;
    }
}
