package com.ottimate.nifi.processors.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.flowfile.attributes.CoreAttributes;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.WriteResult;
import org.apache.nifi.serialization.record.RecordSchema;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Where a reading processor puts the objects it pages through, one page at a time: either a record writer
 * streaming into one flowfile, or one JSON flowfile per object. Nothing is held beyond the current object.
 */
public abstract class JsonObjectSink implements AutoCloseable {
    protected final ProcessSession session;
    protected final FlowFile parent;
    protected int count;

    private JsonObjectSink(final ProcessSession session, final FlowFile parent) {
        this.session = session;
        this.parent = parent;
    }

    public static JsonObjectSink of(final OutputStrategy strategy, final ProcessSession session, final FlowFile parent,
                                    final RecordSetWriterFactory writers, final RecordSchema schema, final ComponentLog logger,
                                    final Function<JsonNode, Map<String, String>> objectAttributes) {
        return strategy == OutputStrategy.RECORDS
                ? new RecordSink(session, parent, writers, schema, logger)
                : new FlowFilePerObject(session, parent, objectAttributes);
    }

    public abstract void accept(JsonNode object) throws IOException;

    /** Transfers what was written to {@code relationship} with {@code attributes} and reports provenance; answers the objects written. */
    public abstract int complete(Relationship relationship, Map<String, String> attributes, String transitUri) throws IOException;

    public int count() {
        return count;
    }

    /** Drops everything written so far (the call failed part-way); the caller routes the input instead. */
    public abstract void discard() throws IOException;

    private FlowFile create() {
        return parent == null ? session.create() : session.create(parent);
    }

    private void report(final FlowFile flowFile, final String transitUri) {
        if (parent == null) {
            session.getProvenanceReporter().receive(flowFile, transitUri);
        } else {
            session.getProvenanceReporter().fetch(flowFile, transitUri);
        }
    }

    private static final class RecordSink extends JsonObjectSink {
        private final RecordSetWriterFactory writers;
        private final RecordSchema schema;
        private final ComponentLog logger;
        private FlowFile flowFile;
        private OutputStream out;
        private RecordSetWriter writer;

        RecordSink(final ProcessSession session, final FlowFile parent, final RecordSetWriterFactory writers, final RecordSchema schema,
                   final ComponentLog logger) {
            super(session, parent);
            this.writers = writers;
            this.schema = schema;
            this.logger = logger;
        }

        @Override
        public void accept(final JsonNode object) throws IOException {
            if (writer == null) {
                flowFile = super.create();
                out = session.write(flowFile);
                try {
                    final Map<String, String> attributes = parent == null ? Map.of() : parent.getAttributes();
                    writer = writers.createWriter(logger, writers.getSchema(attributes, schema), out, attributes);
                } catch (final org.apache.nifi.schema.access.SchemaNotFoundException e) {
                    throw new IOException("Record Writer has no usable schema: " + e.getMessage(), e);
                }
                writer.beginRecordSet();
            }
            writer.write(RecordJson.toRecord(object, schema));
            count++;
        }

        @Override
        public int complete(final Relationship relationship, final Map<String, String> attributes, final String transitUri) throws IOException {
            if (writer == null) {
                return 0;
            }
            final WriteResult result = writer.finishRecordSet();
            final String mimeType = writer.getMimeType();
            writer.close();
            out.close();
            final Map<String, String> all = new HashMap<>(attributes);
            all.putAll(result.getAttributes());
            all.put("record.count", Integer.toString(result.getRecordCount()));
            all.put(CoreAttributes.MIME_TYPE.key(), mimeType);
            flowFile = session.putAllAttributes(flowFile, all);
            super.report(flowFile, transitUri);
            session.transfer(flowFile, relationship);
            return count;
        }

        @Override
        public void discard() throws IOException {
            close();
            if (flowFile != null) {
                session.remove(flowFile);
                flowFile = null;
                writer = null;
            }
        }

        @Override
        public void close() throws IOException {
            if (out != null) {
                out.close();
                out = null;
            }
        }
    }

    private static final class FlowFilePerObject extends JsonObjectSink {
        private static final ObjectMapper JSON = new ObjectMapper();
        private final Function<JsonNode, Map<String, String>> objectAttributes;
        private final List<FlowFile> created = new ArrayList<>();

        FlowFilePerObject(final ProcessSession session, final FlowFile parent, final Function<JsonNode, Map<String, String>> objectAttributes) {
            super(session, parent);
            this.objectAttributes = objectAttributes;
        }

        @Override
        public void accept(final JsonNode object) {
            FlowFile flowFile = super.create();
            flowFile = session.write(flowFile, out -> JSON.writeValue(out, object));
            final Map<String, String> attributes = new HashMap<>(objectAttributes.apply(object));
            attributes.put(CoreAttributes.MIME_TYPE.key(), "application/json");
            created.add(session.putAllAttributes(flowFile, attributes));
            count++;
        }

        @Override
        public int complete(final Relationship relationship, final Map<String, String> attributes, final String transitUri) {
            for (final FlowFile flowFile : created) {
                final FlowFile done = session.putAllAttributes(flowFile, attributes);
                super.report(done, transitUri);
                session.transfer(done, relationship);
            }
            return count;
        }

        @Override
        public void discard() {
            session.remove(created);
            created.clear();
        }

        @Override
        public void close() {
            // flowfiles belong to the session; a rollback removes them
        }
    }
}
