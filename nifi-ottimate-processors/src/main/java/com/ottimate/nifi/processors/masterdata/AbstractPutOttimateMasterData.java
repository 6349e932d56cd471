/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.masterdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.nifi.client.model.ApiError;
import com.ottimate.nifi.client.model.OttimateRequest;
import com.ottimate.nifi.client.model.OttimateResult;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.IdempotencyKeys;
import com.ottimate.nifi.processors.async.PendingWork;
import com.ottimate.nifi.processors.records.RecordBatches;
import com.ottimate.nifi.processors.records.RecordDelivery;
import com.ottimate.nifi.processors.records.RecordOutcomes;
import com.ottimate.nifi.processors.records.RecordToJson;
import com.ottimate.nifi.processors.records.RetrySet;
import com.ottimate.nifi.processors.resources.ApiResource;
import com.ottimate.nifi.services.DescribedEnum;
import com.ottimate.nifi.services.OttimateConnectionService;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.SupportsBatching;
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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Writes vendors or dimensions from records: bulk upserts of up to 100 per call (201, or 207 with per-index errors, or
 * 202 with a batch followed on 'pending') or one create per record; every record ends in the success or failure record
 * set, or stays in the flowfile that goes to 'retry'.
 */
@SupportsBatching
@InputRequirement(InputRequirement.Requirement.INPUT_REQUIRED)
public abstract class AbstractPutOttimateMasterData extends AbstractOttimateProcessor {

    public enum Operation implements DescribedEnum {
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
            .description("Writes the success and failure record sets: each record as read, plus ottimate_id, ottimate_status_code, "
                    + "ottimate_error_code and ottimate_error_message. Records to retry stay in the incoming flowfile, unchanged.")
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

    public static final PropertyDescriptor BATCH_TIMEOUT = new PropertyDescriptor.Builder()
            .name("Batch Timeout")
            .description("When the API answers a bulk call with an asynchronous batch (202): how long to follow it on 'pending' before its "
                    + "records go to 'retry' (sent again they carry the same key, so the API answers with the same batch).")
            .required(true)
            .defaultValue("30 mins")
            .dependsOn(OPERATION, Operation.BULK_UPSERT)
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    public static final Relationship REL_ORIGINAL = new Relationship.Builder()
            .name("original")
            .description("The incoming flowfile, once every record is in a success or failure record set.")
            .build();

    /** A path below /v1, with or without the API guide's trailing slash. */
    private static final Pattern BULK_PATH = Pattern.compile("[a-z0-9-]+(/[a-z0-9-]+)*/?");
    static final Set<Relationship> RELATIONSHIPS = Set.of(REL_SUCCESS, REL_FAILURE, REL_RETRY, REL_ORIGINAL);
    static final Set<Relationship> BULK_RELATIONSHIPS = Set.of(REL_SUCCESS, REL_FAILURE, REL_RETRY, REL_ORIGINAL, REL_PENDING);
    private static final RecordOutcomes.Routes ROUTES = new RecordOutcomes.Routes(REL_SUCCESS, REL_FAILURE, REL_RETRY, REL_ORIGINAL);

    private final ApiResource resource;
    private final PropertyDescriptor bulkPath;
    private final List<PropertyDescriptor> descriptors;
    private final Clock clock;
    private volatile Set<Relationship> relationships = BULK_RELATIONSHIPS;

    protected AbstractPutOttimateMasterData(final ApiResource resource, final Clock clock) {
        this(resource, clock, List.of());
    }

    /** {@code more}: the subclass's own properties, listed after the others. */
    protected AbstractPutOttimateMasterData(final ApiResource resource, final Clock clock, final List<PropertyDescriptor> more) {
        this.resource = resource;
        this.clock = clock;
        this.bulkPath = new PropertyDescriptor.Builder()
                .name("Bulk Path")
                .description("Path of the bulk endpoint below /v1; the default is the documented " + resource.bulk().path() + ". The API's "
                        + "documents also spell bulk paths /bulk, /bulk-create or /bulk-upsert, some with a trailing slash, which is kept.")
                .required(true)
                .defaultValue(resource.bulk().path())
                .dependsOn(OPERATION, Operation.BULK_UPSERT)
                .addValidator(StandardValidators.createRegexMatchingValidator(BULK_PATH))
                .build();
        final List<PropertyDescriptor> all = new ArrayList<>(List.of(CONNECTION_SERVICE, RECORD_READER, RECORD_WRITER, COMPANY_ID, OPERATION,
                BATCH_SIZE, bulkPath, BATCH_TIMEOUT));
        all.addAll(more);
        this.descriptors = List.copyOf(all);
    }

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return descriptors;
    }

