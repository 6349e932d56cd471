package com.ottimate.nifi.processors.catalog;

import com.ottimate.nifi.processors.OttimateAttributes;
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
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
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

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

@InputRequirement(InputRequirement.Requirement.INPUT_REQUIRED)
@Tags({"ottimate", "catalog", "price book", "allowance", "rebate", "bulk", "upsert", "records", "async"})
@CapabilityDescription("Upserts catalog entries (POST /v1/catalog/entries/bulk) or allowances (POST /v1/catalog/allowances/bulk) from records "
        + "(CSV, JSON, Avro …) in batches of up to 1,000, streaming the file so price books of any size fit in memory. Bulk calls "
        + "answer 202 with a batch id: the flowfile then waits on the 'pending' relationship (penalized, looped back) while the "
        + "batches run, without holding a thread, and once all are completed the per-record results are written into success and "
        + "failure record sets (a completed batch can still have failed tasks). A synchronous 201/207 answer is handled too. Each "
        + "batch's Idempotency-Key is derived from its content, so a retried batch never doubles anything. Single-record create "
        + "(POST) and update (PATCH /v1/catalog/entries/{id}, /allowances/{id}) are available as operations.")
@UseCase(description = "Load a vendor's price book into the Ottimate catalog.",
        configuration = """
                Set "Catalog Object" to "Catalog Entries", "Record Reader" to a CSVReader, "Record Writer" to a JsonRecordSetWriter,
                "Company ID" to the ottimate_company_id. Columns: erp_vendor_id, item_name, sku, upc, uom, size, price, catalog_unique_key …
                Connect "pending" back to this processor (its Penalty Duration is the polling interval), "retry" back as well.
                """)
@WritesAttributes({
        @WritesAttribute(attribute = "ottimate.catalog.batches", description = "Batch ids (in record order) while the flowfile is pending"),
        @WritesAttribute(attribute = "ottimate.catalog.batch.count", description = "Bulk calls made for the flowfile"),
        @WritesAttribute(attribute = "record.count", description = "Records in a success, failure or retry record set"),
        @WritesAttribute(attribute = OttimateAttributes.ERROR_CODE, description = "On a failure or retry record set: the first record's error code"),
        @WritesAttribute(attribute = OttimateAttributes.ERROR_MESSAGE, description = "On a failure or retry record set: how many records, and the first one's error"),
        @WritesAttribute(attribute = "mime.type", description = "The Record Writer's type")
})
public class BulkUpsertOttimateCatalog extends AbstractOttimateProcessor {
    static final String BATCHES = "ottimate.catalog.batches";
    static final String BATCH_SIZE_USED = "ottimate.catalog.batch.size";
    static final String SUBMITTED = "ottimate.catalog.submitted";
    static final String BATCH_COUNT = "ottimate.catalog.batch.count";
    /** Marker for a batch whose records already have their outcome (synchronous answer, or a failed submission). */
    private static final String SETTLED = "-";
    /** Prefix of a batch already seen completed, so it is not polled again. */
    private static final String COMPLETED = "+";

    public enum Operation implements Choice {
        BULK_UPSERT("Bulk Upsert", "Asynchronous bulk calls of up to Batch Size records"),
        CREATE("Create One by One", "POST one record at a time"),
        UPDATE("Update One by One", "PATCH one record at a time, by the id in ID Field");

        private final Label label;

        Operation(final String displayName, final String description) {
            this.label = new Label(displayName, description);
        }

        @Override
        public Label label() {
            return label;
        }
    }

    public static final PropertyDescriptor CATALOG_OBJECT = new PropertyDescriptor.Builder()
            .name("Catalog Object")
            .description("What the records are.")
            .required(true)
            .allowableValues(CatalogObject.class)
            .defaultValue(CatalogObject.ENTRIES)
            .build();

    public static final PropertyDescriptor OPERATION = new PropertyDescriptor.Builder()
            .name("Operation")
            .description("Bulk upsert (fewest requests) or one request per record.")
            .required(true)
            .allowableValues(Operation.class)
            .defaultValue(Operation.BULK_UPSERT)
            .build();

    public static final PropertyDescriptor RECORD_READER = new PropertyDescriptor.Builder()
            .name("Record Reader")
            .description("Reads the catalog records, with the API's field names.")
            .required(true)
            .identifiesControllerService(RecordReaderFactory.class)
            .build();

