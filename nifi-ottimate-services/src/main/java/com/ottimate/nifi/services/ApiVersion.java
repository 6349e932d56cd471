package com.ottimate.nifi.services;

import org.apache.nifi.components.DescribedValue;

/** Values for the optional {@code X-API-Version} header. */
public enum ApiVersion implements DescribedValue {
    LATEST("Latest", null, "Send no X-API-Version header: the API answers with its latest version"),
    V1_0_0("1.0.0", "1.0.0", "Version 1.0.0 (locations carry the deprecated 'group' field)"),
    V1_1_0("1.1.0", "1.1.0", "Version 1.1.0 (locations carry 'location_group')");

    private final String displayName;
    private final String header;
    private final String description;

    ApiVersion(final String displayName, final String header, final String description) {
        this.displayName = displayName;
        this.header = header;
        this.description = description;
    }

    /** Header value, or null for {@link #LATEST}. */
    public String header() {
        return header;
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
