/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.nifi.client.model.OttimateRequest;
import com.ottimate.nifi.client.model.OttimateResult;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.IdempotencyKeys;
import com.ottimate.nifi.processors.OttimateAttributes;
import com.ottimate.nifi.processors.async.PendingWork;
import com.ottimate.nifi.processors.records.RecordBatches;
import com.ottimate.nifi.processors.records.RecordDelivery;
import com.ottimate.nifi.processors.records.RecordOutcomes;
import com.ottimate.nifi.processors.records.RecordToJson;
import com.ottimate.nifi.processors.records.RetrySet;
import com.ottimate.nifi.processors.records.SchemaValues;
import com.ottimate.nifi.processors.resources.ApiResource;
import com.ottimate.nifi.services.DescribedEnum;
import com.ottimate.nifi.services.OttimateConnectionService;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.SupportsBatching;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.MultiProcessorUseCase;
import org.apache.nifi.annotation.documentation.ProcessorConfiguration;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
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
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

@SupportsBatching
@InputRequirement(InputRequirement.Requirement.INPUT_REQUIRED)
@Tags({"ottimate", "catalog", "price book", "allowance", "rebate", "bulk", "upsert", "records", "async"})
@CapabilityDescription("Creates or updates Ottimate catalog entries or allowances from the records of a flowfile, in bulk batches of up "
        + "to 1,000 records [POST /v1/catalog/entries/bulk, /v1/catalog/allowances/bulk].")
@UseCase(description = "Load a vendor's price book into the Ottimate catalog.",
        configuration = """
                Set "Catalog Object" to "Catalog Entries", "Record Reader" to a CSVReader, "Record Writer" to a JsonRecordSetWriter,
                "Company ID" to the ottimate_company_id. Columns: erp_vendor_id, item_name, sku, upc, uom, size, price, catalog_unique_key ...
                Connect "pending" back to this processor (its Penalty Duration is the polling interval), "retry" back as well.
                """)
@MultiProcessorUseCase(description = "Load vendor price books dropped on an SFTP server into the Ottimate catalog.",
        keywords = {"price book", "catalog", "sftp"},
        configurations = {
                @ProcessorConfiguration(processorClassName = "org.apache.nifi.processors.standard.ListSFTP", configuration = """
                        The vendors' drop directory; success to FetchSFTP.
                        """),
                @ProcessorConfiguration(processorClassName = "org.apache.nifi.processors.standard.FetchSFTP", configuration = """
                        Fetches each price book; success to PutOttimateCatalog.
                        """),
                @ProcessorConfiguration(processorClass = PutOttimateCatalog.class, configuration = """
                        Catalog Entries, Bulk Upsert, a CSVReader reading every column as text (prices stay decimal strings);
                        pending and retry looped back; success and failure record sets to the vendor's report.
                        """)
        })
@SeeAlso({ListOttimateCatalog.class, FetchOttimateCatalog.class})
@WritesAttributes({
        @WritesAttribute(attribute = OttimateAttributes.UNANSWERED_SINCE, description = "On retry: when the first unanswered attempt of a "
                + "write was sent; what it made cannot be older (the look-up's window)"),
        @WritesAttribute(attribute = OttimateAttributes.UNANSWERED_SETTLED, description = "On retry: when the latest unanswered attempt can no "
                + "longer be applied; when the flowfile comes back after it, the write is looked for by its proof before anything is sent"),
        @WritesAttribute(attribute = "record.count", description = "Records in a success or failure record set"),
        @WritesAttribute(attribute = "mime.type", description = "The Record Writer's type"),
        @WritesAttribute(attribute = OttimateAttributes.ERROR_CODE, description = "Failure record set: the first record's error code; retry: the first transient error"),
        @WritesAttribute(attribute = OttimateAttributes.ERROR_MESSAGE, description = "Failure record set: how many records, and the first one's error; retry: the same for the records left"),
        @WritesAttribute(attribute = RetrySet.SETTLED, description = "On the flowfile sent to retry or pending: positions of the records that already have their outcome"),
        @WritesAttribute(attribute = RetrySet.UNANSWERED, description = "On the flowfile sent to retry: positions of the records whose own "
                + "attempt went unanswered, the only ones looked up before they are sent again"),
        @WritesAttribute(attribute = RetrySet.CONTENT, description = "On the flowfile sent to retry or pending: a digest of the content the "
                + "positions were computed for; other content (a file fixed and sent back) ignores them"),
        @WritesAttribute(attribute = RecordOutcomes.RETRY_COUNT, description = "On the flowfile sent to retry: records left to send"),
        @WritesAttribute(attribute = PendingWork.JOBS, description = "On the flowfile sent to pending: the bulk batches being followed"),
        @WritesAttribute(attribute = PendingWork.SINCE, description = "On the flowfile sent to pending: when the batches were submitted"),
        @WritesAttribute(attribute = PendingWork.POLLS, description = "On the flowfile sent to pending: polls made"),
        @WritesAttribute(attribute = PendingWork.BATCH_SIZE, description = "On the flowfile sent to pending: records per batch")
})
public class PutOttimateCatalog extends AbstractOttimateProcessor {

