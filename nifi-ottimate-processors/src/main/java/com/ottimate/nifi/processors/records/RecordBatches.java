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

/** Streams a flowfile's records in batches; only the current batch is ever in memory. */
public final class RecordBatches {

    /** Handles batch {@code index} (0-based); the list is reused, so copy what must outlive the call. */
    @FunctionalInterface
    public interface Handler {
        void handle(int index, List<Record> records) throws IOException;
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
                               final int size, final Handler handler) throws Unreadable, IOException {
        try (InputStream in = session.read(flowFile); RecordReader reader = open(readers, flowFile, in, logger)) {
            final List<Record> batch = new ArrayList<>(Math.min(size, 1000));
            int index = 0;
            int read = 0;
            Record record;
            while ((record = next(reader, read)) != null) {
                read++;
                batch.add(record);
                if (batch.size() == size) {
                    handler.handle(index++, batch);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                handler.handle(index, batch);
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
