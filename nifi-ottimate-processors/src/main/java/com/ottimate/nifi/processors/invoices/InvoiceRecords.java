package com.ottimate.nifi.processors.invoices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.nifi.client.ApiError;
import com.ottimate.nifi.client.BatchResult;
import com.ottimate.nifi.client.OttimateRequest;
import com.ottimate.nifi.client.OttimateResult;
import com.ottimate.nifi.processors.ContentKeys;
import com.ottimate.nifi.processors.records.RecordBatches;
import com.ottimate.nifi.processors.records.RecordJson;
import com.ottimate.nifi.processors.records.RecordOutcomes;
import com.ottimate.nifi.services.OttimateConnectionService;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.record.Record;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * PutOttimateInvoice's records mode: reads invoices one record at a time, sends them (one request each, or import
 * batches), and writes each record to the success, failure or retry set. Only a batch is ever held in memory.
 */
final class InvoiceRecords {
    private final PutOttimateInvoice processor;
    private final ProcessContext context;
    private final OttimateConnectionService connection;
    private final ProcessSession session;
    private final FlowFile flowFile;
    private final String idField;

    InvoiceRecords(final PutOttimateInvoice processor, final ProcessContext context, final OttimateConnectionService connection,
                   final ProcessSession session, final FlowFile flowFile) {
        this.processor = processor;
        this.context = context;
        this.connection = connection;
        this.session = session;
        this.flowFile = flowFile;
        final RecordStrategy strategy = context.getProperty(PutOttimateInvoice.RECORD_STRATEGY).asAllowableValue(RecordStrategy.class);
        this.idField = strategy == RecordStrategy.PER_RECORD ? context.getProperty(PutOttimateInvoice.INVOICE_ID_FIELD).getValue() : null;
    }

    void send() {
        final RecordReaderFactory readers = context.getProperty(PutOttimateInvoice.RECORD_READER).asControllerService(RecordReaderFactory.class);
        final RecordSetWriterFactory writers = context.getProperty(PutOttimateInvoice.RECORD_WRITER).asControllerService(RecordSetWriterFactory.class);
        final boolean importing = context.getProperty(PutOttimateInvoice.RECORD_STRATEGY).asAllowableValue(RecordStrategy.class) == RecordStrategy.IMPORT;
        final int batchSize = importing ? context.getProperty(PutOttimateInvoice.BATCH_SIZE).asInteger() : 1;
        final RecordOutcomes outcomes = new RecordOutcomes(session, flowFile, writers, processor.logger());
        RecordBatches.Unreadable unreadable = null;
        try {
            RecordBatches.forEach(session, flowFile, readers, processor.logger(), batchSize, (index, records) -> {
                if (importing) {
                    sendBatch(records, outcomes);
                } else {
                    sendOne(records.getFirst(), outcomes);
                }
            });
        } catch (final RecordBatches.Unreadable e) {
            unreadable = e;
        } catch (final IOException e) {
            closeQuietly(outcomes);
            throw new org.apache.nifi.processor.exception.ProcessException("Sending invoice records of " + flowFile + " failed: " + e.getMessage(), e);
        }
        // records sent before an unreadable one keep their outcome sets
        final Map<RecordOutcomes.Outcome, Integer> counts;
        try {
            counts = outcomes.complete(PutOttimateInvoice.outcomeRelationships(), Map.of(),
                    connection.uriOf(OttimateRequest.get("invoices").build()).toString());
        } catch (final IOException e) {
            closeQuietly(outcomes);
            throw new org.apache.nifi.processor.exception.ProcessException("Writing record sets for " + flowFile + " failed: " + e.getMessage(), e);
        }
        session.adjustCounter("Invoice records succeeded", counts.getOrDefault(RecordOutcomes.Outcome.SUCCESS, 0), false);
        session.adjustCounter("Invoice records failed", counts.getOrDefault(RecordOutcomes.Outcome.FAILURE, 0), false);
        session.adjustCounter("Invoice records to retry", counts.getOrDefault(RecordOutcomes.Outcome.RETRY, 0), false);
        if (unreadable != null) {
            processor.routeUnreadable(session, flowFile, unreadable.getMessage());
        } else {
            session.transfer(flowFile, PutOttimateInvoice.REL_ORIGINAL);
        }
    }

    private static void closeQuietly(final RecordOutcomes outcomes) {
        try {
            outcomes.close();
        } catch (final IOException ignored) {
            // the session is rolled back by the framework; nothing to keep
        }
    }

    private void sendOne(final Record record, final RecordOutcomes outcomes) throws IOException {
        final ObjectNode body = RecordJson.toJson(record);
        final JsonNode id = idField == null ? null : body.remove(idField);
        final OttimateRequest request;
        if (id != null && !id.isNull() && !id.asText().isBlank()) {
            request = OttimateRequest.patch("invoices", id.asText().strip()).json(PutOttimateInvoice.toBytes(connection.mapper(), body)).build();
        } else {
            final byte[] bytes = PutOttimateInvoice.toBytes(connection.mapper(), body);
            request = OttimateRequest.post("invoices").json(bytes).idempotencyKey(ContentKeys.of("inv", bytes)).build();
        }
        final OttimateResult result = connection.execute(request);
        outcomes.record(record, result, result instanceof OttimateResult.Success success ? success.body().path("id").asText(null) : null);
    }

    private void sendBatch(final List<Record> records, final RecordOutcomes outcomes) throws IOException {
        final ArrayNode body = JsonNodeFactory.instance.arrayNode();
        for (final Record record : records) {
            final ObjectNode invoice = RecordJson.toJson(record);
            if (!invoice.hasNonNull("upload_id")) {
                // import needs a unique upload_id; one derived from the invoice keeps a re-sent invoice from importing twice
                invoice.put("upload_id", ContentKeys.of("nifi", PutOttimateInvoice.toBytes(connection.mapper(), invoice)));
            }
            body.add(invoice);
        }
        final byte[] bytes = body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        final OttimateResult accepted = connection.execute(OttimateRequest.post("invoices", "import").json(bytes)
                .idempotencyKey(ContentKeys.of("imp", bytes)).build());
        if (!(accepted instanceof OttimateResult.Success success)) {
            for (final Record record : records) {
                outcomes.record(record, accepted, null);
            }
            return;
        }
        final String batchId = success.body().path("batch_id").asText("");
        final BatchResult result = connection.followBatch(batchId,
                Duration.ofMillis(context.getProperty(PutOttimateInvoice.BATCH_POLL_INTERVAL).asTimePeriod(TimeUnit.MILLISECONDS)),
                Duration.ofMillis(context.getProperty(PutOttimateInvoice.BATCH_TIMEOUT).asTimePeriod(TimeUnit.MILLISECONDS)));
        if (!result.completed()) {
            final OttimateResult outcome = result.outcome() instanceof OttimateResult.Success running
                    ? new OttimateResult.Retryable(running.uri(), running.status(), ApiError.local("batch_timeout",
                    "Import batch " + batchId + " was still running when Batch Timeout passed"), running.attempts())
                    : result.outcome();
            for (final Record record : records) {
                outcomes.record(record, outcome, null);
            }
            return;
        }
        outcomes.batchResults(records, result.tasks(), 201, "import_task_failed");
    }
}
