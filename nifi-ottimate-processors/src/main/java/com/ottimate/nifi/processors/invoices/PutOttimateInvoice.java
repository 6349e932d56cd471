/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.invoices;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.nifi.client.model.OttimateRequest;
import com.ottimate.nifi.client.model.OttimateResult;
import com.ottimate.nifi.client.model.UnansweredWrite;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.JsonContent;
import com.ottimate.nifi.processors.OttimateAttributes;
import com.ottimate.nifi.processors.async.PendingWork;
import com.ottimate.nifi.processors.records.RecordOutcomes;
import com.ottimate.nifi.processors.records.RetrySet;
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
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.migration.PropertyConfiguration;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.RecordSetWriterFactory;

import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

@SupportsBatching
@InputRequirement(InputRequirement.Requirement.INPUT_REQUIRED)
@Tags({"ottimate", "invoice", "accounts payable", "put", "create", "update", "import", "json", "records"})
@CapabilityDescription("Creates or updates Ottimate invoices from a JSON object or from records, one request per invoice or in import "
        + "batches [POST /v1/invoices, PATCH /v1/invoices/{id}, POST /v1/invoices/import].")
@UseCase(description = "Load a CSV or JSON export of many invoices from an ERP into Ottimate.",
        configuration = """
                Set "Input Strategy" to "Records", "Record Reader" to a CSVReader or JsonTreeReader and "Record Writer" to a JsonRecordSetWriter.
                Leave "Record Strategy" on "One Request per Record", or pick "Import in Batches" for large loads (fewer requests).
                Route "failure" records to a review queue (ottimate_error_message says why) and "retry" (and "pending") back to this processor.
                """)
@UseCase(description = "Create invoices in Ottimate from JSON documents produced by an ERP or an OCR pipeline.",
        configuration = """
                Set "Ottimate Connection Service" to a StandardOttimateConnectionService.
                Leave "Invoice ID" empty so each flowfile creates one invoice.
                Route "retry" back to this processor (it is penalized), and "failure" to a place where a person can fix the JSON.
                """)
@UseCase(description = "Update invoices that already exist in Ottimate, e.g. after a Fetch or List processor.",
        configuration = """
                Set "Invoice ID" to ${ottimate.invoice.id} (or the attribute holding the id).
                Content is the PATCH body: only the fields to change.
                """)
@MultiProcessorUseCase(description = "Load the invoices an ERP exports as CSV files into Ottimate, and tell the ERP which went in.",
        keywords = {"erp", "csv", "intake"},
        configurations = {
                @ProcessorConfiguration(processorClassName = "org.apache.nifi.processors.standard.GetFile", configuration = """
                        Picks up the ERP's export directory; success to PutOttimateInvoice.
                        """),
                @ProcessorConfiguration(processorClass = PutOttimateInvoice.class, configuration = """
                        Input Strategy "Records", a CSVReader, a JsonRecordSetWriter; retry looped back; failure to a review queue.
                        """),
                @ProcessorConfiguration(processorClassName = "org.apache.nifi.processors.standard.PutDatabaseRecord", configuration = """
                        The success record sets (each record with its ottimate_id) back into the ERP's staging table.
                        """)
        })
@MultiProcessorUseCase(description = "Create an Ottimate invoice for each new row of an ERP database table, and write the invoice id "
        + "(or Ottimate's reason for refusing the row) back to that row.",
        keywords = {"erp", "database", "jdbc", "staging table", "write back"},
        configurations = {
                @ProcessorConfiguration(processorClassName = "org.apache.nifi.processors.standard.QueryDatabaseTableRecord", configuration = """
                        Table Name the staging table, Columns to Return its key and the invoice fields (named as the API names them),
                        Maximum-value Columns the key, a JsonRecordSetWriter. Success to PutOttimateInvoice.
                        """),
                @ProcessorConfiguration(processorClass = PutOttimateInvoice.class, configuration = """
                        Input Strategy "Records", a JsonTreeReader, Local Fields the row key (never sent), a Record Writer whose schema
                        is the key, ottimate_id, ottimate_error_code and ottimate_error_message. Success and failure to PutDatabaseRecord.
                        """),
                @ProcessorConfiguration(processorClassName = "org.apache.nifi.processors.standard.PutDatabaseRecord", configuration = """
                        Statement Type UPDATE, Update Keys the row key: each row gets its invoice id or the refusal.
                        """)
        })
