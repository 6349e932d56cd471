/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.masterdata;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
        this.resource = resource;
        this.clock = clock;
        this.bulkPath = new PropertyDescriptor.Builder()
                .name("Bulk Path")
                .description("Path of the bulk endpoint below /v1. The release plan's spelling is the default; the API reference also "
                        + "documents /" + resource.path() + "/bulk, and the guide writes both with a trailing slash, which is kept.")
                .required(true)
                .defaultValue(resource.bulk().path())
                .dependsOn(OPERATION, Operation.BULK_UPSERT)
                .addValidator(StandardValidators.createRegexMatchingValidator(BULK_PATH))
                .build();
        this.descriptors = List.of(CONNECTION_SERVICE, RECORD_READER, RECORD_WRITER, COMPANY_ID, OPERATION, BATCH_SIZE, bulkPath, BATCH_TIMEOUT);
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
            if (pending.isPresent()) {
                counts = RecordDelivery.follow(setup, pending.get(), PendingWork.batches(connection::execute),
                        context.getProperty(BATCH_TIMEOUT).asTimePeriod(TimeUnit.MILLISECONDS), (batch, job, outcomes) -> {
                            final OttimateResult results = PendingWork.batchResults(connection::execute, job.id());
                            if (results instanceof OttimateResult.Success success) {
                                outcomes.batchResults(batch, PendingWork.tasks(success.body()), 200, "rejected_record");
                            } else {
                                outcomes.all(batch, results);
                            }
                        });
            } else if (context.getProperty(OPERATION).asAllowableValue(Operation.class) == Operation.BULK_UPSERT) {
                final String[] path = context.getProperty(bulkPath).getValue().split("/", -1);
                counts = RecordDelivery.submit(setup, context.getProperty(BATCH_SIZE).asInteger(),
                        (batch, outcomes) -> sendBulk(connection, path, companyId, batch, outcomes));
            } else {
                counts = RecordDelivery.submit(setup, 1, (batch, outcomes) -> {
                    createOne(connection, companyId, batch, outcomes);
                    return Optional.empty();
                });
            }
        } catch (final IOException e) {
            throw new ProcessException("Sending " + resource.path() + " of " + flowFile + " failed: " + e.getMessage(), e);
        }
        session.adjustCounter(resource.path() + " succeeded", counts.getOrDefault(RecordOutcomes.Outcome.SUCCESS, 0), false);
        session.adjustCounter(resource.path() + " failed", counts.getOrDefault(RecordOutcomes.Outcome.FAILURE, 0), false);
    }

    private void createOne(final OttimateConnectionService connection, final long companyId, final RecordBatches.Batch batch,
                           final RecordOutcomes outcomes) throws IOException {
        final ObjectNode body = RecordToJson.toJson(batch.records().getFirst());
        body.put("ottimate_company_id", companyId);
        final byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        // only a record whose own create went unanswered is looked for before it is sent
        final RetrySet.Unanswered earlier = outcomes.unanswered(batch.positions().getFirst());
        final OttimateResult result = connection.execute(resource.create(body).json(bytes)
                .idempotencyKey(IdempotencyKeys.of(resource.singleField(), bytes)).unanswered(earlier == null ? null : earlier.write()).build());
        final String id = result instanceof OttimateResult.Success success ? resource.unwrap(success.body()).path("id").asText(null) : null;
        outcomes.record(batch.positions().getFirst(), batch.records().getFirst(), result, id);
    }

    /** One bulk call: the records' outcomes at once (201/207), or the id of the batch that will give them (202). */
    private Optional<String> sendBulk(final OttimateConnectionService connection, final String[] path, final long companyId,
                                      final RecordBatches.Batch batch, final RecordOutcomes outcomes) throws IOException {
        final ApiResource.Bulk bulk = resource.bulk();
        final ObjectNode body = JSON.createObjectNode();
        body.put("ottimate_company_id", companyId);
        final ArrayNode items = body.putArray(bulk.listField());
        batch.records().forEach(record -> {
            final ObjectNode item = RecordToJson.toJson(record);
            item.remove("ottimate_company_id");
            items.add(item);
        });
        final byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        final OttimateResult result = connection.execute(OttimateRequest.post(path).json(bytes)
                .idempotencyKey(IdempotencyKeys.of(resource.singleField() + "-bulk", bytes)).build());
        if (!(result instanceof OttimateResult.Success success)) {
            outcomes.all(batch, result);
            return Optional.empty();
        }
        if (success.status() == 202 && success.body().hasNonNull("batch_id")) {
            return Optional.of(success.body().get("batch_id").asText());
        }
        // 201: all stored; 207: some were not. Errors name the record by its index in the batch.
        final Map<Integer, String> errors = new HashMap<>();
        success.body().path("errors").forEach(error -> errors.put(error.path("index").asInt(-1), error.path("error").asText("rejected")));
        final Map<String, String> ids = new HashMap<>();
        for (final String list : List.of("created", "updated")) {
            success.body().path(list).forEach(o -> ids.put(o.path(bulk.businessKey()).asText(), o.path("id").asText()));
        }
        for (int i = 0; i < batch.size(); i++) {
            if (errors.containsKey(i)) {
                outcomes.failure(batch.positions().get(i), batch.records().get(i), success.status(), "rejected_record", errors.get(i));
            } else {
                final Object key = batch.records().get(i).getValue(bulk.businessKey());
                outcomes.success(batch.positions().get(i), batch.records().get(i), key == null ? null : ids.get(key.toString()), success.status());
            }
        }
        return Optional.empty();
    }
}
