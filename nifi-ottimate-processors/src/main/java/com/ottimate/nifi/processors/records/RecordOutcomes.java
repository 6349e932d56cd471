/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.ottimate.nifi.client.model.OttimateResult;
import com.ottimate.nifi.client.model.UnansweredWrite;
import com.ottimate.nifi.processors.OttimateAttributes;
import com.ottimate.nifi.processors.async.PendingWork;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.flowfile.attributes.CoreAttributes;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.WriteResult;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The outcome of every record of one incoming flowfile: records the API took go to a success record set, records it refused to a
 * failure record set, and records that met only transient trouble are not rewritten at all but stay in the incoming flowfile, which
 * goes to 'retry' with a {@link RetrySet} (else to 'original'). Every record ends in exactly one place.
 */
public final class RecordOutcomes implements AutoCloseable {
    public static final String ID = "ottimate_id";
    public static final String STATUS_CODE = "ottimate_status_code";
    public static final String ERROR_CODE = "ottimate_error_code";
    public static final String ERROR_MESSAGE = "ottimate_error_message";
    /** Records of the incoming flowfile still to be sent, on a flowfile routed to 'retry'. */
    public static final String RETRY_COUNT = "ottimate.records.retry";

    public enum Outcome { SUCCESS, FAILURE, RETRY }

    /** What a pass leaves on the incoming flowfile; record sets created from it do not inherit them. */
    private static final Set<String> PROGRESS = progressAttributes();

    /** Where each outcome goes: success and failure record sets, and the incoming flowfile to retry or original. */
    public record Routes(Relationship success, Relationship failure, Relationship retry, Relationship original) {
    }

    private static final class Split {
        FlowFile flowFile;
        OutputStream out;
        RecordSetWriter writer;
        String firstErrorCode;
        String firstErrorMessage;
    }

    private final ProcessSession session;
    private final FlowFile parent;
    private final RecordSetWriterFactory writers;
    private final ComponentLog logger;
    private final RetrySet settled;
    private String digest;
    private boolean halted;
    private final Map<Outcome, Split> splits = new EnumMap<>(Outcome.class);
    private final Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
    private final Map<RecordSchema, RecordSchema> withOutcome = new HashMap<>();
    private String retryCode;
    private String retryMessage;

    public RecordOutcomes(final ProcessSession session, final FlowFile parent, final RecordSetWriterFactory writers, final ComponentLog logger) {
        this.session = session;
        this.parent = parent;
        this.writers = writers;
        this.logger = logger;
        this.settled = RetrySet.of(parent.getAttributes(), this::digest);
    }

    /** The records an earlier pass already settled (batches skip them), and those whose write went unanswered. */
    public RetrySet settled() {
        return settled;
    }

    /** The unanswered earlier attempts of the record at {@code position}, or null: only then is it looked for before it is sent. */
    public RetrySet.Unanswered unanswered(final int position) {
        return settled.unanswered(position);
    }

    /**
     * True once a write of this pass went unanswered: the API is in trouble, so nothing more is sent in it, and what was not sent
     * yet waits with the flowfile (never looked for, as it was never sent).
     */
    public boolean halted() {
        return halted;
    }

    /** The digest of the incoming content, read once per pass and only where a retry set needs it. */
    private String digest() {
        if (digest == null) {
            digest = ContentDigest.of(session, parent);
        }
        return digest;
    }

    public void success(final int position, final Record record, final String id, final int status) throws IOException {
        write(Outcome.SUCCESS, record, id, status, null, null);
        settled.add(position);
    }

    public void failure(final int position, final Record record, final int status, final String code, final String message) throws IOException {
        write(Outcome.FAILURE, record, null, status, code, message);
        settled.add(position);
    }

    /**
     * An attempt of the record's write that was sent at {@code sent} may have gone through unanswered, though the call
     * ended answered (a retry) or will be sent again: it is kept with the record, for a write that fails afterwards to
     * be looked for.
     */
    public void mayHaveApplied(final int position, final Instant sent) {
        final RetrySet.Unanswered earlier = settled.unanswered(position);
        settled.unanswered(position, new RetrySet.Unanswered(UnansweredWrite.finished(earlier == null ? null : earlier.write(), sent), null));
    }

    /** The record could not be sent yet: it stays in the incoming flowfile, which goes to 'retry'. */
    public void retry(final int position, final String code, final String message) {
        counts.merge(Outcome.RETRY, 1, Integer::sum);
        if (retryCode == null) {
            retryCode = code;
            retryMessage = message;
        }
    }

    /** Gives the record at {@code position} the outcome of a call: success (with {@code id}), retry (transient) or failure. */
    public void record(final int position, final Record record, final OttimateResult result, final String id) throws IOException {
        record(position, record, result, id, null);
    }

