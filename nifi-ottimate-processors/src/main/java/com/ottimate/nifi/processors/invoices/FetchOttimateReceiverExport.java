package com.ottimate.nifi.processors.invoices;

import com.fasterxml.jackson.databind.JsonNode;
import com.ottimate.nifi.client.OttimateRequest;
import com.ottimate.nifi.client.OttimateResult;
import com.ottimate.nifi.client.Pages;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.OttimateAttributes;
import com.ottimate.nifi.processors.records.JsonObjectSink;
import com.ottimate.nifi.processors.records.OutputStrategy;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.exception.ProcessException;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;

import java.util.List;
import java.util.Map;
import java.util.Set;

@InputRequirement(InputRequirement.Requirement.INPUT_REQUIRED)
@Tags({"ottimate", "invoice", "receiver", "receiving", "catalog", "export", "records"})
@CapabilityDescription("Reads the catalog-matched lines of exported invoices for one company and location (GET /v1/invoices/receiver-export), "
        + "following every page, for receiving or inventory systems. Each incoming flowfile runs one query; filters come from its attributes.")
@SeeAlso({MarkOttimateInvoicesExported.class})
@WritesAttributes({
        @WritesAttribute(attribute = "record.count", description = "Invoices in the flowfile (Records output)"),
        @WritesAttribute(attribute = "ottimate.invoice.count", description = "Exported invoices found"),
        @WritesAttribute(attribute = OttimateAttributes.INVOICE_ID, description = "Invoice id (one flowfile per invoice)"),
        @WritesAttribute(attribute = OttimateAttributes.ERROR_CODE, description = "On failure or retry: the error code"),
        @WritesAttribute(attribute = OttimateAttributes.ERROR_MESSAGE, description = "On failure or retry: what went wrong")
})
public class FetchOttimateReceiverExport extends AbstractOttimateProcessor {
    static final RecordSchema SCHEMA = new SimpleRecordSchema(List.of(
            new RecordField("ottimate_invoice_id", RecordFieldType.STRING.getDataType()),
            new RecordField("receiver_lines", RecordFieldType.ARRAY.getArrayDataType(
                    RecordFieldType.MAP.getMapDataType(RecordFieldType.STRING.getDataType())))));

    public static final PropertyDescriptor COMPANY_ID = required("Company ID", "ottimate_company_id of the company.", "${ottimate.company.id}");
    public static final PropertyDescriptor LOCATION_ID = required("Location ID", "ottimate_location_id of the location.", "${ottimate.location.id}");

    public static final PropertyDescriptor EXPORTED_AFTER = optional("Exported After", "Only invoices exported at or after this time (ISO 8601 with offset, UTC).");
    public static final PropertyDescriptor EXPORTED_BEFORE = optional("Exported Before", "Only invoices exported before this time (ISO 8601 with offset, UTC).");

    public static final PropertyDescriptor PAGE_SIZE = new PropertyDescriptor.Builder()
            .name("Page Size")
            .description("Invoices per request (1 to 200).")
            .required(true)
            .defaultValue("200")
            .addValidator(StandardValidators.createLongValidator(1, 200, true))
            .build();

    public static final PropertyDescriptor OUTPUT_STRATEGY = OutputStrategy.PROPERTY;

    public static final PropertyDescriptor RECORD_WRITER = new PropertyDescriptor.Builder()
            .fromPropertyDescriptor(OutputStrategy.RECORD_WRITER)
            .description("Writes {ottimate_invoice_id, receiver_lines[]} records; line values are kept as strings.")
            .build();

    static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(CONNECTION_SERVICE, COMPANY_ID, LOCATION_ID, EXPORTED_AFTER,
            EXPORTED_BEFORE, PAGE_SIZE, OUTPUT_STRATEGY, RECORD_WRITER);
    static final Set<Relationship> RELATIONSHIPS = Set.of(REL_SUCCESS, ListOttimateInvoices.REL_ORIGINAL, REL_FAILURE, REL_RETRY);

    private static PropertyDescriptor required(final String name, final String description, final String defaultValue) {
        return new PropertyDescriptor.Builder().name(name).description(description).required(true).defaultValue(defaultValue)
                .addValidator(StandardValidators.NON_BLANK_VALIDATOR).expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES).build();
    }

    private static PropertyDescriptor optional(final String name, final String description) {
        return new PropertyDescriptor.Builder().name(name).description(description).required(false)
                .addValidator(StandardValidators.NON_BLANK_VALIDATOR).expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES).build();
    }

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    public Set<Relationship> getRelationships() {
        return RELATIONSHIPS;
    }

    @Override
    public void onTrigger(final ProcessContext context, final ProcessSession session) {
        final FlowFile query = session.get();
        if (query == null) {
            return;
        }
        final String company = context.getProperty(COMPANY_ID).evaluateAttributeExpressions(query).getValue();
        final String location = context.getProperty(LOCATION_ID).evaluateAttributeExpressions(query).getValue();
        if (company == null || company.isBlank() || location == null || location.isBlank()) {
            routeBadInput(session, query, "missing_scope", "Company ID and Location ID are both required; got '" + company + "' and '" + location + "'");
            return;
        }
        final OttimateRequest request = OttimateRequest.get("invoices", "receiver-export")
                .query("ottimate_company_id", company.strip())
                .query("ottimate_location_id", location.strip())
                .query("exported_after_utc", context.getProperty(EXPORTED_AFTER).evaluateAttributeExpressions(query).getValue())
                .query("exported_before_utc", context.getProperty(EXPORTED_BEFORE).evaluateAttributeExpressions(query).getValue())
                .build();
        final OutputStrategy strategy = context.getProperty(OUTPUT_STRATEGY).asAllowableValue(OutputStrategy.class);
        final RecordSetWriterFactory writers = strategy == OutputStrategy.RECORDS
                ? context.getProperty(RECORD_WRITER).asControllerService(RecordSetWriterFactory.class) : null;
        try (JsonObjectSink sink = JsonObjectSink.of(strategy, session, query, writers, SCHEMA, getLogger(),
                entry -> Map.of(OttimateAttributes.INVOICE_ID, entry.path("ottimate_invoice_id").asText()))) {
            final OttimateResult result = Pages.forEach(connection(context)::execute, request, "results",
                    context.getProperty(PAGE_SIZE).asInteger(), (items, page) -> {
                        for (final JsonNode entry : items) {
                            sink.accept(entry);
                        }
                        return true;
                    });
            if (!(result instanceof OttimateResult.Success)) {
                sink.discard();
                routeUnsuccessful(session, query, result, "Reading the receiver export for location " + location.strip());
                return;
            }
            final int count = sink.complete(REL_SUCCESS, Map.of("ottimate.invoice.count", Integer.toString(sink.count())),
                    connection(context).uriOf(request).toString());
            session.transfer(session.putAttribute(query, "ottimate.invoice.count", Integer.toString(count)), ListOttimateInvoices.REL_ORIGINAL);
        } catch (final Exception e) {
            throw new ProcessException("Reading the receiver export failed: " + e.getMessage(), e);
        }
    }
}
