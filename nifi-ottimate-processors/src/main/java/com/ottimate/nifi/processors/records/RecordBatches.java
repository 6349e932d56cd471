/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.records;

import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.serialization.MalformedRecordException;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.record.Record;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Streams a flowfile's records in batches; only the current batch is ever in memory. Where a batch ends is decided over
 * every record, settled or not ({@link Cut}), and batch {@code n} holds its records that are not settled yet, so a
 * flowfile that comes back from 'retry' forms the same batches as before (and sends them under the same content-derived
 * keys) wherever nothing of a batch went through.
 */
public final class RecordBatches {

    /**
     * The records of one batch, their positions in the flowfile, and the index in {@code records} where each object
     * begins (as the {@link Cut} joined them, settled records left out); the lists are reused, so copy what must outlive
     * the call.
     */
    public record Batch(int number, List<Integer> positions, List<Record> records, List<Integer> objectStarts) {
        public Batch(final int number, final List<Integer> positions, final List<Record> records) {
            this(number, positions, records, null);
        }

        public int size() {
            return records.size();
        }
    }

    /** Handles one batch. */
    @FunctionalInterface
    public interface Handler {
        void handle(Batch batch) throws IOException;
    }

    /**
     * Where batches end, decided object by object; a new one for each pass over the content. An object is one record, or
     * consecutive records that {@link #continues} joins (the rows of one order); a batch never splits one.
     */
    public interface Cut {
        /** Whether {@code record} belongs to the object of the record before it. */
        default boolean continues(final Record previous, final Record record) {
            return false;
        }

        /** Whether the object read from {@code records}, the next one in the content, starts a new batch (the first always does). */
        boolean startsBatch(List<Record> records);

        /** Batches of {@code size} records: positions [n * size, (n + 1) * size). */
        static Supplier<Cut> every(final int size) {
            return () -> new Cut() {
                private int seen;

                @Override
                public boolean startsBatch(final List<Record> records) {
                    return seen++ % size == 0;
                }
            };
        }
    }

    /** The content cannot be read as records; the message says where and why. */
    public static final class Unreadable extends Exception {
        Unreadable(final String message) {
            super(message, null, false, false);
        }
    }

    private RecordBatches() {
    }

    public static void forEach(final ProcessSession session, final FlowFile flowFile, final RecordReaderFactory readers, final ComponentLog logger,
                               final int size, final RetrySet settled, final Handler handler) throws Unreadable, IOException {
        forEach(session, flowFile, readers, logger, Cut.every(size), settled, handler);
    }

    public static void forEach(final ProcessSession session, final FlowFile flowFile, final RecordReaderFactory readers, final ComponentLog logger,
                               final Supplier<Cut> cuts, final RetrySet settled, final Handler handler) throws Unreadable, IOException {
        final Cut cut = cuts.get();
        try (InputStream in = session.read(flowFile); RecordReader reader = open(readers, flowFile, in, logger)) {
            final Pass pass = new Pass(cut, settled, handler);
            final List<Record> object = new ArrayList<>();
            int position = 0;
            Record record;
            while ((record = next(reader, position)) != null) {
                if (!object.isEmpty() && !cut.continues(object.getLast(), record)) {
                    pass.place(object, position - object.size());
                    object.clear();
                }
                object.add(record);
                position++;
            }
            if (!object.isEmpty()) {
                pass.place(object, position - object.size());
            }
            pass.flush();
        }
    }

    /** The batch being filled. */
    private static final class Pass {
        private final Cut cut;
        private final RetrySet settled;
        private final Handler handler;
        private final List<Integer> positions = new ArrayList<>();
        private final List<Record> records = new ArrayList<>();
        private final List<Integer> objectStarts = new ArrayList<>();
        private int batch = -1;

        Pass(final Cut cut, final RetrySet settled, final Handler handler) {
            this.cut = cut;
            this.settled = settled;
            this.handler = handler;
        }

        /** The records of one object, the first at {@code first}: in this batch, or the first of the next. */
        void place(final List<Record> object, final int first) throws IOException {
            if (cut.startsBatch(object)) {
                flush();
                batch++;
            }
            final int start = records.size();
            for (int i = 0; i < object.size(); i++) {
                if (!settled.contains(first + i)) {
                    positions.add(first + i);
                    records.add(object.get(i));
                }
            }
            if (records.size() > start) {
                objectStarts.add(start);
            }
        }

        void flush() throws IOException {
            if (!records.isEmpty()) {
                handler.handle(new Batch(batch, positions, records, objectStarts));
                positions.clear();
                records.clear();
                objectStarts.clear();
            }
        }
    }

    private static RecordReader open(final RecordReaderFactory readers, final FlowFile flowFile, final InputStream in, final ComponentLog logger)
            throws Unreadable {
        try {
            return readers.createRecordReader(flowFile, in, logger);
        } catch (final Exception e) {
            throw new Unreadable("Records cannot be read: " + e.getMessage());
        }
    }

    private static Record next(final RecordReader reader, final int read) throws Unreadable {
        try {
            return reader.nextRecord();
        } catch (final MalformedRecordException | IOException | RuntimeException e) {
            // a parse error surfaces as any of these, depending on the reader
            throw new Unreadable("Record " + (read + 1) + " cannot be read: " + e.getMessage());
        }
    }
}