    /**
     * The same for a write that adds lines to an invoice: {@code linesBefore} are its line ids before the write, kept
     * with the record when the write goes unanswered.
     */
    public void record(final int position, final Record record, final OttimateResult result, final String id,
                       final Set<String> linesBefore) throws IOException {
        switch (result) {
            case OttimateResult.Success success -> success(position, record, id, success.status());
            case OttimateResult.Retryable retryable -> {
                if (retryable.unanswered() != null) {
                    final RetrySet.Unanswered earlier = settled.unanswered(position);
                    settled.unanswered(position, new RetrySet.Unanswered(retryable.unanswered(),
                            linesBefore != null ? linesBefore : earlier == null ? null : earlier.linesBefore()));
                    // a request went out and no answer came back: send nothing more until the flowfile comes back
                    halted |= retryable.attempts() > 0;
                }
                retry(position, retryable.error().code(), retryable.error().message());
            }
            case OttimateResult.Rejected rejected -> failure(position, record, rejected.status(), rejected.error().code(), rejected.error().message());
            case OttimateResult.NotFound notFound -> failure(position, record, 404, notFound.error().code(), notFound.error().message());
        }
    }

    /** Gives every record of a batch the same outcome. */
    public void all(final RecordBatches.Batch batch, final OttimateResult result) throws IOException {
        for (int i = 0; i < batch.size(); i++) {
            record(batch.positions().get(i), batch.records().get(i), result, null);
        }
    }

    /**
     * Gives each record the outcome of its task in a bulk batch's results (task {@code i} is record {@code i}): a task
     * with a stored object succeeded, a null result failed ({@code completed} does not mean every task succeeded).
     */
    public void batchResults(final RecordBatches.Batch batch, final List<JsonNode> tasks, final int status, final String failureCode) throws IOException {
        for (int i = 0; i < batch.size(); i++) {
            taskResult(batch.positions().get(i), batch.records().get(i), i < tasks.size() ? tasks.get(i) : null, status, failureCode);
        }
    }

    /** Gives the record at {@code position} the outcome of its {@code task} (null: the batch reported none). */
    public void taskResult(final int position, final Record record, final JsonNode task, final int status, final String failureCode) throws IOException {
        if (succeeded(task)) {
            success(position, record, task.get("result").path("id").asText(null), status);
        } else {
            failure(position, record, status, failureCode, task == null ? "The batch reported no result for this record" : task.path("message").asText("The task failed"));
        }
    }

    /** Whether a bulk task stored its object ({@code completed} does not mean every task did). */
    public static boolean succeeded(final JsonNode task) {
        final JsonNode stored = task == null ? null : task.get("result");
        return stored != null && !stored.isNull();
    }

    public int count(final Outcome outcome) {
        return counts.getOrDefault(outcome, 0);
    }

    /**
     * Writes the record to its outcome's record set as it goes, with the Record Writer: as read plus {@code ottimate_id},
     * {@code ottimate_status_code}, {@code ottimate_error_code} and {@code ottimate_error_message}.
     */
    private void write(final Outcome outcome, final Record record, final String id, final int status, final String code,
                       final String message) throws IOException {
        final RecordSchema schema = withOutcome.computeIfAbsent(record.getSchema(), RecordOutcomes::withOutcomeFields);
        final Split split = splits.computeIfAbsent(outcome, o -> new Split());
        if (split.writer == null) {
            split.flowFile = session.removeAllAttributes(session.create(parent), PROGRESS);
            split.out = session.write(split.flowFile);
            try {
                split.writer = writers.createWriter(logger, writers.getSchema(parent.getAttributes(), schema), split.out, parent.getAttributes());
            } catch (final SchemaNotFoundException e) {
                throw new IOException("Record Writer has no usable schema: " + e.getMessage(), e);
            }
            split.writer.beginRecordSet();
        }
        final Map<String, Object> values = new LinkedHashMap<>(record.toMap());
        values.put(ID, id);
        values.put(STATUS_CODE, status == 0 ? null : Integer.toString(status));
        values.put(ERROR_CODE, code);
        values.put(ERROR_MESSAGE, message);
        split.writer.write(new MapRecord(schema, values));
        counts.merge(outcome, 1, Integer::sum);
        if (code != null && split.firstErrorCode == null) {
            split.firstErrorCode = code;
            split.firstErrorMessage = message;
        }
    }

    private static RecordSchema withOutcomeFields(final RecordSchema input) {
        final List<RecordField> fields = new ArrayList<>(input.getFields());
        for (final String name : List.of(ID, STATUS_CODE, ERROR_CODE, ERROR_MESSAGE)) {
            if (input.getField(name).isEmpty()) {
                fields.add(new RecordField(name, RecordFieldType.STRING.getDataType(), true));
            }
        }
        return new SimpleRecordSchema(fields);
    }