    public static final PropertyDescriptor RECORD_WRITER = new PropertyDescriptor.Builder()
            .name("Record Writer")
            .description("Writes the success, failure and retry record sets (each record plus ottimate_id, ottimate_status_code, "
                    + "ottimate_error_code, ottimate_error_message).")
            .required(true)
            .identifiesControllerService(RecordSetWriterFactory.class)
            .build();

    public static final PropertyDescriptor COMPANY_ID = new PropertyDescriptor.Builder()
            .name("Company ID")
            .description("ottimate_company_id the catalog belongs to.")
            .required(true)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .build();

    public static final PropertyDescriptor BATCH_SIZE = new PropertyDescriptor.Builder()
            .name("Batch Size")
            .description("Records per bulk call (the API takes at most 1,000).")
            .required(true)
            .defaultValue("1000")
            .dependsOn(OPERATION, Operation.BULK_UPSERT)
            .addValidator(StandardValidators.createLongValidator(1, 1000, true))
            .build();

    public static final PropertyDescriptor BATCH_TIMEOUT = new PropertyDescriptor.Builder()
            .name("Batch Timeout")
            .description("How long after submission to wait for the batches; records of batches still running then go to 'retry' "
                    + "(sending them again uses the same keys, so the API answers with the same batches).")
            .required(true)
            .defaultValue("30 mins")
            .dependsOn(OPERATION, Operation.BULK_UPSERT)
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    public static final PropertyDescriptor ID_FIELD = new PropertyDescriptor.Builder()
            .name("ID Field")
            .description("Record field holding the id of the entry or allowance to update (not sent in the body).")
            .required(true)
            .defaultValue("id")
            .dependsOn(OPERATION, Operation.UPDATE)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final Relationship REL_PENDING = new Relationship.Builder()
            .name("pending")
            .description("Batches were submitted and are still running. Connect it back to this processor: the flowfile is penalized, "
                    + "so the Penalty Duration is the polling interval.")
            .build();

    public static final Relationship REL_ORIGINAL = new Relationship.Builder()
            .name("original")
            .description("The incoming flowfile, once every record has its outcome.")
            .build();

    static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(CONNECTION_SERVICE, CATALOG_OBJECT, OPERATION, RECORD_READER,
            RECORD_WRITER, COMPANY_ID, BATCH_SIZE, BATCH_TIMEOUT, ID_FIELD);
    static final Set<Relationship> RELATIONSHIPS = Set.of(REL_SUCCESS, REL_FAILURE, REL_RETRY, REL_PENDING, REL_ORIGINAL);
    private static final Map<RecordOutcomes.Outcome, Relationship> OUTCOMES = Map.of(RecordOutcomes.Outcome.SUCCESS, REL_SUCCESS,
            RecordOutcomes.Outcome.FAILURE, REL_FAILURE, RecordOutcomes.Outcome.RETRY, REL_RETRY);

    private final Clock clock;

    public BulkUpsertOttimateCatalog() {
        this(Clock.systemUTC());
    }

    /** For tests: the clock that decides batch time-outs. */
    BulkUpsertOttimateCatalog(final Clock clock) {
        this.clock = clock;
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
        final FlowFile flowFile = session.get();
        if (flowFile == null) {
            return;
        }
        final String company = context.getProperty(COMPANY_ID).evaluateAttributeExpressions(flowFile).getValue();
        if (company == null || !company.strip().matches("\\d{1,18}")) {
            routeBadInput(session, flowFile, "invalid_company_id", "Company ID evaluated to '" + company + "'; expected an integer ottimate_company_id");
            return;
        }
        final Batch.Context batch = new Batch.Context(context, session, flowFile, connection(context), Long.parseLong(company.strip()),
                context.getProperty(CATALOG_OBJECT).asAllowableValue(CatalogObject.class), getLogger());
        try {
            if (flowFile.getAttribute(BATCHES) != null) {
                followBatches(batch);
            } else {
                submit(batch);
            }
        } catch (final RecordBatches.Unreadable e) {
            routeBadInput(session, flowFile, "invalid_records", e.getMessage());
        } catch (final java.io.IOException e) {
            throw new ProcessException("Sending catalog records of " + flowFile + " failed: " + e.getMessage(), e);
        }
    }

