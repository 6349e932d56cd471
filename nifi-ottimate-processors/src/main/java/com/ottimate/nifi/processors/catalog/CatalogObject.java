package com.ottimate.nifi.processors.catalog;

import org.apache.nifi.components.DescribedValue;

/** The catalog collections a processor can write or read, with their path segment and list field. */
public enum CatalogObject implements DescribedValue {
    ENTRIES("Catalog Entries", "entries", "Products a vendor sells, with prices (upserted on catalog_unique_key)"),
    ALLOWANCES("Allowances", "allowances", "Discounts, allowances and rebates on catalog entries");

    private final String displayName;
    private final String path;
    private final String description;

    CatalogObject(final String displayName, final String path, final String description) {
        this.displayName = displayName;
        this.path = path;
        this.description = description;
    }

    /** Path segment below /v1/catalog and the list field of bulk bodies. */
    public String path() {
        return path;
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
