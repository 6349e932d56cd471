/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.lookup;

import com.ottimate.nifi.processors.resources.ApiResource;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.components.PropertyDescriptor;

import java.util.List;

@Tags({"ottimate", "lookup", "enrich", "catalog", "sku", "upc", "accounts payable", "record"})
@CapabilityDescription("Looks up an Ottimate catalog entry of a company by its id, SKU, UPC or catalog_unique_key and returns it as a "
        + "record, for use with LookupRecord [GET /v1/catalog/entries].")
@SeeAlso(classNames = {"org.apache.nifi.processors.standard.LookupRecord", "com.ottimate.nifi.lookup.OttimateValueLookupService",
        "com.ottimate.nifi.processors.catalog.ListOttimateCatalog"})
@UseCase(description = "Price each purchase line from the Ottimate catalog by its SKU.",
        configuration = """
                Set Match On to "Catalog Entry by SKU", Company ID to the company, Lookup Strategy to Per Key for a large catalog.
                In LookupRecord add key = /sku and erp_vendor_id = /vendor_number, Result RecordPath /catalog.""")
public class OttimateCatalogLookupService extends AbstractOttimateRecordLookupService {

    public static final PropertyDescriptor MATCH_ON = matchOnProperty("What the 'key' coordinate holds.",
            LookupKey.SKU, LookupKey.of(ApiResource.CATALOG_ENTRIES));

    public static final PropertyDescriptor ERP_VENDOR_ID = narrowingDefault("ERP Vendor ID",
            "The vendor (erp_vendor_id) an entry must belong to, unless a lookup's erp_vendor_id coordinate names another.",
            MATCH_ON, LookupKey.SKU, LookupKey.UPC);

    private static final List<PropertyDescriptor> PROPERTIES = properties(MATCH_ON, ERP_VENDOR_ID);

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTIES;
    }

    @Override
    protected PropertyDescriptor matchOn() {
        return MATCH_ON;
    }

    @Override
    protected PropertyDescriptor narrowingProperty() {
        return ERP_VENDOR_ID;
    }
}
