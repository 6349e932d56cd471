/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.invoices;

import com.fasterxml.jackson.databind.JsonNode;
import com.ottimate.nifi.client.model.OttimateRequest;
import com.ottimate.nifi.processors.OttimateAttributes;
import com.ottimate.nifi.processors.fetching.AbstractFetchByIdOrQuery;
import com.ottimate.nifi.processors.resources.ApiResource;
import com.ottimate.nifi.processors.resources.QueryFilter;
import com.ottimate.nifi.services.DescribedEnum;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.processor.ProcessContext;

import java.util.List;
import java.util.Map;

@Tags({"ottimate", "invoice", "accounts payable", "fetch", "get", "query", "json", "records"})
@CapabilityDescription("For each incoming flowfile, reads one Ottimate invoice with its line items by id, or runs an invoice query with "
        + "filters taken from the flowfile's attributes [GET /v1/invoices/{id}, /v1/invoices].")
@UseCase(description = "Add an invoice's lines and history to a flowfile that names it, e.g. after ListOttimateInvoices with one flowfile per invoice.",
        configuration = """
                Fetch Strategy "By ID", Invoice ID ${ottimate.invoice.id}, Expand "History and GL Splits" if needed.
                Connect not found and failure to a review queue; retry back to this processor.
                """)
@UseCase(description = "Answer a question about invoices on demand, e.g. a nightly report of unpaid invoices per location.",
        configuration = """
                GenerateFlowFile (or any trigger) with an attribute per filter -> this processor with Fetch Strategy "By Query",
                Payment Status "unpaid", Location IDs ${location.ids}, Output Strategy "Records", a CSVRecordSetWriter.
                """)
@SeeAlso({ListOttimateInvoices.class, PutOttimateInvoice.class, ApproveOttimateInvoice.class})
@WritesAttributes({
        @WritesAttribute(attribute = OttimateAttributes.INVOICE_ID, description = "Id of the fetched invoice (By ID), or of each invoice (By Query, one flowfile per invoice)"),
        @WritesAttribute(attribute = "ottimate.invoice.status", description = "The invoice's status, e.g. pending-approval (By ID, and By Query one flowfile per invoice)"),
        @WritesAttribute(attribute = "ottimate.invoice.last.modified", description = "last_modified_date_utc of the invoice (By ID, and By Query one flowfile per invoice)"),
        @WritesAttribute(attribute = "ottimate.invoice.count", description = "By Query: invoices the query found"),
        @WritesAttribute(attribute = "record.count", description = "By Query: invoices in the flowfile (Records output)"),
        @WritesAttribute(attribute = OttimateAttributes.STATUS_CODE, description = "HTTP status of the last attempt"),
        @WritesAttribute(attribute = OttimateAttributes.REQUEST_ID, description = "The API's request id"),
        @WritesAttribute(attribute = OttimateAttributes.ATTEMPTS, description = "Attempts made, including retries"),
        @WritesAttribute(attribute = OttimateAttributes.REQUESTS_TODAY, description = "Requests the connection sent today (UTC)"),
        @WritesAttribute(attribute = OttimateAttributes.ERROR_CODE, description = "On failure, retry or not found: the error code"),
        @WritesAttribute(attribute = OttimateAttributes.ERROR_MESSAGE, description = "On failure, retry or not found: what went wrong"),
        @WritesAttribute(attribute = "mime.type", description = "application/json, or the Record Writer's type")
})
public class FetchOttimateInvoice extends AbstractFetchByIdOrQuery {

    /** What GET /invoices/{id}?expand= adds. */
    public enum Expansion implements DescribedEnum {
        NONE("None", null, "Header and line items only"),
        HISTORY("History", "history", "Add the invoice's history"),
        GL_SPLITS("GL Splits", "gl_splits", "Add general-ledger splits"),
        ALL("History and GL Splits", "history,gl_splits", "Add both");

        private final Label label;
        private final String value;

        Expansion(final String displayName, final String value, final String description) {
            this.value = value;
            this.label = new Label(displayName, description);
        }

        String queryValue() {
            return value;
        }

        @Override
        public Label label() {
            return label;
        }
    }

    public static final PropertyDescriptor INVOICE_ID = new PropertyDescriptor.Builder()
            .fromPropertyDescriptor(InvoiceProperties.INVOICE_ID)
            .dependsOn(FETCH_STRATEGY, FetchStrategy.BY_ID)
            .build();

    public static final PropertyDescriptor EXPAND = new PropertyDescriptor.Builder()
            .name("Expand")
            .description("Extra sections to include in the answer.")
            .required(true)
            .allowableValues(Expansion.class)
            .defaultValue(Expansion.NONE)
            .dependsOn(FETCH_STRATEGY, FetchStrategy.BY_ID)
            .build();

    static final List<QueryFilter.Property> FILTERS = queryFilters(ApiResource.INVOICES);
    static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = descriptors(FILTERS, INVOICE_ID, EXPAND);

    public FetchOttimateInvoice() {
        super(ApiResource.INVOICES, INVOICE_ID, FILTERS);
    }

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    protected OttimateRequest byId(final ProcessContext context, final String id) {
        return ApiResource.INVOICES.one(id).query("expand", context.getProperty(EXPAND).asAllowableValue(Expansion.class).queryValue()).build();
    }

    @Override
    protected Map<String, String> extraAttributes(final JsonNode invoice) {
        return Map.of("ottimate.invoice.status", invoice.path("status").asText(""));
    }
}
