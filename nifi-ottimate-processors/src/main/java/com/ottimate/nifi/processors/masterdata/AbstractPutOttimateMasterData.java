package com.ottimate.nifi.processors.masterdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.nifi.client.OttimateRequest;
import com.ottimate.nifi.client.OttimateResult;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.ContentKeys;
import com.ottimate.nifi.processors.records.RecordBatches;
import com.ottimate.nifi.processors.records.RecordJson;
import com.ottimate.nifi.processors.records.RecordOutcomes;
import com.ottimate.nifi.services.OttimateConnectionService;
import com.ottimate.nifi.services.Choice;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.exception.ProcessException;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.record.Record;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes vendors or dimensions from records: bulk upserts of up to 100 per call (201, or 207 with per-index
 * errors) or one create per record; per-record outcomes go to success, failure and retry record sets.
 */
public abstract class AbstractPutOttimateMasterData extends AbstractOttimateProcessor {

    public enum Operation implements Choice {
        BULK_UPSERT("Bulk Upsert", "Create or update up to Batch Size objects per call, matched on their business key"),
        CREATE("Create One by One", "One create call per record");

        private final Label label;

        Operation(final String displayName, final String description) {
            this.label = new Label(displayName, description);
        }

        @Override
        public Label label() {
            return label;
        }
    }

    public static final PropertyDescriptor RECORD_READER = new PropertyDescriptor.Builder()
            .name("Record Reader")
            .description("Reads the objects, one per record, with the API's field names.")
            .required(true)
            .identifiesControllerService(RecordReaderFactory.class)
            .build();

    public static final PropertyDescriptor RECORD_WRITER = new PropertyDescriptor.Builder()
            .name("Record Writer")
            .description("Writes the success, failure and retry record sets: each record as read, plus ottimate_id, ottimate_status_code, "
                    + "ottimate_error_code and ottimate_error_message.")
            .required(true)
            .identifiesControllerService(RecordSetWriterFactory.class)
            .build();

    public static final PropertyDescriptor COMPANY_ID = new PropertyDescriptor.Builder()
            .name("Company ID")
            .description("ottimate_company_id the objects belong to.")
            .required(true)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .build();

    public static final PropertyDescriptor OPERATION = new PropertyDescriptor.Builder()
            .name("Operation")
            .description("Bulk upsert (fewest requests) or one create per record.")
            .required(true)
            .allowableValues(Operation.class)
            .defaultValue(Operation.BULK_UPSERT)
            .build();

    public static final PropertyDescriptor BATCH_SIZE = new PropertyDescriptor.Builder()
            .name("Batch Size")
            .description("Objects per bulk call (the API takes at most 100).")
            .required(true)
            .defaultValue("100")
            .dependsOn(OPERATION, Operation.BULK_UPSERT)
            .addValidator(StandardValidators.createLongValidator(1, 100, true))
            .build();

    public static final Relationship REL_ORIGINAL = new Relationship.Builder()
            .name("original")
            .description("The incoming flowfile, once its records were split into success, failure and retry.")
            .build();

    static final Set<Relationship> RELATIONSHIPS = Set.of(REL_SUCCESS, REL_FAILURE, REL_RETRY, REL_ORIGINAL);
    private static final Map<RecordOutcomes.Outcome, Relationship> OUTCOMES = Map.of(RecordOutcomes.Outcome.SUCCESS, REL_SUCCESS,
            RecordOutcomes.Outcome.FAILURE, REL_FAILURE, RecordOutcomes.Outcome.RETRY, REL_RETRY);

    private final MasterDataResource resource;
    private final PropertyDescriptor bulkPath;