    /** Reads records and sends them: one request each, or bulk batches whose ids are kept on the flowfile. */
    private void submit(final Batch.Context c) throws RecordBatches.Unreadable, java.io.IOException {
        final Operation operation = c.context().getProperty(OPERATION).asAllowableValue(Operation.class);
        final int batchSize = operation == Operation.BULK_UPSERT ? c.context().getProperty(BATCH_SIZE).asInteger() : 1;
        final RecordOutcomes outcomes = outcomes(c);
        final List<String> markers = new ArrayList<>();
        RecordBatches.forEach(c.session(), c.flowFile(), readers(c), c.logger(), batchSize, (index, records) -> {
            switch (operation) {
                case BULK_UPSERT -> markers.add(sendBulk(c, records, outcomes));
                case CREATE -> sendOne(c, records.getFirst(), null, outcomes);
                case UPDATE -> sendOne(c, records.getFirst(), c.context().getProperty(ID_FIELD).getValue(), outcomes);
            }
        });
        complete(c, outcomes);
        final boolean pending = markers.stream().anyMatch(m -> !m.equals(SETTLED));
        if (!pending) {
            c.session().transfer(c.session().putAttribute(c.flowFile(), BATCH_COUNT, Integer.toString(markers.size())), REL_ORIGINAL);
            return;
        }
        final Map<String, String> attributes = new HashMap<>();
        attributes.put(BATCHES, String.join(",", markers));
        attributes.put(BATCH_SIZE_USED, Integer.toString(batchSize));
        attributes.put(SUBMITTED, Long.toString(clock.millis()));
        attributes.put(BATCH_COUNT, Integer.toString(markers.size()));
        c.session().transfer(c.session().penalize(c.session().putAllAttributes(c.flowFile(), attributes)), REL_PENDING);
    }

    /** Sends one bulk call; answers the batch id to follow, or {@link #SETTLED} when the records already have their outcome. */
    private String sendBulk(final Batch.Context c, final List<Record> records, final RecordOutcomes outcomes) throws java.io.IOException {
        final ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("ottimate_company_id", c.companyId());
        final ArrayNode items = body.putArray(c.object().path());
        records.forEach(record -> items.add(RecordJson.toJson(record)));
        final byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        final OttimateResult result = c.connection().execute(OttimateRequest.post("catalog", c.object().path(), "bulk").json(bytes)
                .idempotencyKey(ContentKeys.of("catalog-" + c.object().path(), bytes)).build());
        if (result instanceof OttimateResult.Success success && success.status() == 202 && success.body().hasNonNull("batch_id")) {
            return success.body().get("batch_id").asText();
        }
        if (result instanceof OttimateResult.Success success) {
            // a synchronous 201/207: the per-record results are in the answer
            outcomes.batchResults(records, tasks(success.body()), success.status(), "task_failed");
        } else {
            for (final Record record : records) {
                outcomes.record(record, result, null);
            }
        }
        return SETTLED;
    }

    private void sendOne(final Batch.Context c, final Record record, final String idField, final RecordOutcomes outcomes) throws java.io.IOException {
        final ObjectNode body = RecordJson.toJson(record);
        final OttimateRequest request;
        if (idField != null) {
            final JsonNode id = body.remove(idField);
            if (id == null || id.isNull() || id.asText().isBlank()) {
                outcomes.failure(record, 0, "missing_id", "Record has no '" + idField + "' to update");
                return;
            }
            request = OttimateRequest.patch("catalog", c.object().path(), id.asText().strip()).json(body.toString().getBytes(StandardCharsets.UTF_8)).build();
        } else {
            body.put("ottimate_company_id", c.companyId());
            if (c.object() == CatalogObject.ENTRIES) {
                // the API requires both keys on a create, as a list or null
                for (final String list : List.of("prices", "allowances")) {
                    if (!body.has(list)) {
                        body.putNull(list);
                    }
                }
            }
            final byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            request = OttimateRequest.post("catalog", c.object().path()).json(bytes).idempotencyKey(ContentKeys.of("catalog", bytes)).build();
        }
        final OttimateResult result = c.connection().execute(request);
        outcomes.record(record, result, result instanceof OttimateResult.Success success ? success.body().path("id").asText(null) : null);
    }

