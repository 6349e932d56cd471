/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors;

import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.WriteResult;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordSchema;
import org.apache.nifi.serialization.record.RecordSet;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * A Record Writer that writes one line per record ("ok\n"), so memory tests measure the processor rather than
 * nifi-mock's in-memory copy of a large JSON output.
 */
public final class CountingRecordSetWriterFactory extends AbstractControllerService implements RecordSetWriterFactory {

    @Override
    public RecordSchema getSchema(final Map<String, String> variables, final RecordSchema readSchema) {
        return readSchema;
    }

    @Override
    public RecordSetWriter createWriter(final ComponentLog logger, final RecordSchema schema, final OutputStream out, final Map<String, String> variables) {
        return new RecordSetWriter() {
            private int count;

            @Override
            public WriteResult write(final RecordSet recordSet) throws IOException {
                Record record;
                while ((record = recordSet.next()) != null) {
                    write(record);
                }
                return WriteResult.of(count, Map.of());
            }

            @Override
            public void beginRecordSet() {
                count = 0;
            }

            @Override
            public WriteResult finishRecordSet() {
                return WriteResult.of(count, Map.of());
            }

            @Override
            public WriteResult write(final Record record) throws IOException {
                out.write(new byte[]{'o', 'k', '\n'});
                count++;
                return WriteResult.of(count, Map.of());
            }

            @Override
            public String getMimeType() {
                return "text/plain";
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public void close() {
                // the stream belongs to the session
            }
        };
    }
}
