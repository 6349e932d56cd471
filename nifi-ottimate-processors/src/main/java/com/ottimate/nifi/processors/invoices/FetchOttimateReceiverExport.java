/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.invoices;

import com.ottimate.nifi.client.model.OttimateRequest;
import com.ottimate.nifi.processors.OttimateAttributes;
import com.ottimate.nifi.processors.fetching.AbstractFetchOttimate;
import com.ottimate.nifi.processors.records.OutputStrategy;
import com.ottimate.nifi.processors.resources.ApiResource;
import com.ottimate.nifi.processors.resources.QueryFilter;
import com.ottimate.nifi.processors.resources.QueryFilter.Kind;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;

import java.util.ArrayList;
import java.util.List;

@Tags({"ottimate", "invoice", "receiver", "receiving", "catalog", "export", "records"})
@CapabilityDescription("For each incoming flowfile, reads the catalog-matched lines of the exported invoices of one company and location, "
        + "for receiving or inventory systems [GET /v1/invoices/receiver-export].")
@UseCase(description = "Feed a receiving system with the lines of invoices exported since the last run.",
        configuration = """
                GenerateFlowFile on a schedule -> this processor with Company ID and Location ID, Exported After ${last.run},
                Output Strategy "Records" -> PutDatabaseRecord.
                """)
@SeeAlso({MarkOttimateInvoicesExported.class, ListOttimateInvoices.class})
@WritesAttributes({
        @WritesAttribute(attribute = "record.count", description = "Invoices in the flowfile (Records output)"),
        @WritesAttribute(attribute = "ottimate.invoice.count", description = "Exported invoices found"),
        @WritesAttribute(attribute = OttimateAttributes.INVOICE_ID, description = "Invoice id (one flowfile per invoice)"),
        @WritesAttribute(attribute = OttimateAttributes.STATUS_CODE, description = "On failure or retry: HTTP status of the last attempt"),
        @WritesAttribute(attribute = OttimateAttributes.REQUEST_ID, description = "On failure or retry: the API's request id"),
        @WritesAttribute(attribute = OttimateAttributes.ATTEMPTS, description = "On failure or retry: attempts made"),
        @WritesAttribute(attribute = OttimateAttributes.REQUESTS_TODAY, description = "On failure or retry: requests the connection sent today (UTC)"),
        @WritesAttribute(attribute = OttimateAttributes.ERROR_CODE, description = "On failure or retry: the error code"),
        @WritesAttribute(attribute = OttimateAttributes.ERROR_MESSAGE, description = "On failure or retry: what went wrong"),
        @WritesAttribute(attribute = "mime.type", description = "application/json, or the Record Writer's type")
})
public class FetchOttimateReceiverExport extends AbstractFetchOttimate {

    static final List<QueryFilter.Property> FILTERS = List.of(
            QueryFilter.required("Company ID", "ottimate_company_id", Kind.INTEGER, "ottimate_company_id of the company.").onFlowFile(),
            QueryFilter.required("Location ID", "ottimate_location_id", Kind.INTEGER, "ottimate_location_id of the location.").onFlowFile(),
            QueryFilter.optional("Exported After", "exported_after_utc", Kind.TIMESTAMP, "Only invoices exported after this time.").onFlowFile(),
            QueryFilter.optional("Exported Before", "exported_before_utc", Kind.TIMESTAMP, "Only invoices exported before this time.").onFlowFile(),
            QueryFilter.optional("Vendor ID", "vendor_id", Kind.TEXT, "Only this vendor's invoices.").onFlowFile());

    public static final PropertyDescriptor PAGE_SIZE = new PropertyDescriptor.Builder()
            .fromPropertyDescriptor(QUERY_PAGE_SIZE)
            .description("Invoices per request (1 to 200).")
            .defaultValue("200")
            .build();

    public static final PropertyDescriptor OUTPUT_STRATEGY = OutputStrategy.PROPERTY;

    static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS;

    static {
        final List<PropertyDescriptor> descriptors = new ArrayList<>(List.of(CONNECTION_SERVICE));
        descriptors.addAll(QueryFilter.descriptors(FILTERS));
        descriptors.addAll(List.of(PAGE_SIZE, OUTPUT_STRATEGY, RECORD_WRITER));
        PROPERTY_DESCRIPTORS = List.copyOf(descriptors);
    }

    public FetchOttimateReceiverExport() {
        showRelationships(true);
    }

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    public void onTrigger(final ProcessContext context, final ProcessSession session) {
        final FlowFile flowFile = session.get();
        if (flowFile == null) {
            return;
        }
        final OttimateRequest request;
        try {
            request = QueryFilter.apply(ApiResource.RECEIVER_EXPORT.list(null), FILTERS, context, flowFile).build();
        } catch (final QueryFilter.InvalidFilter e) {
            routeBadInput(session, flowFile, "invalid_filter", e.getMessage());
            return;
        }
        if (!request.encodedQuery().contains("ottimate_company_id=") || !request.encodedQuery().contains("ottimate_location_id=")) {
            routeBadInput(session, flowFile, "missing_scope", "Company ID and Location ID are both required; one evaluated to an empty value for " + flowFile);
            return;
        }
        query(context, session, flowFile, ApiResource.RECEIVER_EXPORT, request, "Reading the receiver export for " + flowFile);
    }
}
