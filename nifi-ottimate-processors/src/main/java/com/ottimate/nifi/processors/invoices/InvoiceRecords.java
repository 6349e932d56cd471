/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.invoices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.nifi.client.Finding;
import com.ottimate.nifi.client.model.ApiError;
import com.ottimate.nifi.client.model.OttimateRequest;
import com.ottimate.nifi.client.model.OttimateResult;
import com.ottimate.nifi.processors.IdempotencyKeys;
import com.ottimate.nifi.processors.async.PendingWork;
import com.ottimate.nifi.processors.records.RecordBatches;
import com.ottimate.nifi.processors.records.RecordDelivery;
import com.ottimate.nifi.processors.records.RecordOutcomes;
import com.ottimate.nifi.processors.records.RecordToJson;
import com.ottimate.nifi.processors.records.RetrySet;
import com.ottimate.nifi.processors.resources.ApiResource;
import com.ottimate.nifi.processors.resources.ApiResource.Action;
import com.ottimate.nifi.services.OttimateConnectionService;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.exception.ProcessException;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.record.Record;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * PutOttimateInvoice's records mode: reads invoices one batch at a time and sends them (one request each, or import
 * batches followed on 'pending'); every record ends in the success or failure record set, or stays in the flowfile that
 * goes to 'retry' unchanged.
 */
final class InvoiceRecords {
    private final ProcessContext context;
    private final OttimateConnectionService connection;
    private final ProcessSession session;
    private final FlowFile flowFile;
    private final ComponentLog logger;
    private final Clock clock;
    private final Set<String> localFields;

    InvoiceRecords(final ProcessContext context, final OttimateConnectionService connection, final ProcessSession session, final FlowFile flowFile,
                   final ComponentLog logger, final Clock clock) {
        this.context = context;
        this.connection = connection;
        this.session = session;
        this.flowFile = flowFile;
        this.logger = logger;
        this.clock = clock;
        this.localFields = PutOttimateInvoice.localFields(context);
    }

    /** The invoice a record is, in the API's JSON: without the fields that are the user's own (Local Fields). */
    private ObjectNode invoice(final Record record) {
        final ObjectNode invoice = RecordToJson.toJson(record);
        localFields.forEach(invoice::remove);
        return invoice;
    }

    void send() {
        final RecordDelivery.Setup setup = new RecordDelivery.Setup(session, flowFile,
                context.getProperty(PutOttimateInvoice.RECORD_READER).asControllerService(RecordReaderFactory.class),
                context.getProperty(PutOttimateInvoice.RECORD_WRITER).asControllerService(RecordSetWriterFactory.class), logger,
                PutOttimateInvoice.ROUTES, PutOttimateInvoice.REL_PENDING, connection.uriOf(ApiResource.INVOICES.list(null).build()).toString(), clock::millis);
        final Map<RecordOutcomes.Outcome, Integer> counts;
        try {
            final boolean imports = context.getProperty(PutOttimateInvoice.RECORD_STRATEGY).asAllowableValue(RecordStrategy.class) == RecordStrategy.IMPORT;
            // only import batches wait on 'pending': anything else carrying its attributes is new input
            final Optional<PendingWork> pending = imports ? PendingWork.of(flowFile) : Optional.empty();
            if (pending.isPresent()) {
                counts = RecordDelivery.follow(setup, pending.get(), PendingWork.batches(connection::execute),
                        context.getProperty(PutOttimateInvoice.BATCH_TIMEOUT).asTimePeriod(TimeUnit.MILLISECONDS), (batch, job, outcomes) -> {
                            final OttimateResult results = PendingWork.batchResults(connection::execute, job.id());
                            if (results instanceof OttimateResult.Success success) {
                                importResults(batch, PendingWork.tasks(success.body()), 201, outcomes);
                            } else {
                                outcomes.all(batch, results);
                            }
                        }, true);
            } else if (context.getProperty(PutOttimateInvoice.RECORD_STRATEGY).asAllowableValue(RecordStrategy.class) == RecordStrategy.IMPORT) {
                counts = RecordDelivery.submit(setup, context.getProperty(PutOttimateInvoice.BATCH_SIZE).asInteger(), this::sendImport);
            } else {
                final String idField = context.getProperty(PutOttimateInvoice.INVOICE_ID_FIELD).getValue();
                counts = RecordDelivery.submit(setup, 1, (batch, outcomes) -> {
                    sendOne(batch, idField, outcomes);
                    return Optional.empty();
                });
            }
        } catch (final IOException e) {
            throw new ProcessException("Sending invoice records of " + flowFile + " failed: " + e.getMessage(), e);
        }
        session.adjustCounter("Invoice records succeeded", counts.getOrDefault(RecordOutcomes.Outcome.SUCCESS, 0), false);
        session.adjustCounter("Invoice records failed", counts.getOrDefault(RecordOutcomes.Outcome.FAILURE, 0), false);
        session.adjustCounter("Invoice records to retry", counts.getOrDefault(RecordOutcomes.Outcome.RETRY, 0), false);
    }

