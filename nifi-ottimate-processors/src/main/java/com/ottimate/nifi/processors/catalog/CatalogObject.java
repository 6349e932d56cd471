package com.ottimate.nifi.processors.catalog;

import com.ottimate.nifi.services.Choice;

/** The catalog collections a processor can write or read, with their path segment and list field. */
public enum CatalogObject implements Choice {
    ENTRIES("Catalog Entries", "entries", "Products a vendor sells, with prices (upserted on catalog_unique_key)"),
    ALLOWANCES("Allowances", "allowances", "Discounts, allowances and rebates on catalog entries");

    private final Label label;
    private final String path;

    CatalogObject(final String displayName, final String path, final String description) {
        this.path = path;
        this.label = new Label(displayName, description);
    }

    /** Path segment below /v1/catalog and the list field of bulk bodies. */
    public String path() {
        return path;
    }

    @Override
    public Label label() {
        return label;
    }
}