    @Override
    public Set<Relationship> getRelationships() {
        return relationships;
    }

    @Override
    public void onPropertyModified(final PropertyDescriptor descriptor, final String oldValue, final String newValue) {
        if (descriptor.equals(OPERATION)) {
            relationships = Operation.CREATE.getValue().equals(newValue) ? RELATIONSHIPS : BULK_RELATIONSHIPS;
        }
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
        final long companyId = Long.parseLong(company.strip());
        final Shape shape;
        try {
            shape = shape(context, flowFile);
        } catch (final BadInput e) {
            routeBadInput(session, flowFile, e.code, e.getMessage());
            return;
        }
        final OttimateConnectionService connection = connection(context);
        final RecordDelivery.Setup setup = new RecordDelivery.Setup(session, flowFile,
                context.getProperty(RECORD_READER).asControllerService(RecordReaderFactory.class),
                context.getProperty(RECORD_WRITER).asControllerService(RecordSetWriterFactory.class), getLogger(), ROUTES, REL_PENDING,
                connection.uriOf(resource.list(null).build()).toString(), clock::millis);
        final Map<RecordOutcomes.Outcome, Integer> counts;
        try {
            final boolean bulk = context.getProperty(OPERATION).asAllowableValue(Operation.class) == Operation.BULK_UPSERT;
            // only bulk calls wait on 'pending': anything else carrying its attributes is new input
            final Optional<PendingWork> pending = bulk ? PendingWork.of(flowFile) : Optional.empty();
            // a pass back from 'pending' cuts its batches as they were submitted, whatever Batch Size says now
            final int batchSize = pending.map(PendingWork::batchSize).filter(size -> size > 0)
                    .orElse(bulk ? context.getProperty(BATCH_SIZE).asInteger() : 1);
            final Supplier<RecordBatches.Cut> cuts = shape.cuts(batchSize);
            if (pending.isPresent()) {
                counts = RecordDelivery.follow(setup, pending.get(), PendingWork.batches(connection::execute),
                        context.getProperty(BATCH_TIMEOUT).asTimePeriod(TimeUnit.MILLISECONDS), (batch, job, outcomes) -> {
                            final OttimateResult results = PendingWork.batchResults(connection::execute, job.id());
                            if (results instanceof OttimateResult.Success success) {
                                taskResults(batch, sendable(shape.objects(batch), batch, outcomes), success.body(), outcomes);
                            } else {
                                outcomes.all(batch, results);
                            }
                        }, false, cuts);
            } else if (bulk) {
                final String[] path = context.getProperty(bulkPath).getValue().split("/", -1);
                counts = RecordDelivery.submit(setup, batchSize, cuts, (batch, outcomes) -> sendBulk(connection, path, companyId, shape, batch,
                        sendable(shape.objects(batch), batch, outcomes), outcomes));
            } else {
                counts = RecordDelivery.submit(setup, 1, cuts, (batch, outcomes) -> {
                    for (final WriteObject object : sendable(shape.objects(batch), batch, outcomes)) {
                        createOne(connection, companyId, batch, object, outcomes);
                    }
                    return Optional.empty();
                });
            }
        } catch (final IOException e) {
            throw new ProcessException("Sending " + resource.path() + " of " + flowFile + " failed: " + e.getMessage(), e);
        }
        session.adjustCounter(resource.path() + " succeeded", counts.getOrDefault(RecordOutcomes.Outcome.SUCCESS, 0), false);
        session.adjustCounter(resource.path() + " failed", counts.getOrDefault(RecordOutcomes.Outcome.FAILURE, 0), false);
    }

    /** One object a write sends, and the records of the batch (by index) it was read from; {@code problem}: why it is not sent. */
    public record WriteObject(List<Integer> records, ObjectNode body, ApiError problem) {
    }

