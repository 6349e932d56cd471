/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.masterdata;

import com.ottimate.nifi.processors.OttimateAttributes;
import com.ottimate.nifi.processors.fetching.AbstractFetchByIdOrQuery;
import com.ottimate.nifi.processors.resources.ApiResource;
import com.ottimate.nifi.processors.resources.QueryFilter;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.migration.PropertyConfiguration;

import java.util.List;

@Tags({"ottimate", "vendor", "supplier", "master data", "fetch", "get", "query", "records"})
@CapabilityDescription("For each incoming flowfile, reads one Ottimate vendor by id, or the vendors of a company "
        + "[GET /v1/vendors/{id}, /v1/vendors].")
@UseCase(description = "Look up the Ottimate vendor behind an id an invoice or another system names.",
        configuration = """
                Fetch Strategy "By ID", Vendor ID ${ottimate.vendor.id}. Connect not found to where unknown vendors are handled.
                """)
@SeeAlso({ListOttimateVendors.class, PutOttimateVendor.class})
@WritesAttributes({
        @WritesAttribute(attribute = "ottimate.vendor.id", description = "Id of the fetched vendor (By ID), or of each vendor (By Query, one flowfile per vendor)"),
        @WritesAttribute(attribute = "ottimate.vendor.count", description = "By Query: vendors the query found"),
        @WritesAttribute(attribute = "record.count", description = "By Query: vendors in the flowfile (Records output)"),
        @WritesAttribute(attribute = OttimateAttributes.STATUS_CODE, description = "HTTP status of the last attempt"),
        @WritesAttribute(attribute = OttimateAttributes.REQUEST_ID, description = "The API's request id"),
        @WritesAttribute(attribute = OttimateAttributes.ATTEMPTS, description = "Attempts made, including retries"),
        @WritesAttribute(attribute = OttimateAttributes.REQUESTS_TODAY, description = "Requests the connection sent today (UTC)"),
        @WritesAttribute(attribute = OttimateAttributes.ERROR_CODE, description = "On failure, retry or not found: the error code"),
        @WritesAttribute(attribute = OttimateAttributes.ERROR_MESSAGE, description = "On failure, retry or not found: what went wrong"),
        @WritesAttribute(attribute = "mime.type", description = "application/json, or the Record Writer's type")
})
public class FetchOttimateVendor extends AbstractFetchByIdOrQuery {

    public static final PropertyDescriptor VENDOR_ID = idProperty("Vendor ID", "Id of the vendor to fetch.", ApiResource.VENDORS);

    static final List<QueryFilter.Property> FILTERS = queryFilters(ApiResource.VENDORS);
    static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = descriptors(FILTERS, VENDOR_ID);

    public FetchOttimateVendor() {
        super(ApiResource.VENDORS, VENDOR_ID, FILTERS);
    }

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    public void migrateProperties(final PropertyConfiguration config) {
        MasterDataMigration.migrate(config, VENDOR_ID);
    }
}
