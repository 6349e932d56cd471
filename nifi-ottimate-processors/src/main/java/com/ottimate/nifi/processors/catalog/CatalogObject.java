/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.catalog;

import com.ottimate.nifi.processors.resources.ApiResource;
import com.ottimate.nifi.services.DescribedEnum;

/** The catalog collections PutOttimateCatalog writes. */
public enum CatalogObject implements DescribedEnum {
    ENTRIES("Catalog Entries", ApiResource.CATALOG_ENTRIES, "Products a vendor sells, with prices (upserted on catalog_unique_key)"),
    ALLOWANCES("Allowances", ApiResource.ALLOWANCES, "Discounts, allowances and rebates on catalog entries"),
    PRICES("Prices", ApiResource.PRICES, "Company, location-group or location prices of catalog entries from a start date (create-only)");

    private final Label label;
    private final ApiResource resource;

    CatalogObject(final String displayName, final ApiResource resource, final String description) {
        this.resource = resource;
        this.label = new Label(displayName, description);
    }

    public ApiResource resource() {
        return resource;
    }

    @Override
    public Label label() {
        return label;
    }
}
