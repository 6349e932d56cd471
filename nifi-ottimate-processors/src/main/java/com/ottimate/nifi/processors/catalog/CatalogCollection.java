/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.catalog;

import com.ottimate.nifi.processors.resources.ApiResource;
import com.ottimate.nifi.processors.resources.QueryFilter;
import com.ottimate.nifi.services.DescribedEnum;
import org.apache.nifi.components.DescribedValue;
import org.apache.nifi.components.PropertyDescriptor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The catalog collections that can be listed by company, each with its documented filters. */
public enum CatalogCollection implements DescribedEnum {
    ENTRIES("Catalog Entries", ApiResource.CATALOG_ENTRIES, "Products vendors sell, with prices"),
    ALLOWANCES("Allowances", ApiResource.ALLOWANCES, "Discounts, allowances and rebates on catalog entries"),
    VARIANCES("Variances", ApiResource.VARIANCES, "Catalog entries with their last invoiced price and its variance");

    private final Label label;
    private final ApiResource resource;
    private final List<QueryFilter> filters;

    CatalogCollection(final String displayName, final ApiResource resource, final String description) {
        this.resource = resource;
        this.filters = resource.filters();
        this.label = new Label(displayName, description);
    }

    public ApiResource resource() {
        return resource;
    }

    @Override
    public Label label() {
        return label;
    }

    /**
     * Every collection's filters as properties of one processor: a filter several collections share (Company ID, Location IDs,
     * Expand) is one property shown for each of them.
     */
    static List<QueryFilter.Property> properties(final PropertyDescriptor selector, final boolean source,
                                                 final Function<CatalogCollection, DescribedValue> selectorValue, final CatalogCollection... collections) {
        final Map<QueryFilter, List<CatalogCollection>> owners = new LinkedHashMap<>();
        for (final CatalogCollection collection : collections) {
            collection.filters.forEach(filter -> owners.computeIfAbsent(filter, f -> new ArrayList<>()).add(collection));
        }
        final List<QueryFilter.Property> properties = new ArrayList<>();
        owners.forEach((filter, users) -> {
            final QueryFilter.Property property = source ? filter.onSource() : filter.onFlowFile();
            properties.add(users.size() == collections.length ? property
                    : property.dependingOn(selector, users.stream().map(selectorValue).toArray(DescribedValue[]::new)));
        });
        return properties;
    }
}
