package com.ottimate.nifi.processors.masterdata;

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
@Tags({"ottimate", "account", "company", "location", "structure", "master data", "records"})
@CapabilityDescription("Reads the read-only account structure: accounts (GET /v1/accounts), or the companies or locations of an account "
        + "(GET /v1/accounts/{id}/companies, /locations), following every page. The account id comes from Account ID (Expression "
        + "Language); left empty, every account the connection's credentials can see is read first and each is used. Start-up "
        + "order for a new integration: companies and locations first, to map ids.")
@WritesAttributes({
        @WritesAttribute(attribute = "ottimate.object.id", description = "Id of the account, company or location (one flowfile per object)"),
        @WritesAttribute(attribute = "record.count", description = "Objects in the flowfile (Records output)")
})
public class FetchOttimateAccountStructure extends AbstractOttimateProcessor {

    public enum Resource implements Choice {
        ACCOUNTS("Accounts", null, "Accounts linked to the client's partner associations"),
        COMPANIES("Companies", "companies", "Companies of the account"),
        LOCATIONS("Locations", "locations", "Locations of the account, with their company and group");

        private final Label label;
        private final String segment;

        Resource(final String displayName, final String segment, final String description) {
            this.segment = segment;
            this.label = new Label(displayName, description);
        }

        @Override
        public Label label() {
            return label;
        }
    }

    static final RecordSchema SCHEMA = new SimpleRecordSchema(List.of(
            new RecordField("id", RecordFieldType.STRING.getDataType()),
            new RecordField("name", RecordFieldType.STRING.getDataType()),
            new RecordField("plan", RecordFieldType.STRING.getDataType()),
            new RecordField("company_count", RecordFieldType.LONG.getDataType()),
            new RecordField("location_count", RecordFieldType.LONG.getDataType()),
            new RecordField("company", RecordFieldType.STRING.getDataType()),
            new RecordField("location_group", RecordFieldType.MAP.getMapDataType(RecordFieldType.STRING.getDataType())),
            new RecordField("group", RecordFieldType.MAP.getMapDataType(RecordFieldType.STRING.getDataType())),
            new RecordField("created_date", RecordFieldType.STRING.getDataType()),
            new RecordField("created_date_utc", RecordFieldType.STRING.getDataType())));

    public static final PropertyDescriptor RESOURCE = new PropertyDescriptor.Builder()
            .name("Resource")
            .description("What to read.")
            .required(true)
            .allowableValues(Resource.class)
            .defaultValue(Resource.LOCATIONS)
            .build();

    public static final PropertyDescriptor ACCOUNT_ID = new PropertyDescriptor.Builder()
            .name("Account ID")
            .description("racc_… id of the account. Empty: every account visible to the connection's credentials.")
            .required(false)
            .dependsOn(RESOURCE, Resource.COMPANIES, Resource.LOCATIONS)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .build();

    public static final PropertyDescriptor SEARCH = new PropertyDescriptor.Builder()
            .name("Search")
            .description("Free-text filter on names.")
            .required(false)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .build();

    public static final PropertyDescriptor OUTPUT_STRATEGY = AbstractFetchOttimateMasterData.OUTPUT_STRATEGY;
    public static final PropertyDescriptor RECORD_WRITER = AbstractFetchOttimateMasterData.RECORD_WRITER;

    static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(CONNECTION_SERVICE, RESOURCE, ACCOUNT_ID, SEARCH, OUTPUT_STRATEGY, RECORD_WRITER);
    static final Set<Relationship> RELATIONSHIPS = Set.of(REL_SUCCESS, AbstractFetchOttimateMasterData.REL_ORIGINAL, REL_NOT_FOUND, REL_FAILURE, REL_RETRY);

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
        final String search = context.getProperty(SEARCH).evaluateAttributeExpressions(input).getValue();
        final OutputStrategy strategy = context.getProperty(OUTPUT_STRATEGY).asAllowableValue(OutputStrategy.class);
        final RecordSetWriterFactory writers = strategy == OutputStrategy.RECORDS
                ? context.getProperty(RECORD_WRITER).asControllerService(RecordSetWriterFactory.class) : null;
        try {
            final List<String> accounts = new ArrayList<>();
            if (resource != Resource.ACCOUNTS) {
                final String configured = context.getProperty(ACCOUNT_ID).evaluateAttributeExpressions(input).getValue();
                if (configured != null && !configured.isBlank()) {
                    accounts.add(configured.strip());
                } else {
                    final OttimateResult listed = Pages.forEach(connection::execute, OttimateRequest.get("accounts").build(), "results", 100,
                            (items, page) -> {
                                items.forEach(account -> accounts.add(account.path("id").asText()));
                                return true;
                            });
                    if (!(listed instanceof OttimateResult.Success)) {
                        routeOrYield(context, session, input, listed, null, "Listing accounts");
                        return;
                    }
                }
            } else {
                accounts.add(null);
            }
            try (JsonObjectSink sink = JsonObjectSink.of(strategy, session, input, writers, SCHEMA, getLogger(),
                    object -> Map.of("ottimate.object.id", object.path("id").asText()))) {
                for (final String account : accounts) {
                    final OttimateRequest request = (account == null ? OttimateRequest.get("accounts")
                            : OttimateRequest.get("accounts", account, resource.segment)).query("search", search).build();
                    final OttimateResult result = Pages.forEach(connection::execute, request, "results", 100, (items, page) -> {
                        for (final JsonNode object : items) {
                            sink.accept(object);
                        }
                        return true;
                    });
                    if (!(result instanceof OttimateResult.Success)) {
                        sink.discard();
                        routeOrYield(context, session, input, result, null, "Reading " + resource.getDisplayName().toLowerCase(java.util.Locale.ROOT)
                                + (account == null ? "" : " of account " + account));
                        return;
                    }
                }
                sink.complete(REL_SUCCESS, Map.of("ottimate.object.count", Integer.toString(sink.count())),
                        connection.uriOf(OttimateRequest.get("accounts").build()).toString());
                if (input != null) {
                    session.transfer(input, AbstractFetchOttimateMasterData.REL_ORIGINAL);
                }
            }
        } catch (final Exception e) {
            throw new ProcessException("Reading the account structure failed: " + e.getMessage(), e);
        }
    }
}
