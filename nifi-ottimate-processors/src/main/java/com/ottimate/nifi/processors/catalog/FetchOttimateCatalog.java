package com.ottimate.nifi.processors.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.ottimate.nifi.client.OttimateRequest;
import com.ottimate.nifi.client.OttimateResult;
import com.ottimate.nifi.client.Pages;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.records.JsonObjectSink;
import com.ottimate.nifi.processors.records.OutputStrategy;
import com.ottimate.nifi.services.OttimateConnectionService;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.PrimaryNodeOnly;
import org.apache.nifi.annotation.behavior.TriggerSerially;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.Tags;
import com.ottimate.nifi.services.Choice;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

@PrimaryNodeOnly
@TriggerSerially
@InputRequirement(InputRequirement.Requirement.INPUT_ALLOWED)
@Tags({"ottimate", "catalog", "price book", "allowance", "variance", "records", "list", "fetch"})
@CapabilityDescription("Reads the catalog: lists entries, allowances or price variances of a company (every page), fetches one entry by id "
        + "(GET /v1/catalog/entries/{id}), or the invoice items behind a variance (GET /v1/catalog/variances/{id}/invoice-items). "
        + "The catalog API offers no modification filter, so a listing reads everything each time; filters come from properties "
        + "(Expression Language, evaluated against an incoming flowfile when there is one).")
@WritesAttributes({
        @WritesAttribute(attribute = "ottimate.catalog.count", description = "Objects emitted"),
        @WritesAttribute(attribute = "ottimate.object.id", description = "Object id (one flowfile per object)"),
        @WritesAttribute(attribute = "record.count", description = "Objects in the flowfile (Records output)")
})
public class FetchOttimateCatalog extends AbstractOttimateProcessor {

    private static RecordSchema schema(final List<String> strings, final List<String> doubles) {
        final List<RecordField> fields = new ArrayList<>();
        fields.add(new RecordField("ottimate_company_id", RecordFieldType.LONG.getDataType()));
        strings.forEach(name -> fields.add(new RecordField(name, RecordFieldType.STRING.getDataType())));
        doubles.forEach(name -> fields.add(new RecordField(name, RecordFieldType.DOUBLE.getDataType())));
        return new SimpleRecordSchema(fields);
    }

    static final RecordSchema ENTRY = schema(List.of("id", "item_name", "reference_id", "catalog_unique_key", "sku", "upc", "buying_format",
            "pack_size", "size", "uom", "price", "unit_price", "last_purchased_price", "erp_vendor_id", "erp_vendor_name", "is_split_case"), List.of());
    static final RecordSchema ALLOWANCE = schema(List.of("id", "catalog_entry_id", "allowance_type", "target", "start_date", "end_date"),
            List.of("amount", "unit_allowance"));
    static final RecordSchema VARIANCE_ITEM = schema(List.of("id", "invoice_id", "item_name", "invoice_date"),
            List.of("quantity", "price", "price_variance", "effective_price"));

    public enum Resource implements Choice {
        ENTRIES("Catalog Entries", ENTRY, "List catalog entries"),
        ENTRY_BY_ID("Catalog Entry by ID", ENTRY, "One entry by its id (cte_…)"),
        ALLOWANCES("Allowances", ALLOWANCE, "List allowances, discounts and rebates"),
        VARIANCES("Variances", ENTRY, "List catalog entries with price variances"),
        VARIANCE_INVOICE_ITEMS("Variance Invoice Items", VARIANCE_ITEM, "The invoice lines behind one entry's variance");

        private final Label label;
        private final RecordSchema schema;

        Resource(final String displayName, final RecordSchema schema, final String description) {
            this.schema = schema;
            this.label = new Label(displayName, description);
        }

        @Override
        public Label label() {
            return label;
        }
    }

    public static final PropertyDescriptor RESOURCE = new PropertyDescriptor.Builder()
            .name("Resource").description("What to read.").required(true)
            .allowableValues(Resource.class).defaultValue(Resource.ENTRIES).build();

