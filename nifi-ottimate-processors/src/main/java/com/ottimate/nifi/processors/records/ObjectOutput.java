/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.ottimate.nifi.processors.resources.ApiResource;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.flowfile.attributes.CoreAttributes;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.WriteResult;
import org.apache.nifi.serialization.record.RecordSchema;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Where a reading processor puts the objects it pages through, one page at a time: a Record Writer streaming into a
 * flowfile, or one JSON flowfile per object. Nothing is held beyond the current page.
 *
 * <p>Records keep every field the API sent (see {@link JsonToRecord}). When a page brings a field, or a value shape, that
 * the records written so far did not have, the current flowfile is finished and the next one starts with the wider
 * schema, so a writer with a fixed schema (CSV, Avro) never drops data and every flowfile is self-consistent.
 */
public abstract class ObjectOutput implements AutoCloseable {
    protected final ProcessSession session;
    protected final FlowFile parent;
    protected int count;

    private ObjectOutput(final ProcessSession session, final FlowFile parent) {
        this.session = session;
        this.parent = parent;
    }

    /** Objects of {@code resource}, as {@link ApiResource#keyLines} has them, in records or one flowfile each. */
    public static ObjectOutput of(final OutputStrategy strategy, final ProcessSession session, final FlowFile parent,
                                    final RecordSetWriterFactory writers, final ApiResource resource, final ComponentLog logger) {
        final ObjectOutput output = strategy == OutputStrategy.RECORDS
                ? new RecordSink(session, parent, writers, resource.schema(), logger)
                : new FlowFilePerObject(session, parent, resource::objectAttributes);
        return new Keyed(output, resource);
    }

    /** Hands each object on with its lines keyed. */
    private static final class Keyed extends ObjectOutput {
        private final ObjectOutput output;
        private final ApiResource resource;

        private Keyed(final ObjectOutput output, final ApiResource resource) {
            super(output.session, output.parent);
            this.output = output;
            this.resource = resource;
        }

        @Override
        public void accept(final List<JsonNode> page) throws IOException {
            output.accept(page.stream().map(resource::keyLines).toList());
        }

        @Override
        public int complete(final Relationship relationship, final Map<String, String> attributes, final String transitUri) throws IOException {
            return output.complete(relationship, attributes, transitUri);
        }

        @Override
        public int count() {
            return output.count();
        }

        @Override
        public void discard() throws IOException {
            output.discard();
        }

        @Override
        public void close() throws IOException {
            output.close();
        }
    }

    /** Writes one page of objects. */
    public abstract void accept(List<JsonNode> page) throws IOException;

    /** What a listing that tells changes apart says of an object since its previous run: the {@code ottimate.change} attribute. */
    public enum Change {
        CREATED, UPDATED, REMOVED;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The attribute naming the change of every object in a flowfile. */
    public static final String CHANGE = "ottimate.change";

    /**
     * An output that keeps the objects of each change apart: each change's objects in flowfiles of their own marked
     * {@link #CHANGE}; objects given without a change in flowfiles without the attribute. {@code outputs} makes each one.
     */
    public static ByChange byChange(final ProcessSession session, final Supplier<ObjectOutput> outputs) {
        return new ByChange(session, outputs);
    }

    public static final class ByChange extends ObjectOutput {
        private final Supplier<ObjectOutput> outputs;
        private final Map<Optional<Change>, ObjectOutput> byChange = new LinkedHashMap<>();

        private ByChange(final ProcessSession session, final Supplier<ObjectOutput> outputs) {
            super(session, null);
            this.outputs = outputs;
        }

        @Override
        public void accept(final List<JsonNode> page) throws IOException {
            accept(null, page);
        }

        /** Writes a page of objects that all had {@code change} (null: unmarked). */
        public void accept(final Change change, final List<JsonNode> page) throws IOException {
            byChange.computeIfAbsent(Optional.ofNullable(change), c -> outputs.get()).accept(page);
        }

        @Override
        public int complete(final Relationship relationship, final Map<String, String> attributes, final String transitUri) throws IOException {
            int written = 0;
            for (final Map.Entry<Optional<Change>, ObjectOutput> output : byChange.entrySet()) {
                final Map<String, String> marked = new HashMap<>(attributes);
                output.getKey().ifPresent(change -> marked.put(CHANGE, change.value()));
                written += output.getValue().complete(relationship, marked, transitUri);
            }
            return written;
        }

        @Override
        public int count() {
            return byChange.values().stream().mapToInt(ObjectOutput::count).sum();
        }

        @Override
        public void discard() throws IOException {
            for (final ObjectOutput output : byChange.values()) {
                output.discard();
            }
        }

