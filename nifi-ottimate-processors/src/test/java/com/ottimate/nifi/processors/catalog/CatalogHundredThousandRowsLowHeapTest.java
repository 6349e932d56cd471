/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.catalog;

import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.CountingRecordSetWriterFactory;
import com.ottimate.nifi.processors.EmulatedConnection;
import org.apache.nifi.csv.CSVReader;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.Test;
import com.ottimate.nifi.processors.async.PendingWork;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 100,000 catalog rows in one CSV flowfile, upserted in ceil(100,000 / 1,000) = 100 bulk calls, in a JVM capped at
 * 64 MB (surefire execution "low-heap"). The emulator runs in its own process so its store does not count, and the
 * record sets are written one short line per record, since nifi-mock keeps all content in memory (the 6 MB CSV and
 * the copies it makes on attribute changes). Holding the 100,000 rows as records or JSON trees would need well
 * over 64 MB: the processor only ever holds one batch of 1,000.
 */
class CatalogHundredThousandRowsLowHeapTest {
    private static final int ROWS = 100_000;

    @Test
    void upsertsOneHundredThousandRowsInOneHundredCallsWithBoundedHeap() throws Exception {
        assertTrue(Runtime.getRuntime().maxMemory() <= 64L * 1024 * 1024, "runs only in the capped JVM: " + Runtime.getRuntime().maxMemory());
        final Process emulator = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), "com.ottimate.emulator.OttimateEmulator", "0").redirectErrorStream(true).start();
        try {
            final BufferedReader out = new BufferedReader(new InputStreamReader(emulator.getInputStream(), StandardCharsets.UTF_8));
            final Matcher url = Pattern.compile("listening on (http://\\S+)").matcher(out.readLine());
            assertTrue(url.find(), "the emulator announced its URL");

            final TestRunner runner = EmulatedConnection.remote(new PutOttimateCatalog(), url.group(1)).enable().runner();
            final CSVReader reader = new CSVReader();
            runner.addControllerService("reader", reader);
            runner.enableControllerService(reader);
            final CountingRecordSetWriterFactory writer = new CountingRecordSetWriterFactory();
            runner.addControllerService("writer", writer);
            runner.enableControllerService(writer);
            runner.setProperty(PutOttimateCatalog.RECORD_READER, "reader");
            runner.setProperty(PutOttimateCatalog.RECORD_WRITER, "writer");
            runner.setProperty(PutOttimateCatalog.COMPANY_ID, "1");
            runner.enqueue(CatalogProcessorsTest.priceBook(ROWS, -1));
            runner.run();

            assertEquals(100, PendingWork.of(runner.getFlowFilesForRelationship(PutOttimateCatalog.REL_PENDING).getFirst())
                    .orElseThrow().jobs().size(), "100 batches of 1,000 followed");
            CatalogProcessorsTest.drainPending(runner);
            runner.assertTransferCount(PutOttimateCatalog.REL_ORIGINAL, 1);
            runner.assertTransferCount(AbstractOttimateProcessor.REL_FAILURE, 0);
            runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst().assertAttributeEquals("record.count", Integer.toString(ROWS));
        } finally {
            emulator.destroyForcibly();
        }
    }
}