@SeeAlso({FetchOttimateInvoice.class, UploadOttimateInvoiceFile.class, OttimateConnectionService.class})
@WritesAttributes({
        @WritesAttribute(attribute = OttimateAttributes.INVOICE_ID, description = "Id of the created or updated invoice"),
        @WritesAttribute(attribute = OttimateAttributes.STATUS_CODE, description = "HTTP status of the last attempt (0 when no answer arrived)"),
        @WritesAttribute(attribute = OttimateAttributes.REQUEST_ID, description = "The API's request id, for support tickets"),
        @WritesAttribute(attribute = OttimateAttributes.ATTEMPTS, description = "Attempts made, including retries"),
        @WritesAttribute(attribute = InvoiceWrite.LINES_BEFORE, description = "On retry after an unanswered update that adds lines: the "
                + "invoice's line ids before it, so the look-up can tell the new lines"),
        @WritesAttribute(attribute = OttimateAttributes.UNANSWERED_SINCE, description = "On retry: when the first unanswered attempt of a "
                + "write was sent; what it made cannot be older (the look-up's window)"),
        @WritesAttribute(attribute = OttimateAttributes.UNANSWERED_SETTLED, description = "On retry: when the latest unanswered attempt can no "
                + "longer be applied; when the flowfile comes back after it, the write is looked for by its proof before anything is sent"),
        @WritesAttribute(attribute = OttimateAttributes.IDEMPOTENCY_KEY, description = "Idempotency-Key sent with a create"),
        @WritesAttribute(attribute = OttimateAttributes.REPLAYED, description = "true when the API answered from its idempotency cache (the invoice already existed from an earlier attempt)"),
        @WritesAttribute(attribute = OttimateAttributes.ERROR_CODE, description = "On failure or retry: the API's error code, or a local one such as invalid_json"),
        @WritesAttribute(attribute = OttimateAttributes.ERROR_MESSAGE, description = "On failure or retry: what went wrong"),
        @WritesAttribute(attribute = "mime.type", description = "application/json on success; the Record Writer's type for record sets"),
        @WritesAttribute(attribute = "record.count", description = "Records in a success or failure record set"),
        @WritesAttribute(attribute = OttimateAttributes.REQUESTS_TODAY, description = "Requests the connection sent today (UTC)"),
        @WritesAttribute(attribute = RetrySet.SETTLED, description = "Records input, on the flowfile sent to retry or pending: positions of the records that already have their outcome"),
        @WritesAttribute(attribute = RetrySet.UNANSWERED, description = "On the flowfile sent to retry: positions of the records whose own "
                + "attempt went unanswered, the only ones looked up before they are sent again"),
        @WritesAttribute(attribute = RetrySet.CONTENT, description = "On the flowfile sent to retry or pending: a digest of the content the "
                + "positions were computed for; other content (a file fixed and sent back) ignores them"),
        @WritesAttribute(attribute = RecordOutcomes.RETRY_COUNT, description = "Records input, on the flowfile sent to retry: records left to send"),
        @WritesAttribute(attribute = PendingWork.JOBS, description = "Import in Batches, on the flowfile sent to pending: the import batches being followed"),
        @WritesAttribute(attribute = PendingWork.SINCE, description = "On the flowfile sent to pending: when the batches were submitted"),
        @WritesAttribute(attribute = PendingWork.POLLS, description = "On the flowfile sent to pending: polls made"),
        @WritesAttribute(attribute = PendingWork.BATCH_SIZE, description = "On the flowfile sent to pending: records per batch")
})
public class PutOttimateInvoice extends AbstractOttimateProcessor {

    public static final PropertyDescriptor INVOICE_ID = new PropertyDescriptor.Builder()
            .name("Invoice ID")
            .description("Id of an existing invoice to update with PATCH. When empty (after Expression Language), the content creates a new invoice.")
            .required(false)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .build();

    public static final PropertyDescriptor INPUT_STRATEGY = new PropertyDescriptor.Builder()
            .name("Input Strategy")
            .description("One invoice per flowfile as a JSON object, or many invoices as records (CSV, JSON, Avro …).")
            .required(true)
            .allowableValues(InputStrategy.class)
            .defaultValue(InputStrategy.JSON_OBJECT)
            .build();

