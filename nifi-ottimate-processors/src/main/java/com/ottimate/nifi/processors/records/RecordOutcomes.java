package com.ottimate.nifi.processors.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.ottimate.nifi.client.OttimateResult;
import com.ottimate.nifi.processors.OttimateAttributes;
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
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits the records of one incoming flowfile by outcome into up to three child flowfiles (success, failure,
 * retry), each written as it goes with the Record Writer. Every record keeps its fields and gains
 * {@code ottimate_id}, {@code ottimate_status_code}, {@code ottimate_error_code} and {@code ottimate_error_message}.
 */
public final class RecordOutcomes implements AutoCloseable {
    public static final String ID = "ottimate_id";
    public static final String STATUS_CODE = "ottimate_status_code";
    public static final String ERROR_CODE = "ottimate_error_code";
    public static final String ERROR_MESSAGE = "ottimate_error_message";

    public enum Outcome { SUCCESS, FAILURE, RETRY }

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
    private final Map<Outcome, Split> splits = new EnumMap<>(Outcome.class);
    private final Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
    private RecordSchema schema;

    public RecordOutcomes(final ProcessSession session, final FlowFile parent, final RecordSetWriterFactory writers, final ComponentLog logger) {
        this.session = session;
        this.parent = parent;
        this.writers = writers;
        this.logger = logger;
    }

    public void success(final Record record, final String id, final int status) throws IOException {
        write(Outcome.SUCCESS, record, id, status, null, null);
    }

    public void failure(final Record record, final int status, final String code, final String message) throws IOException {
        write(Outcome.FAILURE, record, null, status, code, message);
    }

    public void retry(final Record record, final int status, final String code, final String message) throws IOException {
        write(Outcome.RETRY, record, null, status, code, message);
    }

    /** Gives {@code record} the outcome of a call: success (with {@code id}), retry (transient) or failure. */
    public void record(final Record record, final OttimateResult result, final String id) throws IOException {
        switch (result) {
            case OttimateResult.Success success -> success(record, id, success.status());
            case OttimateResult.Retryable retryable -> retry(record, retryable.status(), retryable.error().code(), retryable.error().message());
            case OttimateResult.Rejected rejected -> failure(record, rejected.status(), rejected.error().code(), rejected.error().message());
            case OttimateResult.NotFound notFound -> failure(record, 404, notFound.error().code(), notFound.error().message());
        }
    }

    /**
     * Gives each record the outcome of its task in a bulk batch's results (task {@code i} is record {@code i}): a task
     * with a stored object succeeded, a null result failed ({@code completed} does not mean every task succeeded).
     */
    public void batchResults(final List<Record> records, final List<JsonNode> tasks, final int status, final String failureCode) throws IOException {
        for (int i = 0; i < records.size(); i++) {
            final JsonNode task = i < tasks.size() ? tasks.get(i) : null;
            final JsonNode stored = task == null ? null : task.get("result");
            if (stored != null && !stored.isNull()) {
                success(records.get(i), stored.path("id").asText(null), status);
            } else {
                failure(records.get(i), status, failureCode,
                        task == null ? "The batch reported no result for this record" : task.path("message").asText("The task failed"));
            }
        }
    }

    public int count(final Outcome outcome) {
        return counts.getOrDefault(outcome, 0);
    }

    private void write(final Outcome outcome, final Record record, final String id, final int status, final String code,
                       final String message) throws IOException {
        final Split split = splits.computeIfAbsent(outcome, o -> new Split());
        if (split.writer == null) {
            if (schema == null) {
                schema = withOutcomeFields(record.getSchema());
            }
            split.flowFile = session.create(parent);
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
     * Finishes each split and transfers it: success, failure, retry (penalized). Answers the record counts.
     */
    public Map<Outcome, Integer> complete(final Map<Outcome, Relationship> relationships, final Map<String, String> attributes,
                                          final String transitUri) throws IOException {
        for (final Map.Entry<Outcome, Split> entry : splits.entrySet()) {
            final Split split = entry.getValue();
            final WriteResult result = split.writer.finishRecordSet();
            final String mimeType = split.writer.getMimeType();
            split.writer.close();
            split.out.close();
            final Map<String, String> all = new HashMap<>(attributes);
            all.putAll(result.getAttributes());
            all.put("record.count", Integer.toString(result.getRecordCount()));
            all.put(CoreAttributes.MIME_TYPE.key(), mimeType);
            if (entry.getKey() != Outcome.SUCCESS && split.firstErrorCode != null) {
                // the set as a whole says why, as a single failed flowfile would; each record says it for itself
                all.put(OttimateAttributes.ERROR_CODE, split.firstErrorCode);
                all.put(OttimateAttributes.ERROR_MESSAGE, result.getRecordCount() + " record(s); the first: " + split.firstErrorMessage);
            }
            FlowFile done = session.putAllAttributes(split.flowFile, all);
            if (entry.getKey() == Outcome.SUCCESS) {
                session.getProvenanceReporter().send(done, transitUri);
            }
            if (entry.getKey() == Outcome.FAILURE) {
                logger.error("{} record(s) of {} were refused ({}: {}); routing them to failure", result.getRecordCount(), parent,
                        split.firstErrorCode, split.firstErrorMessage);
            }
            if (entry.getKey() == Outcome.RETRY) {
                logger.warn("{} record(s) of {} could not be sent yet ({}: {}); routing them to retry", result.getRecordCount(), parent,
                        split.firstErrorCode, split.firstErrorMessage);
                done = session.penalize(done);
            }
            session.transfer(done, relationships.get(entry.getKey()));
        }
        return new EnumMap<>(counts.isEmpty() ? Map.of(Outcome.SUCCESS, 0) : counts);
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