    protected AbstractPutOttimateMasterData(final MasterDataResource resource) {
        this.resource = resource;
        this.bulkPath = new PropertyDescriptor.Builder()
                .name("Bulk Path")
                .description("Path of the bulk endpoint below /v1. The release plan's spelling is the default; the API reference also "
                        + "documents /" + resource.path() + "/bulk.")
                .required(true)
                .defaultValue(resource.path() + "/bulk-create")
                .dependsOn(OPERATION, Operation.BULK_UPSERT)
                .addValidator(StandardValidators.createRegexMatchingValidator(java.util.regex.Pattern.compile("[a-z0-9-]+(/[a-z0-9-]+)*")))
                .build();
    }

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return List.of(CONNECTION_SERVICE, RECORD_READER, RECORD_WRITER, COMPANY_ID, OPERATION, BATCH_SIZE, bulkPath);
    }

    @Override
    public Set<Relationship> getRelationships() {
        return RELATIONSHIPS;
    }

    @Override
    public void onTrigger(final ProcessContext context, final ProcessSession session) {
        final FlowFile flowFile = session.get();
        if (flowFile == null) {
            return;
        }
        final String company = context.getProperty(COMPANY_ID).evaluateAttributeExpressions(flowFile).getValue();
        if (company == null || !company.strip().matches("\\d{1,18}")) {
            routeBadInput(session, flowFile, "invalid_company_id", "Company ID evaluated to '" + company + "'; expected an integer ottimate_company_id");
            return;
        }
        final boolean bulk = context.getProperty(OPERATION).asAllowableValue(Operation.class) == Operation.BULK_UPSERT;
        final int batchSize = bulk ? context.getProperty(BATCH_SIZE).asInteger() : 1;
        final OttimateConnectionService connection = connection(context);
        final RecordReaderFactory readers = context.getProperty(RECORD_READER).asControllerService(RecordReaderFactory.class);
        final RecordOutcomes outcomes = new RecordOutcomes(session, flowFile, context.getProperty(RECORD_WRITER)
                .asControllerService(RecordSetWriterFactory.class), getLogger());
        final long companyId = Long.parseLong(company.strip());
        String unreadable = null;
        try {
            RecordBatches.forEach(session, flowFile, readers, getLogger(), batchSize,
                    (index, records) -> send(connection, context, companyId, bulk, records, outcomes));
        } catch (final RecordBatches.Unreadable e) {
            unreadable = e.getMessage();
        } catch (final IOException e) {
            throw new ProcessException("Sending " + resource.path() + " of " + flowFile + " failed: " + e.getMessage(), e);
        }
        final Map<RecordOutcomes.Outcome, Integer> counts;
        try {
            counts = outcomes.complete(OUTCOMES, Map.of(), connection.uriOf(OttimateRequest.get(resource.path()).build()).toString());
        } catch (final IOException e) {
            throw new ProcessException("Writing record sets for " + flowFile + " failed: " + e.getMessage(), e);
        }
        session.adjustCounter(resource.path() + " succeeded", counts.getOrDefault(RecordOutcomes.Outcome.SUCCESS, 0), false);
        session.adjustCounter(resource.path() + " failed", counts.getOrDefault(RecordOutcomes.Outcome.FAILURE, 0), false);
        if (unreadable != null) {
            routeBadInput(session, flowFile, "invalid_records", unreadable);
        } else {
            session.transfer(flowFile, REL_ORIGINAL);
        }
    }

    private void send(final OttimateConnectionService connection, final ProcessContext context, final long companyId, final boolean bulk,
                      final List<Record> records, final RecordOutcomes outcomes) throws IOException {
        if (!bulk) {
            final ObjectNode body = RecordJson.toJson(records.getFirst());
            body.put("ottimate_company_id", companyId);
            final byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            final OttimateResult result = connection.execute(OttimateRequest.post(resource.path()).json(bytes)
                    .idempotencyKey(ContentKeys.of(resource.singleField(), bytes)).build());
            final JsonNode created = result instanceof OttimateResult.Success s && s.body().has(resource.singleField())
                    ? s.body().get(resource.singleField()) : result instanceof OttimateResult.Success s2 ? s2.body() : null;
            recordAll(outcomes, records, result, created == null ? null : created.path("id").asText(null));
            return;
        }
        final ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("ottimate_company_id", companyId);
        final ArrayNode items = body.putArray(resource.listField());
        records.forEach(record -> {
            final ObjectNode item = RecordJson.toJson(record);
            item.remove("ottimate_company_id");
            items.add(item);
        });
        final byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        final String[] path = context.getProperty(bulkPath).getValue().split("/");
        final OttimateResult result = connection.execute(OttimateRequest.post(path).json(bytes)
                .idempotencyKey(ContentKeys.of(resource.singleField() + "-bulk", bytes)).build());
        if (!(result instanceof OttimateResult.Success success)) {
            recordAll(outcomes, records, result, null);
            return;
        }
        // 201: all stored; 207: some were not. Errors name the record by its index in the batch.
        final Map<Integer, String> errors = new HashMap<>();
        success.body().path("errors").forEach(error -> errors.put(error.path("index").asInt(-1), error.path("error").asText("rejected")));
        final Map<String, String> ids = new HashMap<>();
        for (final String list : List.of("created", "updated")) {
            success.body().path(list).forEach(o -> ids.put(o.path(resource.businessKey()).asText(), o.path("id").asText()));
        }
        for (int i = 0; i < records.size(); i++) {
            if (errors.containsKey(i)) {
                outcomes.failure(records.get(i), success.status(), "rejected_record", errors.get(i));
            } else {
                final Object key = records.get(i).getValue(resource.businessKey());
                outcomes.success(records.get(i), key == null ? null : ids.get(key.toString()), success.status());
            }
        }
    }

    private static void recordAll(final RecordOutcomes outcomes, final List<Record> records, final OttimateResult result, final String id)
            throws IOException {
        for (final Record record : records) {
            outcomes.record(record, result, id);
        }
    }
}