    public static final PropertyDescriptor SUCCESS_CONTENT = new PropertyDescriptor.Builder()
            .name("Success Content")
            .description("What a flowfile holds on success: the invoice as Ottimate answered it, or its own content unchanged (the id "
                    + "is in ottimate.invoice.id either way). Keep the original where nothing downstream reads the answer: writing it costs "
                    + "a content write per invoice.")
            .required(true)
            .allowableValues(SuccessContent.class)
            .defaultValue(SuccessContent.CREATED_INVOICE)
            .dependsOn(INPUT_STRATEGY, InputStrategy.JSON_OBJECT)
            .build();

    public static final PropertyDescriptor RECORD_READER = new PropertyDescriptor.Builder()
            .name("Record Reader")
            .description("Reads the invoices; each record is one invoice with the API's field names (nested items as arrays of records).")
            .required(true)
            .dependsOn(INPUT_STRATEGY, InputStrategy.RECORDS)
            .identifiesControllerService(RecordReaderFactory.class)
            .build();

    public static final PropertyDescriptor RECORD_WRITER = new PropertyDescriptor.Builder()
            .name("Record Writer")
            .description("Writes the success, failure and retry record sets: each record as read, plus ottimate_id, ottimate_status_code, "
                    + "ottimate_error_code and ottimate_error_message.")
            .required(true)
            .dependsOn(INPUT_STRATEGY, InputStrategy.RECORDS)
            .identifiesControllerService(RecordSetWriterFactory.class)
            .build();

    public static final PropertyDescriptor RECORD_STRATEGY = new PropertyDescriptor.Builder()
            .name("Record Strategy")
            .description("How records are sent.")
            .required(true)
            .allowableValues(RecordStrategy.class)
            .defaultValue(RecordStrategy.PER_RECORD)
            .dependsOn(INPUT_STRATEGY, InputStrategy.RECORDS)
            .build();

    public static final PropertyDescriptor INVOICE_ID_FIELD = new PropertyDescriptor.Builder()
            .name("Invoice ID Field")
            .description("Record field holding the id of an existing invoice: records with a value there are updated (PATCH, the field "
                    + "itself is not sent); records without are created.")
            .required(false)
            .dependsOn(RECORD_STRATEGY, RecordStrategy.PER_RECORD)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor BATCH_SIZE = new PropertyDescriptor.Builder()
            .name("Batch Size")
            .description("Invoices per POST /v1/invoices/import (at most 100).")
            .required(true)
            .defaultValue("100")
            .dependsOn(RECORD_STRATEGY, RecordStrategy.IMPORT)
            .addValidator(StandardValidators.createLongValidator(1, 100, true))
            .build();

    public static final PropertyDescriptor BATCH_TIMEOUT = new PropertyDescriptor.Builder()
            .name("Batch Timeout")
            .description("How long to follow an import batch on 'pending' (the processor's Penalty Duration is the polling interval); "
                    + "records of a batch still running then go to 'retry'. Retrying sends the same batch with the same key, which the API "
                    + "answers with the same batch, so nothing is imported twice.")
            .required(true)
            .defaultValue("2 mins")
            .dependsOn(RECORD_STRATEGY, RecordStrategy.IMPORT)
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    public static final PropertyDescriptor SINGLE_IDEMPOTENCY_KEY = new PropertyDescriptor.Builder()
            .fromPropertyDescriptor(IDEMPOTENCY_KEY)
            .dependsOn(INPUT_STRATEGY, InputStrategy.JSON_OBJECT)
            .build();

    public static final PropertyDescriptor SINGLE_INVOICE_ID = new PropertyDescriptor.Builder()
            .fromPropertyDescriptor(INVOICE_ID)
            .dependsOn(INPUT_STRATEGY, InputStrategy.JSON_OBJECT)
            .build();