    public static final PropertyDescriptor COMPANY_ID = new PropertyDescriptor.Builder()
            .name("Company ID").description("ottimate_company_id of the catalog.").required(true)
            .dependsOn(RESOURCE, Resource.ENTRIES, Resource.ALLOWANCES, Resource.VARIANCES)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR).expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES).build();

    public static final PropertyDescriptor ENTRY_ID = new PropertyDescriptor.Builder()
            .name("Catalog Entry ID").description("Id (cte_…) of the entry to read, or whose variance invoice items to read.").required(true)
            .defaultValue("${ottimate.object.id}")
            .dependsOn(RESOURCE, Resource.ENTRY_BY_ID, Resource.VARIANCE_INVOICE_ITEMS)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR).expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES).build();

    public static final PropertyDescriptor VENDOR_ID = new PropertyDescriptor.Builder()
            .name("ERP Vendor ID").description("Only this vendor's entries (erp_vendor_id).").required(false)
            .dependsOn(RESOURCE, Resource.ENTRIES)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR).expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES).build();

    public static final PropertyDescriptor OUTPUT_STRATEGY = OutputStrategy.PROPERTY;

    public static final PropertyDescriptor RECORD_WRITER = OutputStrategy.RECORD_WRITER;

    public static final Relationship REL_ORIGINAL = new Relationship.Builder()
            .name("original").description("An incoming flowfile, once what it asked for was emitted.").build();

    static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(CONNECTION_SERVICE, RESOURCE, COMPANY_ID, ENTRY_ID, VENDOR_ID,
            OUTPUT_STRATEGY, RECORD_WRITER);
    static final Set<Relationship> RELATIONSHIPS = Set.of(REL_SUCCESS, REL_ORIGINAL, REL_NOT_FOUND, REL_FAILURE, REL_RETRY);

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
        final FlowFile input = context.hasIncomingConnection() ? session.get() : null;
        if (context.hasIncomingConnection() && input == null) {
            return;
        }
        final Resource resource = context.getProperty(RESOURCE).asAllowableValue(Resource.class);
        final OttimateConnectionService connection = connection(context);
        final String id = resource == Resource.ENTRY_BY_ID || resource == Resource.VARIANCE_INVOICE_ITEMS
                ? context.getProperty(ENTRY_ID).evaluateAttributeExpressions(input).getValue() : null;
        final String company = id == null ? context.getProperty(COMPANY_ID).evaluateAttributeExpressions(input).getValue() : null;
        if ((id == null && (company == null || company.isBlank())) || (id != null && id.isBlank())) {
            routeOrYield(context, session, input, null, "missing_id", resource.getDisplayName() + " needs " + (id == null ? "Company ID" : "Catalog Entry ID"));
            return;
        }
        final OttimateRequest request = switch (resource) {
            case ENTRIES -> OttimateRequest.get("catalog", "entries").query("ottimate_company_id", company.strip())
                    .query("erp_vendor_id", context.getProperty(VENDOR_ID).evaluateAttributeExpressions(input).getValue()).build();
            case ALLOWANCES -> OttimateRequest.get("catalog", "allowances").query("ottimate_company_id", company.strip()).build();
            case VARIANCES -> OttimateRequest.get("catalog", "variances").query("ottimate_company_id", company.strip()).build();
            case ENTRY_BY_ID -> OttimateRequest.get("catalog", "entries", id.strip()).build();
            case VARIANCE_INVOICE_ITEMS -> OttimateRequest.get("catalog", "variances", id.strip(), "invoice-items").build();
        };
        final OutputStrategy strategy = context.getProperty(OUTPUT_STRATEGY).asAllowableValue(OutputStrategy.class);
        final RecordSetWriterFactory writers = strategy == OutputStrategy.RECORDS
                ? context.getProperty(RECORD_WRITER).asControllerService(RecordSetWriterFactory.class) : null;
        try (JsonObjectSink sink = JsonObjectSink.of(strategy, session, input, writers, resource.schema, getLogger(),
                object -> Map.of("ottimate.object.id", object.path("id").asText()))) {
            final OttimateResult result;
            if (resource == Resource.ENTRY_BY_ID) {
                result = connection.execute(request);
                if (result instanceof OttimateResult.Success success) {
                    sink.accept(success.body());
                }
            } else {
                result = Pages.forEach(connection::execute, request, "results", 100, (items, page) -> {
                    for (final JsonNode object : items) {
                        sink.accept(object);
                    }
                    return true;
                });
            }
            if (!(result instanceof OttimateResult.Success)) {
                sink.discard();
                routeOrYield(context, session, input, result, null, "Reading " + resource.getDisplayName().toLowerCase(java.util.Locale.ROOT));
                return;
            }
            sink.complete(REL_SUCCESS, Map.of("ottimate.catalog.count", Integer.toString(sink.count())), connection.uriOf(request).toString());
            if (input != null) {
                session.transfer(session.putAttribute(input, "ottimate.catalog.count", Integer.toString(sink.count())), REL_ORIGINAL);
            }
        } catch (final Exception e) {
            throw new ProcessException("Reading the catalog failed: " + e.getMessage(), e);
        }
    }
}
