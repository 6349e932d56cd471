/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.lookup;

import com.ottimate.nifi.processors.resources.ApiResource;
import com.ottimate.nifi.services.DescribedEnum;
import org.apache.nifi.components.DescribedValue;

import java.util.Arrays;
import java.util.Optional;

/**
 * Everything that differs between the keys the lookup services match on, in one table: the collection, the field
 * matched, how one key is asked for alone (by path, by a query filter, or not at all when the API has no filter for
 * it and only a preloaded listing can answer), and the coordinate that narrows a match within the company.
 */
public enum LookupKey implements DescribedEnum {
    VENDOR_ID(ApiResource.VENDORS, "id", PerKey.BY_PATH, null, "Vendor by Ottimate ID", "The vendor's Ottimate id (ottimate_vendor_id)"),
    ERP_VENDOR_ID(ApiResource.VENDORS, "erp_vendor_id", PerKey.NONE, null, "Vendor by ERP Vendor ID",
            "The vendor number the ERP knows it by (erp_vendor_id), unique within a company"),
    LOCATION_ID(ApiResource.LOCATIONS, "id", PerKey.NONE, null, "Location by Ottimate ID", "The location's Ottimate id (ottimate_location_id)"),
    LOCATION_NAME(ApiResource.LOCATIONS, "name", PerKey.filter("search"), null, "Location by Name", "The location's name, exactly as Ottimate shows it"),
    DIMENSION_ID(ApiResource.DIMENSIONS, "id", PerKey.BY_PATH, null, "Dimension by Ottimate ID", "The dimension's Ottimate id"),
    ERP_DIMENSION_ID(ApiResource.DIMENSIONS, "erp_dimension_id", PerKey.NONE, "erp_type", "Dimension by ERP Dimension ID",
            "The ERP's id of the dimension value (erp_dimension_id), narrowed by its ERP type (erp_type) where ids repeat across types"),
    CATALOG_ENTRY_ID(ApiResource.CATALOG_ENTRIES, "id", PerKey.BY_PATH, null, "Catalog Entry by Ottimate ID", "The entry's Ottimate id (cte_...)"),
    SKU(ApiResource.CATALOG_ENTRIES, "sku", PerKey.filter("sku"), "erp_vendor_id", "Catalog Entry by SKU",
            "The item's SKU, narrowed by the vendor (erp_vendor_id) where vendors share SKUs"),
    UPC(ApiResource.CATALOG_ENTRIES, "upc", PerKey.filter("upc"), "erp_vendor_id", "Catalog Entry by UPC",
            "The item's UPC, narrowed by the vendor (erp_vendor_id) where vendors share UPCs"),
    CATALOG_UNIQUE_KEY(ApiResource.CATALOG_ENTRIES, "catalog_unique_key", PerKey.NONE, null, "Catalog Entry by Catalog Unique Key",
            "The entry's catalog_unique_key, as the catalog bulk upsert keys it"),
    PURCHASE_ORDER_ID(ApiResource.PURCHASE_ORDERS, "id", PerKey.BY_PATH, null, "Purchase Order by Ottimate ID", "The order's Ottimate id (a UUID)"),
    PO_EXTERNAL_ID(ApiResource.PURCHASE_ORDERS, "external_id", PerKey.filter("external_id"), null, "Purchase Order by External ID",
            "The ERP's key of the order (external_id), the key PutOttimatePurchaseOrder upserts on"),
    PO_NUMBER(ApiResource.PURCHASE_ORDERS, "po_number", PerKey.NONE, "erp_vendor_id", "Purchase Order by PO Number",
            "The order's number (po_number), narrowed by its vendor (erp_vendor_id): vendors' PO numbers repeat");

    /** How one key is asked for on its own: GET by id, a list filtered by {@code param}, or not at all ({@code NONE}). */
    public record PerKey(String param) {
        static final PerKey BY_PATH = new PerKey(null);
        static final PerKey NONE = new PerKey("");

        static PerKey filter(final String param) {
            return new PerKey(param);
        }

        boolean byPath() {
            return param == null;
        }

        boolean possible() {
            return param == null || !param.isEmpty();
        }
    }

    private final ApiResource resource;
    private final String field;
    private final PerKey perKey;
    private final String narrowedBy;
    private final Label label;

    LookupKey(final ApiResource resource, final String field, final PerKey perKey, final String narrowedBy, final String displayName,
              final String description) {
        this.resource = resource;
        this.field = field;
        this.perKey = perKey;
        this.narrowedBy = narrowedBy;
        this.label = new Label(displayName, description);
    }

    @Override
    public Label label() {
        return label;
    }

    public ApiResource resource() {
        return resource;
    }

    /** The field of an object that must equal the key. */
    public String field() {
        return field;
    }

    PerKey perKey() {
        return perKey;
    }

    /** The optional coordinate (also an object field and a query filter) that narrows a match, e.g. erp_type. */
    public Optional<String> narrowedBy() {
        return Optional.ofNullable(narrowedBy);
    }

    /** True when the API can answer one key alone; otherwise only Preload can. */
    public boolean perKeyPossible() {
        return perKey.possible();
    }

    /** The keys of one collection, for a service's Match On property. */
    public static DescribedValue[] of(final ApiResource resource) {
        return Arrays.stream(values()).filter(key -> key.resource == resource).toArray(DescribedValue[]::new);
    }
}