    public static final PropertyDescriptor REFERENCE_CUSTOM_FIELD = new PropertyDescriptor.Builder()
            .name("Reference Custom Field")
            .description("An invoice custom field, set up in Ottimate, that holds a reference only this create sends: the value the "
                    + "content already has for it, else the create's Idempotency Key. A create whose answer was lost is then proven by "
                    + "that field alone (GET /v1/invoices?custom_fields=...), read back exactly. Empty: by the invoice's business "
                    + "identity (number, vendor, date, total, location).")
            .required(false)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor LOCAL_FIELDS = new PropertyDescriptor.Builder()
            .name("Local Fields")
            .description("Comma-separated record fields that are your own, not the invoice's (for example the ERP row's key): never sent to "
                    + "Ottimate, but kept in the success and failure records, so that a later step can find the row each record came from.")
            .required(false)
            .dependsOn(INPUT_STRATEGY, InputStrategy.RECORDS)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final Relationship REL_ORIGINAL = new Relationship.Builder()
            .name("original")
            .description("Records input only: the incoming flowfile, once every record is in a success or failure record set.")
            .build();

    static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(CONNECTION_SERVICE, INPUT_STRATEGY, SINGLE_INVOICE_ID,
            SINGLE_IDEMPOTENCY_KEY, SUCCESS_CONTENT, RECORD_READER, RECORD_WRITER, RECORD_STRATEGY, INVOICE_ID_FIELD, LOCAL_FIELDS, BATCH_SIZE, BATCH_TIMEOUT,
            REFERENCE_CUSTOM_FIELD);
    static final Set<Relationship> RELATIONSHIPS = Set.of(REL_SUCCESS, REL_FAILURE, REL_RETRY);
    static final Set<Relationship> RECORD_RELATIONSHIPS = Set.of(REL_SUCCESS, REL_FAILURE, REL_RETRY, REL_ORIGINAL);
    static final Set<Relationship> IMPORT_RELATIONSHIPS = Set.of(REL_SUCCESS, REL_FAILURE, REL_RETRY, REL_ORIGINAL, REL_PENDING);
    static final RecordOutcomes.Routes ROUTES = new RecordOutcomes.Routes(REL_SUCCESS, REL_FAILURE, REL_RETRY, REL_ORIGINAL);

    private volatile String inputStrategy = InputStrategy.JSON_OBJECT.getValue();