    /**
     * Finishes the record sets and transfers them, then the incoming flowfile: to 'retry' (penalized, unchanged, with the
     * settled positions and the unanswered writes) when records are left to send, else to 'original'. From 'retry' it comes
     * back through the same Record Reader: its unanswered records are looked for and the rest sent again under the same keys.
     * Answers the record counts of this pass.
     */
    public Map<Outcome, Integer> complete(final Routes routes, final String transitUri) throws IOException {
        finishSets(routes, transitUri);
        final int retrying = count(Outcome.RETRY);
        if (retrying > 0) {
            logger.warn("{} record(s) of {} could not be sent yet ({}: {}); routing the flowfile to retry, {} record(s) already settled",
                    retrying, parent, retryCode, retryMessage, settled.count());
            final Map<String, String> attributes = new HashMap<>();
            if (!settled.isEmpty()) {
                attributes.putAll(settled.attributes(digest()));
            }
            attributes.put(RETRY_COUNT, Integer.toString(retrying));
            // what was pending is over, and so is the last pass's set: the next pass submits the rest again
            final FlowFile retry = session.removeAllAttributes(parent, PROGRESS);
            attributes.put(OttimateAttributes.ERROR_CODE, retryCode);
            attributes.put(OttimateAttributes.ERROR_MESSAGE, retrying + " record(s) to retry; the first: " + retryMessage);
            session.transfer(session.penalize(session.putAllAttributes(retry, attributes)), routes.retry());
        } else {
            session.transfer(session.removeAllAttributes(parent, PROGRESS), routes.original());
        }
        return counts();
    }

    /**
     * Some batches were submitted as asynchronous jobs: the record sets written so far (synchronous answers) are
     * transferred, the incoming flowfile waits on 'pending' with the settled positions and {@code pending}'s attributes.
     */
    public void park(final Routes routes, final String transitUri, final PendingWork pending, final Relationship pendingRelationship) throws IOException {
        finishSets(routes, transitUri);
        pending.park(session, parent, settled.attributes(digest()), pendingRelationship);
    }

    /**
     * A record could not be read: the record sets written so far are transferred, the incoming flowfile goes to 'failure'
     * with the reason and the positions already settled (sent back unchanged after a fix, those are skipped).
     */
    public Map<Outcome, Integer> completeUnreadable(final Routes routes, final String transitUri, final String reason) throws IOException {
        finishSets(routes, transitUri);
        logger.error("Cannot send the rest of {}: {}; routing it to failure ({} record(s) settled before)", parent, reason, settled.count());
        final Map<String, String> attributes = new HashMap<>(settled.attributes(digest()));
        attributes.put(OttimateAttributes.ERROR_CODE, "invalid_records");
        attributes.put(OttimateAttributes.ERROR_MESSAGE, reason);
        session.transfer(session.putAllAttributes(session.removeAllAttributes(parent, PROGRESS), attributes), routes.failure());
        return counts();
    }

    private static Set<String> progressAttributes() {
        final Set<String> progress = new HashSet<>(PendingWork.attributeNames());
        progress.addAll(Set.of(RetrySet.SETTLED, RetrySet.UNANSWERED, RetrySet.CONTENT, RETRY_COUNT, OttimateAttributes.ERROR_CODE,
                OttimateAttributes.ERROR_MESSAGE, OttimateAttributes.UNANSWERED_SINCE, OttimateAttributes.UNANSWERED_SETTLED));
        return Set.copyOf(progress);
    }

    private Map<Outcome, Integer> counts() {
        final Map<Outcome, Integer> result = new EnumMap<>(Outcome.class);
        for (final Outcome outcome : Outcome.values()) {
            result.put(outcome, count(outcome));
        }
        return result;
    }

    private void finishSets(final Routes routes, final String transitUri) throws IOException {
        for (final Map.Entry<Outcome, Split> entry : splits.entrySet()) {
            final Split split = entry.getValue();
            final WriteResult result = split.writer.finishRecordSet();
            final String mimeType = split.writer.getMimeType();
            split.writer.close();
            split.out.close();
            split.out = null;
            final Map<String, String> all = new HashMap<>(result.getAttributes());
            all.put("record.count", Integer.toString(result.getRecordCount()));
            all.put(CoreAttributes.MIME_TYPE.key(), mimeType);
            if (split.firstErrorCode != null) {
                // the set as a whole says why, as a single failed flowfile would; each record says it for itself
                all.put(OttimateAttributes.ERROR_CODE, split.firstErrorCode);
                all.put(OttimateAttributes.ERROR_MESSAGE, result.getRecordCount() + " record(s); the first: " + split.firstErrorMessage);
            }
            final FlowFile done = session.putAllAttributes(split.flowFile, all);
            if (entry.getKey() == Outcome.SUCCESS) {
                session.getProvenanceReporter().send(done, transitUri);
                session.transfer(done, routes.success());
            } else {
                logger.error("{} record(s) of {} were refused ({}: {}); routing them to failure", result.getRecordCount(), parent,
                        split.firstErrorCode, split.firstErrorMessage);
                session.transfer(done, routes.failure());
            }
        }
        splits.clear();
    }

    @Override
    public void close() throws IOException {
        for (final Split split : splits.values()) {
            if (split.out != null) {
                split.out.close();
            }
        }
    }
}
