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

/**
 * Streams a flowfile's records in batches; only the current batch is ever in memory. Batch {@code n} holds the records at
 * positions [n * size, (n + 1) * size) that are not settled yet, so a flowfile that comes back from 'retry' forms the
 * same batches as before (and sends them under the same content-derived keys) wherever nothing of a batch went through.
 */
public final class RecordBatches {

    /** The records of one batch and their positions in the flowfile; both lists are reused, so copy what must outlive the call. */
    public record Batch(int number, List<Integer> positions, List<Record> records) {
        public int size() {
            return records.size();
        }
    }

    /** Handles one batch. */
    @FunctionalInterface
    public interface Handler {
        void handle(Batch batch) throws IOException;
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
        try (InputStream in = session.read(flowFile); RecordReader reader = open(readers, flowFile, in, logger)) {
            final List<Integer> positions = new ArrayList<>(Math.min(size, 1000));
            final List<Record> records = new ArrayList<>(Math.min(size, 1000));
            int position = 0;
            int batch = 0;
            Record record;
            while ((record = next(reader, position)) != null) {
                if (position / size != batch) {
                    flush(batch, positions, records, handler);
                    batch = position / size;
                }
                if (!settled.contains(position)) {
                    positions.add(position);
                    records.add(record);
                }
                position++;
            }
            flush(batch, positions, records, handler);
        }
    }

    private static void flush(final int batch, final List<Integer> positions, final List<Record> records, final Handler handler) throws IOException {
        if (!records.isEmpty()) {
            handler.handle(new Batch(batch, positions, records));
            positions.clear();
            records.clear();
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
