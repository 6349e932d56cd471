/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.masterdata;

import com.ottimate.nifi.processors.OttimateAttributes;
import com.ottimate.nifi.processors.fetching.AbstractFetchOttimate;
import com.ottimate.nifi.processors.resources.ApiResource;
import com.ottimate.nifi.processors.resources.QueryFilter;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.migration.PropertyConfiguration;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.util.StandardValidators;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
public class FetchOttimateVendors extends AbstractFetchOttimate {

    public static final PropertyDescriptor VENDOR_ID = new PropertyDescriptor.Builder()
            .name("Vendor ID")
            .description("Id of the vendor to fetch.")
            .required(true)
            .defaultValue("${ottimate.vendor.id}")
            .dependsOn(FETCH_STRATEGY, FetchStrategy.BY_ID)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .build();

    static final List<QueryFilter.Property> FILTERS = ApiResource.VENDORS.filters().stream()
            .map(filter -> filter.onFlowFile().dependingOn(FETCH_STRATEGY, FetchStrategy.BY_QUERY)).toList();
    static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS;

    static {
        final List<PropertyDescriptor> descriptors = new ArrayList<>(List.of(CONNECTION_SERVICE, FETCH_STRATEGY, VENDOR_ID));
        descriptors.addAll(QueryFilter.descriptors(FILTERS));
        descriptors.addAll(List.of(PAGE_SIZE, OUTPUT_STRATEGY, RECORD_WRITER));
        PROPERTY_DESCRIPTORS = List.copyOf(descriptors);
    }

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    public void migrateProperties(final PropertyConfiguration config) {
        MasterDataMigration.migrate(config, VENDOR_ID);
    }

    @Override
    public void onTrigger(final ProcessContext context, final ProcessSession session) {
        final FlowFile flowFile = session.get();
        if (flowFile == null) {
            return;
        }
        if (context.getProperty(FETCH_STRATEGY).asAllowableValue(FetchStrategy.class) == FetchStrategy.BY_QUERY) {
            try {
                query(context, session, flowFile, ApiResource.VENDORS, QueryFilter.apply(ApiResource.VENDORS.list(null), FILTERS, context, flowFile).build(),
                        "Querying vendors for " + flowFile);
            } catch (final QueryFilter.InvalidFilter e) {
                routeBadInput(session, flowFile, "invalid_filter", e.getMessage());
            }
            return;
        }
        final String id = requiredId(context, session, flowFile, VENDOR_ID);
        if (id != null) {
            fetchOne(context, session, flowFile, ApiResource.VENDORS, ApiResource.VENDORS.one(id).build(), "Fetching vendor " + id, vendor -> Map.of());
        }
    }
}