    /** The Reference Custom Field, or null when creates are proven by their business identity. */
    static String referenceField(final ProcessContext context) {
        final String field = context.getProperty(REFERENCE_CUSTOM_FIELD).getValue();
        return field == null || field.isBlank() ? null : field.strip();
    }
    /** The Local Fields: record fields never sent. */
    static Set<String> localFields(final ProcessContext context) {
        final String fields = context.getProperty(LOCAL_FIELDS).getValue();
        return fields == null ? Set.of() : Arrays.stream(fields.split(",")).map(String::strip).filter(f -> !f.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    private volatile String recordStrategy = RecordStrategy.PER_RECORD.getValue();
    private final Clock clock;

    public PutOttimateInvoice() {
        this(Clock.systemUTC());
    }

    /** For tests: the clock that decides import batch time-outs. */
    PutOttimateInvoice(final Clock clock) {
        this.clock = clock;
    }

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    public void migrateProperties(final PropertyConfiguration config) {
        // 0.1.0 followed import batches with a blocking poll; the 'pending' loop's penalty is the interval now
        config.removeProperty("Batch Poll Interval");
    }

    @Override
    public Set<Relationship> getRelationships() {
        if (!InputStrategy.RECORDS.getValue().equals(inputStrategy)) {
            return RELATIONSHIPS;
        }
        return RecordStrategy.IMPORT.getValue().equals(recordStrategy) ? IMPORT_RELATIONSHIPS : RECORD_RELATIONSHIPS;
    }

    @Override
    public void onPropertyModified(final PropertyDescriptor descriptor, final String oldValue, final String newValue) {
        if (descriptor.equals(INPUT_STRATEGY)) {
            inputStrategy = newValue == null ? InputStrategy.JSON_OBJECT.getValue() : newValue;
        } else if (descriptor.equals(RECORD_STRATEGY)) {
            recordStrategy = newValue == null ? RecordStrategy.PER_RECORD.getValue() : newValue;
        }
    }

    @Override
    public void onTrigger(final ProcessContext context, final ProcessSession session) {
        final FlowFile flowFile = session.get();
        if (flowFile == null) {
            return;
        }
        final OttimateConnectionService connection = connection(context);
        if (context.getProperty(INPUT_STRATEGY).asAllowableValue(InputStrategy.class) == InputStrategy.RECORDS) {
            new InvoiceRecords(context, connection, session, flowFile, getLogger(), clock).send();
            return;
        }
        final JsonContent.Parsed invoice;
        try {
            // parsed once; a create sends these very bytes
            invoice = JsonContent.readObjectAndBytes(session, flowFile, JSON);
        } catch (final JsonContent.InvalidJson e) {
            routeBadInput(session, flowFile, "invalid_json", e.getMessage());
            return;
        }
        final String invoiceId = context.getProperty(SINGLE_INVOICE_ID).evaluateAttributeExpressions(flowFile).getValue();
        if (invoiceId != null && !invoiceId.isBlank()) {
            update(context, session, flowFile, connection, invoice.object(), invoiceId);
            return;
        }
        final String key = context.getProperty(SINGLE_IDEMPOTENCY_KEY).evaluateAttributeExpressions(flowFile).getValue();
        if (validIdempotencyKey(session, flowFile, key)) {
            final String referenceField = referenceField(context);
            final UnansweredWrite unanswered = OttimateAttributes.unanswered(flowFile);
            send(context, session, session.putAttribute(flowFile, OttimateAttributes.IDEMPOTENCY_KEY, key), connection, referenceField == null
                    ? InvoiceWrite.create(invoice.bytes(), invoice.object(), key, unanswered)
                    : InvoiceWrite.create(invoice.object(), key, unanswered, referenceField), null, null);
        }
    }

    /** A PATCH of {@code invoiceId}; one that adds lines first needs the lines the invoice had (see InvoiceWrite). */
    private void update(final ProcessContext context, final ProcessSession session, final FlowFile flowFile, final OttimateConnectionService connection, final ObjectNode invoice,
                        final String invoiceId) {
        if (!OttimateRequest.isUsableId(invoiceId)) {
            usableId(session, flowFile, SINGLE_INVOICE_ID.getName(), invoiceId);
            return;
        }
        final String id = invoiceId.strip();
        final UnansweredWrite unanswered = OttimateAttributes.unanswered(flowFile);
        final InvoiceWrite.Update prepared = InvoiceWrite.update(connection, id, InvoiceWrite.toBytes(invoice), invoice,
                unanswered == null ? null : InvoiceWrite.linesBefore(flowFile), unanswered);
        if (prepared.request() == null) {
            routeUnsuccessful(session, flowFile, prepared.failure(), "Reading invoice " + id + " before adding lines to it");
            return;
        }
        send(context, session, flowFile, connection, prepared.request(), prepared.linesBefore(), id);
    }

    /** Sends one create ({@code invoiceId} null) or update and routes its outcome. */
    private void send(final ProcessContext context, final ProcessSession session, final FlowFile flowFile, final OttimateConnectionService connection, final OttimateRequest request,
                      final Set<String> linesBefore, final String invoiceId) {
        final boolean update = invoiceId != null;
        final long started = System.nanoTime();
        final OttimateResult result = connection.execute(request);
        if (!(result instanceof OttimateResult.Success success)) {
            FlowFile outcome = flowFile;
            if (result instanceof OttimateResult.Retryable retryable && retryable.unanswered() != null && linesBefore != null) {
                // the look-up on the way back compares with the lines as they were before the first attempt
                outcome = session.putAttribute(outcome, InvoiceWrite.LINES_BEFORE, String.join(",", linesBefore));
            }
            routeUnsuccessful(session, outcome, result, (update ? "Updating invoice " + invoiceId : "Creating an invoice") + " from " + flowFile);
            return;
        }
        final Map<String, String> attributes = new HashMap<>();
        attributes.put(OttimateAttributes.INVOICE_ID, success.body().path("id").asText(update ? invoiceId : ""));
        attributes.put(OttimateAttributes.REPLAYED, Boolean.toString(success.replayed()));
        session.adjustCounter(update ? "Invoices updated" : "Invoices created", 1, false);
        final boolean answerAsContent = context.getProperty(SUCCESS_CONTENT).asAllowableValue(SuccessContent.class) == SuccessContent.CREATED_INVOICE;
        transferSuccess(session, session.removeAttribute(flowFile, InvoiceWrite.LINES_BEFORE), success, attributes, started, true, answerAsContent);
    }
}