    private void sendOne(final RecordBatches.Batch batch, final String idField, final RecordOutcomes outcomes) throws IOException {
        final Record record = batch.records().getFirst();
        final int position = batch.positions().getFirst();
        final ObjectNode body = invoice(record);
        final JsonNode id = idField == null ? null : body.remove(idField);
        final byte[] bytes = InvoiceWrite.toBytes(body);
        final boolean update = id != null && !id.isNull() && !id.asText().isBlank();
        if (update && !OttimateRequest.isUsableId(id.asText())) {
            outcomes.record(position, record, new OttimateResult.Rejected(connection.uriOf(ApiResource.INVOICES.list(null).build()), 0,
                    ApiError.local("invalid_id", "'" + id.asText() + "' cannot be an invoice id"), 0), null);
            return;
        }
        // only a record whose own write went unanswered is looked for before it is sent
        final RetrySet.Unanswered earlier = outcomes.unanswered(position);
        final OttimateRequest request;
        Set<String> linesBefore = null;
        if (update) {
            final InvoiceWrite.Update prepared = InvoiceWrite.update(connection, id.asText().strip(), bytes, body,
                    earlier == null ? null : earlier.linesBefore(), earlier == null ? null : earlier.write());
            if (prepared.request() == null) {
                outcomes.record(position, record, prepared.failure(), null);
                return;
            }
            request = prepared.request();
            linesBefore = prepared.linesBefore();
        } else {
            request = InvoiceWrite.create(body, IdempotencyKeys.of("inv", bytes), earlier == null ? null : earlier.write(),
                    PutOttimateInvoice.referenceField(context));
        }
        final OttimateResult result = connection.execute(request);
        outcomes.record(position, record, result, result instanceof OttimateResult.Success success ? success.body().path("id").asText(null) : null,
                linesBefore);
    }

    /** One POST /invoices/import: its batch id to follow, or the records' outcome when the call itself did not go through. */
    private Optional<String> sendImport(final RecordBatches.Batch batch, final RecordOutcomes outcomes) throws IOException {
        final ArrayNode body = JsonNodeFactory.instance.arrayNode();
        batch.records().forEach(record -> body.add(importBody(record)));
        final byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        final Instant sent = clock.instant();
        final OttimateResult accepted = connection.execute(OttimateRequest.post(ApiResource.INVOICES.action(Action.IMPORT)).json(bytes)
                .idempotencyKey(IdempotencyKeys.of("imp", bytes)).build());
        if (accepted.attempts() > 1 || accepted instanceof OttimateResult.Retryable && accepted.attempts() > 0) {
            // an attempt may have gone through unanswered; where Idempotency-Key is ignored, the import sent after it fails on
            // its spent upload_ids, and those invoices are then looked for
            batch.positions().forEach(position -> outcomes.mayHaveApplied(position, sent));
        }
        if (accepted instanceof OttimateResult.Success success && success.body().hasNonNull("batch_id")) {
            return Optional.of(success.body().get("batch_id").asText());
        }
        if (accepted instanceof OttimateResult.Success success) {
            // an import answered at once: the per-invoice results are in the answer
            importResults(batch, PendingWork.tasks(success.body()), success.status(), outcomes);
        } else {
            outcomes.all(batch, accepted);
        }
        return Optional.empty();
    }

    /** The invoice a record imports as: import needs a unique upload_id; one derived from the invoice keeps a re-sent invoice from importing twice. */
    private ObjectNode importBody(final Record record) {
        final ObjectNode invoice = invoice(record);
        if (!invoice.hasNonNull("upload_id")) {
            invoice.put("upload_id", IdempotencyKeys.of("nifi", InvoiceWrite.toBytes(invoice)));
        }
        return invoice;
    }

    /**
     * Each record's outcome from its import task. A failed task of a record an earlier attempt may have imported (an
     * import unanswered, or a batch not seen to finish) is looked for first: the invoice equal in identity that shows its
     * upload_id is its own (the API imports an upload_id once). Where invoices do not show upload_id (Ottimate's OpenAPI
     * document does not list it), such a record goes to a person rather than to an "already imported" failure.
     */
    private void importResults(final RecordBatches.Batch batch, final List<JsonNode> tasks, final int status, final RecordOutcomes outcomes)
            throws IOException {
        // by task number, or by the upload_id each import names where the results carry none
        final List<JsonNode> aligned = PendingWork.aligned(tasks, batch.records().stream().map(record -> record.getValue("upload_id") == null ? null
                : record.getValue("upload_id").toString()).toList(), "upload_id");
        for (int i = 0; i < batch.size(); i++) {
            final int position = batch.positions().get(i);
            final Record record = batch.records().get(i);
            final JsonNode task = aligned.get(i);
            final RetrySet.Unanswered earlier = outcomes.unanswered(position);
            if (RecordOutcomes.succeeded(task) || earlier == null) {
                outcomes.taskResult(position, record, task, status, "import_task_failed");
                continue;
            }
            switch (InvoiceWrite.importLookup(importBody(record)).find(connection::execute, earlier.write().window())) {
                case Finding.Proven proven -> outcomes.success(position, record, proven.object().path("id").asText(null), 200);
                case Finding.Absent absent -> outcomes.taskResult(position, record, task, status, "import_task_failed");
                case Finding.Unconfirmed unconfirmed -> outcomes.failure(position, record, 0, "unconfirmed_write", unconfirmed.found());
                case Finding.Unknown unknown -> outcomes.retry(position, "unanswered_write", "The import of this invoice failed after an attempt "
                        + "that may have gone through, and the look-up that would tell failed (HTTP " + unknown.read().status() + "); it is "
                        + "looked for again when the flowfile comes back");
            }
        }
    }
}