    public enum Operation implements DescribedEnum {
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
            .description("Writes the success and failure record sets (each record plus ottimate_id, ottimate_status_code, "
                    + "ottimate_error_code, ottimate_error_message). Records to retry stay in the incoming flowfile, unchanged.")
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

    public static final Relationship REL_ORIGINAL = new Relationship.Builder()
            .name("original")
            .description("The incoming flowfile, once every record is in a success or failure record set.")
            .build();

    static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(CONNECTION_SERVICE, CATALOG_OBJECT, OPERATION, RECORD_READER,
            RECORD_WRITER, COMPANY_ID, BATCH_SIZE, BATCH_TIMEOUT, ID_FIELD);
    static final Set<Relationship> RELATIONSHIPS = Set.of(REL_SUCCESS, REL_FAILURE, REL_RETRY, REL_ORIGINAL);
    static final Set<Relationship> BULK_RELATIONSHIPS = Set.of(REL_SUCCESS, REL_FAILURE, REL_RETRY, REL_PENDING, REL_ORIGINAL);
    private static final RecordOutcomes.Routes ROUTES = new RecordOutcomes.Routes(REL_SUCCESS, REL_FAILURE, REL_RETRY, REL_ORIGINAL);

    private final Clock clock;
    private volatile Set<Relationship> relationships = BULK_RELATIONSHIPS;

    public PutOttimateCatalog() {
        this(Clock.systemUTC());
    }

    /** For tests: the clock that decides batch time-outs. */
    PutOttimateCatalog(final Clock clock) {
        this.clock = clock;
    }

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    protected Collection<ValidationResult> customValidate(final ValidationContext context) {
        final List<ValidationResult> problems = new ArrayList<>(super.customValidate(context));
        if (context.getProperty(CATALOG_OBJECT).asAllowableValue(CatalogObject.class) == CatalogObject.PRICES
                && context.getProperty(OPERATION).asAllowableValue(Operation.class) == Operation.UPDATE) {
            problems.add(new ValidationResult.Builder().subject(OPERATION.getDisplayName()).valid(false)
                    .explanation("the API creates prices only: use Bulk Upsert (a bulk create for prices) or Create One by One").build());
        }
        return problems;
    }

    @Override
    public Set<Relationship> getRelationships() {
        return relationships;
    }