    /** How the records of a flowfile become the objects a write sends, and where its batches end. */
    public interface Shape {
        /** Batches of at most {@code maxObjects} objects. */
        Supplier<RecordBatches.Cut> cuts(int maxObjects);

        List<WriteObject> objects(RecordBatches.Batch batch);

        /** What a bulk call carries beside the company and the objects (a default location). */
        default void completeBulkBody(final ObjectNode body) {
        }
    }

    /** A flowfile whose properties cannot be applied: it goes to failure with {@code code}. */
    protected static final class BadInput extends Exception {
        private final String code;

        public BadInput(final String code, final String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    /** One record, one object (its fields as the API names them); a subclass may group records or check them first. */
    protected Shape shape(final ProcessContext context, final FlowFile flowFile) throws BadInput {
        return new Shape() {
            @Override
            public Supplier<RecordBatches.Cut> cuts(final int maxObjects) {
                return RecordBatches.Cut.every(maxObjects);
            }

            @Override
            public List<WriteObject> objects(final RecordBatches.Batch batch) {
                final List<WriteObject> objects = new ArrayList<>(batch.size());
                for (int i = 0; i < batch.size(); i++) {
                    final ObjectNode body = RecordToJson.toJson(batch.records().get(i));
                    body.remove("ottimate_company_id");
                    objects.add(new WriteObject(List.of(i), body, null));
                }
                return objects;
            }
        };
    }

    /** The body of a create of one object: master data names its company; a subclass may not. */
    protected ObjectNode createBody(final ObjectNode object, final long companyId) {
        object.put("ottimate_company_id", companyId);
        return object;
    }

    /** The objects to send; those with a problem fail here, on every record they were read from. */
    private static List<WriteObject> sendable(final List<WriteObject> objects, final RecordBatches.Batch batch, final RecordOutcomes outcomes)
            throws IOException {
        final List<WriteObject> sendable = new ArrayList<>(objects.size());
        for (final WriteObject object : objects) {
            if (object.problem() == null) {
                sendable.add(object);
                continue;
            }
            for (final int i : object.records()) {
                outcomes.failure(batch.positions().get(i), batch.records().get(i), 0, object.problem().code(), object.problem().message());
            }
        }
        return sendable;
    }

    private void createOne(final OttimateConnectionService connection, final long companyId, final RecordBatches.Batch batch,
                           final WriteObject object, final RecordOutcomes outcomes) throws IOException {
        final ObjectNode body = createBody(object.body(), companyId);
        final byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        // only an object whose own create went unanswered is looked for before it is sent
        final RetrySet.Unanswered earlier = outcomes.unanswered(batch.positions().get(object.records().getFirst()));
        final OttimateResult result = connection.execute(resource.create(body).json(bytes)
                .idempotencyKey(IdempotencyKeys.of(resource.singleField(), bytes)).unanswered(earlier == null ? null : earlier.write()).build());
        if (result instanceof OttimateResult.Success success) {
            final JsonNode made = resource.unwrap(success.body());
            final Optional<String> mismatch = mismatch(object, made);
            for (final int i : object.records()) {
                if (mismatch.isPresent()) {
                    outcomes.failure(batch.positions().get(i), batch.records().get(i), success.status(), "identity_mismatch", mismatch.get());
                } else {
                    outcomes.success(batch.positions().get(i), batch.records().get(i), made.path("id").asText(null), success.status());
                }
            }
            return;
        }
        for (final int i : object.records()) {
            outcomes.record(batch.positions().get(i), batch.records().get(i), result, null);
        }
    }

    /**
     * Why {@code stored} is not proven to be the write of {@code object}: the business key sent is not the one read back
     * exactly (empty when it is, or when the object carries no key to prove it by).
     */
    private Optional<String> mismatch(final WriteObject object, final JsonNode stored) {
        final String key = resource.hasBulk() ? resource.bulk().businessKey() : null;
        if (key == null || !object.body().hasNonNull(key)) {
            return Optional.empty();
        }
        final String sent = object.body().get(key).asText();
        final String back = stored.path(key).asText(null);
        return sent.equals(back) ? Optional.empty() : Optional.of("The API answered with " + resource.objectName() + " " + stored.path("id").asText("?")
                + " whose " + key + " is '" + back + "', not the '" + sent + "' sent; it is not taken as this write. Check it in Ottimate");
    }

    /** One bulk call: the objects' outcomes at once (201/207), or the id of the batch that will give them (202). */
    private Optional<String> sendBulk(final OttimateConnectionService connection, final String[] path, final long companyId, final Shape shape,
                                      final RecordBatches.Batch batch, final List<WriteObject> objects, final RecordOutcomes outcomes)
            throws IOException {
        if (objects.isEmpty()) {
            return Optional.empty();
        }
        final ApiResource.Bulk bulk = resource.bulk();
        final ObjectNode body = JSON.createObjectNode();
        body.put("ottimate_company_id", companyId);
        shape.completeBulkBody(body);
        final ArrayNode items = body.putArray(bulk.listField());
        objects.forEach(object -> items.add(object.body()));
        final byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        final OttimateResult result = connection.execute(OttimateRequest.post(path).json(bytes)
                .idempotencyKey(IdempotencyKeys.of(resource.singleField() + "-bulk", bytes)).build());
        if (!(result instanceof OttimateResult.Success success)) {
            for (final WriteObject object : objects) {
                for (final int i : object.records()) {
                    outcomes.record(batch.positions().get(i), batch.records().get(i), result, null);
                }
            }
            return Optional.empty();
        }
        if (success.status() == 202 && success.body().hasNonNull("batch_id")) {
            return Optional.of(success.body().get("batch_id").asText());
        }
        // 201: all stored; 207: some were not. Errors name the object by its index in the call.
        final Map<Integer, String> errors = new HashMap<>();
        success.body().path("errors").forEach(error -> errors.put(error.path("index").asInt(-1), error.path("error").asText("rejected")));
        final Map<String, String> ids = new HashMap<>();
        for (final String list : List.of("created", "updated")) {
            success.body().path(list).forEach(o -> ids.put(o.path(bulk.businessKey()).asText(), o.path("id").asText()));
        }
        for (int n = 0; n < objects.size(); n++) {
            final WriteObject object = objects.get(n);
            final JsonNode key = object.body().get(bulk.businessKey());
            final String id = key == null || key.isNull() ? null : ids.get(key.asText());
            for (final int i : object.records()) {
                if (errors.containsKey(n)) {
                    outcomes.failure(batch.positions().get(i), batch.records().get(i), success.status(), "rejected_record", errors.get(n));
                } else if (key != null && !key.isNull() && id == null) {
                    // stored, says the answer, yet none of its objects reads back this key: not proven to be this write
                    outcomes.failure(batch.positions().get(i), batch.records().get(i), success.status(), "identity_mismatch", "The answer "
                            + "lists no " + resource.objectName() + " whose " + bulk.businessKey() + " is '" + key.asText() + "'; check it in Ottimate");
                } else {
                    outcomes.success(batch.positions().get(i), batch.records().get(i), id, success.status());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Gives each object the outcome of its task in a finished batch's results ({@link PendingWork#aligned}: by task
     * number, or by the business key where the results carry none), taken only when the business key read back is the
     * one sent.
     */
    private void taskResults(final RecordBatches.Batch batch, final List<WriteObject> objects, final JsonNode body, final RecordOutcomes outcomes)
            throws IOException {
        final String key = resource.bulk().businessKey();
        final List<String> keys = objects.stream().map(object -> key != null && object.body().hasNonNull(key) ? object.body().get(key).asText() : null)
                .toList();
        final List<JsonNode> tasks = PendingWork.aligned(PendingWork.tasks(body), keys, key);
        for (int n = 0; n < objects.size(); n++) {
            final WriteObject object = objects.get(n);
            final JsonNode task = tasks.get(n);
            final Optional<String> mismatch = RecordOutcomes.succeeded(task) ? mismatch(object, task.get("result")) : Optional.empty();
            for (final int i : object.records()) {
                if (mismatch.isPresent()) {
                    outcomes.failure(batch.positions().get(i), batch.records().get(i), 200, "identity_mismatch", mismatch.get());
                } else {
                    outcomes.taskResult(batch.positions().get(i), batch.records().get(i), task, 200, "rejected_record");
                }
            }
        }
    }
}