    /** Polls each running batch once; when all are done, reads the records again and writes their results. */
    private void followBatches(final Batch.Context c) throws RecordBatches.Unreadable, java.io.IOException {
        final List<String> markers = new ArrayList<>(Arrays.asList(c.flowFile().getAttribute(BATCHES).split(",")));
        boolean running = false;
        for (int i = 0; i < markers.size(); i++) {
            final String marker = markers.get(i);
            if (marker.equals(SETTLED) || marker.startsWith(COMPLETED)) {
                continue;
            }
            final OttimateResult progress = c.connection().execute(OttimateRequest.get("batch", marker, "progress").build());
            if (!(progress instanceof OttimateResult.Success success)) {
                routeUnsuccessful(c.session(), c.flowFile(), progress, "Following catalog batch " + marker);
                return;
            }
            if ("completed".equalsIgnoreCase(success.body().path("status").asText())) {
                markers.set(i, COMPLETED + marker);
            } else {
                running = true;
            }
        }
        final long timeout = c.context().getProperty(BATCH_TIMEOUT).asTimePeriod(TimeUnit.MILLISECONDS);
        final boolean timedOut = clock.millis() - parseLong(c.flowFile().getAttribute(SUBMITTED)) > timeout;
        if (running && !timedOut) {
            c.session().transfer(c.session().penalize(c.session().putAttribute(c.flowFile(), BATCHES, String.join(",", markers))), REL_PENDING);
            return;
        }
        final RecordOutcomes outcomes = outcomes(c);
        final int batchSize = Integer.parseInt(c.flowFile().getAttribute(BATCH_SIZE_USED));
        RecordBatches.forEach(c.session(), c.flowFile(), readers(c), c.logger(), batchSize, (index, records) -> {
            final String marker = index < markers.size() ? markers.get(index) : SETTLED;
            if (marker.equals(SETTLED)) {
                return;
            }
            if (!marker.startsWith(COMPLETED)) {
                for (final Record record : records) {
                    outcomes.retry(record, 202, "batch_timeout", "Batch " + marker + " was still running when Batch Timeout passed");
                }
                return;
            }
            final String batchId = marker.substring(COMPLETED.length());
            final OttimateResult results = c.connection().execute(OttimateRequest.get("batch", batchId, "results").build());
            if (results instanceof OttimateResult.Success success) {
                outcomes.batchResults(records, tasks(success.body()), 200, "task_failed");
            } else {
                for (final Record record : records) {
                    outcomes.record(record, results, null);
                }
            }
        });
        complete(c, outcomes);
        final FlowFile done = c.session().removeAttribute(c.flowFile(), BATCHES);
        c.session().transfer(done, REL_ORIGINAL);
    }

    private RecordOutcomes outcomes(final Batch.Context c) {
        return new RecordOutcomes(c.session(), c.flowFile(), c.context().getProperty(RECORD_WRITER).asControllerService(RecordSetWriterFactory.class), getLogger());
    }

    private void complete(final Batch.Context c, final RecordOutcomes outcomes) {
        try {
            final Map<RecordOutcomes.Outcome, Integer> counts = outcomes.complete(OUTCOMES, Map.of(),
                    c.connection().uriOf(OttimateRequest.get("catalog", c.object().path()).build()).toString());
            c.session().adjustCounter("Catalog records succeeded", counts.getOrDefault(RecordOutcomes.Outcome.SUCCESS, 0), false);
            c.session().adjustCounter("Catalog records failed", counts.getOrDefault(RecordOutcomes.Outcome.FAILURE, 0), false);
        } catch (final java.io.IOException e) {
            throw new ProcessException("Writing record sets failed: " + e.getMessage(), e);
        }
    }

    private static long parseLong(final String value) {
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (final NumberFormatException e) {
            return 0;
        }
    }

    private static RecordReaderFactory readers(final Batch.Context c) {
        return c.context().getProperty(RECORD_READER).asControllerService(RecordReaderFactory.class);
    }

    private static List<JsonNode> tasks(final JsonNode body) {
        final List<JsonNode> tasks = new ArrayList<>();
        body.path("results").forEach(tasks::add);
        return tasks;
    }

    /** What both phases need to know about the flowfile being worked on. */
    static final class Batch {
        record Context(ProcessContext context, ProcessSession session, FlowFile flowFile, OttimateConnectionService connection,
                       long companyId, CatalogObject object, org.apache.nifi.logging.ComponentLog logger) {
        }

        private Batch() {
        }
    }
}