        @Override
        public void close() throws IOException {
            IOException first = null;
            for (final ObjectOutput output : byChange.values()) {
                try {
                    output.close();
                } catch (final IOException e) {
                    // close the others all the same
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }

    public void accept(final JsonNode object) throws IOException {
        accept(List.of(object));
    }

    /**
     * Transfers what was written to {@code relationship} with {@code attributes} (plus {@code record.count} and
     * {@code mime.type}), reports provenance, and answers the objects written.
     */
    public abstract int complete(Relationship relationship, Map<String, String> attributes, String transitUri) throws IOException;

    public int count() {
        return count;
    }

    /** Drops everything written so far (the call failed part-way); the caller routes the input instead. */
    public abstract void discard() throws IOException;

    @Override
    public abstract void close() throws IOException;

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

    private static final class RecordSink extends ObjectOutput {
        private final RecordSetWriterFactory writers;
        private final ComponentLog logger;
        private final List<Map.Entry<FlowFile, Map<String, String>>> finished = new ArrayList<>();
        private RecordSchema schema;
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
        public void accept(final List<JsonNode> page) throws IOException {
            if (page.isEmpty()) {
                return;
            }
            final RecordSchema fitted = JsonToRecord.fit(schema, page);
            if (writer != null && !fitted.equals(schema)) {
                logger.debug("The API returned fields or values the records so far did not have; starting another flowfile with the wider schema");
                finish();
            }
            schema = fitted;
            if (writer == null) {
                open();
            }
            for (final JsonNode object : page) {
                writer.write(JsonToRecord.toRecord(object, schema));
                count++;
            }
        }

        private void open() throws IOException {
            flowFile = super.create();
            out = session.write(flowFile);
            try {
                final Map<String, String> attributes = parent == null ? Map.of() : parent.getAttributes();
                writer = writers.createWriter(logger, writers.getSchema(attributes, schema), out, attributes);
            } catch (final SchemaNotFoundException e) {
                throw new IOException("Record Writer has no usable schema: " + e.getMessage(), e);
            }
            writer.beginRecordSet();
        }

        private void finish() throws IOException {
            final WriteResult result = writer.finishRecordSet();
            final Map<String, String> attributes = new HashMap<>(result.getAttributes());
            attributes.put("record.count", Integer.toString(result.getRecordCount()));
            attributes.put(CoreAttributes.MIME_TYPE.key(), writer.getMimeType());
            writer.close();
            out.close();
            finished.add(Map.entry(flowFile, attributes));
            writer = null;
            out = null;
            flowFile = null;
        }

        @Override
        public int complete(final Relationship relationship, final Map<String, String> attributes, final String transitUri) throws IOException {
            if (writer != null) {
                finish();
            }
            for (final Map.Entry<FlowFile, Map<String, String>> done : finished) {
                final Map<String, String> all = new HashMap<>(attributes);
                all.putAll(done.getValue());
                final FlowFile written = session.putAllAttributes(done.getKey(), all);
                super.report(written, transitUri);
                session.transfer(written, relationship);
            }
            finished.clear();
            return count;
        }

        @Override
        public void discard() throws IOException {
            close();
            if (flowFile != null) {
                session.remove(flowFile);
            }
            finished.forEach(done -> session.remove(done.getKey()));
            finished.clear();
            flowFile = null;
            writer = null;
        }

        @Override
        public void close() throws IOException {
            if (out != null) {
                out.close();
                out = null;
            }
        }
    }

    private static final class FlowFilePerObject extends ObjectOutput {
        private static final ObjectMapper JSON = new ObjectMapper();
        private final Function<JsonNode, Map<String, String>> objectAttributes;
        private final List<FlowFile> created = new ArrayList<>();

        FlowFilePerObject(final ProcessSession session, final FlowFile parent, final Function<JsonNode, Map<String, String>> objectAttributes) {
            super(session, parent);
            this.objectAttributes = objectAttributes;
        }

        @Override
        public void accept(final List<JsonNode> page) {
            for (final JsonNode object : page) {
                FlowFile flowFile = super.create();
                flowFile = session.write(flowFile, out -> JSON.writeValue(out, object));
                final Map<String, String> attributes = new HashMap<>(objectAttributes.apply(object));
                attributes.put(CoreAttributes.MIME_TYPE.key(), "application/json");
                created.add(session.putAllAttributes(flowFile, attributes));
                count++;
            }
        }

        @Override
        public int complete(final Relationship relationship, final Map<String, String> attributes, final String transitUri) {
            for (final FlowFile flowFile : created) {
                final FlowFile done = session.putAllAttributes(flowFile, attributes);
                super.report(done, transitUri);
                session.transfer(done, relationship);
            }
            created.clear();
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