    @Override
    public void onPropertyModified(final PropertyDescriptor descriptor, final String oldValue, final String newValue) {
        if (descriptor.equals(OPERATION)) {
            relationships = newValue == null || Operation.BULK_UPSERT.getValue().equals(newValue) ? BULK_RELATIONSHIPS : RELATIONSHIPS;
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
        final ApiResource resource = context.getProperty(CATALOG_OBJECT).asAllowableValue(CatalogObject.class).resource();
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
                                outcomes.batchResults(batch, aligned(resource, batch, success.body()), 200, "task_failed");
                            } else {
                                outcomes.all(batch, results);
                            }
                        });
            } else {
                counts = switch (context.getProperty(OPERATION).asAllowableValue(Operation.class)) {
                    case BULK_UPSERT -> RecordDelivery.submit(setup, context.getProperty(BATCH_SIZE).asInteger(),
                            (batch, outcomes) -> sendBulk(connection, resource, companyId, batch, outcomes));
                    case CREATE -> RecordDelivery.submit(setup, 1, (batch, outcomes) -> {
                        sendOne(connection, resource, companyId, null, batch, outcomes);
                        return Optional.empty();
                    });
                    case UPDATE -> RecordDelivery.submit(setup, 1, (batch, outcomes) -> {
                        sendOne(connection, resource, companyId, context.getProperty(ID_FIELD).getValue(), batch, outcomes);
                        return Optional.empty();
                    });
                };
            }
        } catch (final IOException e) {
            throw new ProcessException("Sending catalog records of " + flowFile + " failed: " + e.getMessage(), e);
        }
        session.adjustCounter("Catalog records succeeded", counts.getOrDefault(RecordOutcomes.Outcome.SUCCESS, 0), false);
        session.adjustCounter("Catalog records failed", counts.getOrDefault(RecordOutcomes.Outcome.FAILURE, 0), false);
    }

    /** One bulk call: the batch id to follow (202), or the records' outcomes at once (201/207, or a failed call). */
    private Optional<String> sendBulk(final OttimateConnectionService connection, final ApiResource resource, final long companyId,
                                      final RecordBatches.Batch batch, final RecordOutcomes outcomes) throws IOException {
        final ObjectNode body = JSON.createObjectNode();
        body.put("ottimate_company_id", companyId);
        final ArrayNode items = body.putArray(resource.bulk().listField());
        batch.records().forEach(record -> items.add(body(resource, record)));
        final byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        final OttimateResult result = connection.execute(resource.bulkCreate().json(bytes)
                .idempotencyKey(IdempotencyKeys.of("catalog-" + resource.bulk().listField(), bytes)).build());
        if (result instanceof OttimateResult.Success success && success.status() == 202 && success.body().hasNonNull("batch_id")) {
            return Optional.of(success.body().get("batch_id").asText());
        }
        if (result instanceof OttimateResult.Success success) {
            // a synchronous 201/207: the per-record results are in the answer
            outcomes.batchResults(batch, aligned(resource, batch, success.body()), success.status(), "task_failed");
        } else {
            outcomes.all(batch, result);
        }
        return Optional.empty();
    }

    /** A record as the API takes it: entries' and allowances' amounts as read (decimal strings), a price's typed by its schema (numbers). */
    private static ObjectNode body(final ApiResource resource, final Record record) {
        final ObjectNode body = RecordToJson.toJson(record);
        return resource == ApiResource.PRICES ? SchemaValues.typed(body, resource.schema()) : body;
    }

    /** The batch's tasks in record order: by task number, or by catalog_unique_key where the results carry none. */
    private static List<JsonNode> aligned(final ApiResource resource, final RecordBatches.Batch batch, final JsonNode body) {
        final String key = resource.bulk().businessKey();
        final List<String> keys = batch.records().stream().map(record -> key == null || record.getValue(key) == null ? null
                : record.getValue(key).toString()).toList();
        return PendingWork.aligned(PendingWork.tasks(body), keys, key);
    }

    private void sendOne(final OttimateConnectionService connection, final ApiResource resource, final long companyId, final String idField,
                         final RecordBatches.Batch batch, final RecordOutcomes outcomes) throws IOException {
        final Record record = batch.records().getFirst();
        final int position = batch.positions().getFirst();
        final ObjectNode body = body(resource, record);
        final OttimateRequest request;
        if (idField != null) {
            final JsonNode id = body.remove(idField);
            if (id == null || id.isNull() || id.asText().isBlank()) {
                outcomes.failure(position, record, 0, "missing_id", "Record has no '" + idField + "' to update");
                return;
            }
            request = resource.update(id.asText().strip()).json(body.toString().getBytes(StandardCharsets.UTF_8)).build();
        } else {
            body.put("ottimate_company_id", companyId);
            if (resource == ApiResource.CATALOG_ENTRIES) {
                // the API requires both keys on a create, as a list or null
                for (final String list : List.of("prices", "allowances")) {
                    if (!body.has(list)) {
                        body.putNull(list);
                    }
                }
            }
            final byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            // only a record whose own create went unanswered is looked for before it is sent
            final RetrySet.Unanswered earlier = outcomes.unanswered(position);
            request = resource.create(body).json(bytes).idempotencyKey(IdempotencyKeys.of("catalog", bytes))
                    .unanswered(earlier == null ? null : earlier.write()).build();
        }
        final OttimateResult result = connection.execute(request);
        outcomes.record(position, record, result, result instanceof OttimateResult.Success success ? success.body().path("id").asText(null) : null);
    }
}
