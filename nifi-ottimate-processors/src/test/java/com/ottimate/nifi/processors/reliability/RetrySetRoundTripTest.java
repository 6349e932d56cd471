/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ottimate.emulator.ApiRequest;
import com.ottimate.emulator.Fault;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.EmulatedConnection;
import com.ottimate.nifi.processors.invoices.InputStrategy;
import com.ottimate.nifi.processors.invoices.PutOttimateInvoice;
import com.ottimate.nifi.processors.invoices.RecordStrategy;
import com.ottimate.nifi.processors.masterdata.AbstractPutOttimateMasterData;
import com.ottimate.nifi.processors.masterdata.PutOttimateVendor;
import com.ottimate.nifi.processors.records.RecordOutcomes;
import com.ottimate.nifi.processors.records.RetrySet;
import org.apache.nifi.csv.CSVReader;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Records that met only an outage come back: the input goes to 'retry' byte for byte as it came (CSV stays CSV, JSON
 * stays JSON, no outcome fields added), looped back it is read by the same reader, the records already settled are
 * skipped and the rest are sent under the keys of the first pass. Per-record creates and bulk upserts, partial and
 * total outages, CSV and JSON.
 */
class RetrySetRoundTripTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int RECORDS = 6;
    private OttimateEmulator emulator;

    @BeforeEach
    void setUp() throws Exception {
        emulator = OttimateEmulator.start();
    }

    @AfterEach
    void tearDown() {
        emulator.close();
    }

    /** The writer under test and how it reaches the API. */
    enum Writer {
        INVOICES_PER_RECORD("/invoices", "invoice_number", "INV-"),
        VENDORS_BULK("/vendors/bulk-create", "erp_vendor_id", "V-");

        final String path;
        final String keyField;
        final String prefix;

        Writer(final String path, final String keyField, final String prefix) {
            this.path = path;
            this.keyField = keyField;
            this.prefix = prefix;
        }

        String content(final boolean csv) {
            final StringBuilder text = new StringBuilder();
            if (this == INVOICES_PER_RECORD) {
                text.append(csv ? "invoice_number,ottimate_location_id,total_amount\n" : "[");
                for (int i = 0; i < RECORDS; i++) {
                    text.append(csv ? prefix + i + ",10,12.50\n"
                            : (i > 0 ? "," : "") + "{\"invoice_number\":\"" + prefix + i + "\",\"ottimate_location_id\":10,\"total_amount\":12.50}");
                }
            } else {
                text.append(csv ? "erp_vendor_id,erp_vendor_name,net_terms\n" : "[");
                for (int i = 0; i < RECORDS; i++) {
                    text.append(csv ? prefix + i + ",Vendor " + i + ",Net 30\n"
                            : (i > 0 ? "," : "") + "{\"erp_vendor_id\":\"" + prefix + i + "\",\"erp_vendor_name\":\"Vendor " + i + "\",\"net_terms\":\"Net 30\"}");
                }
            }
            return csv ? text.toString() : text.append("]").toString();
        }

        /** Requests that get through before the outage starts (the last of them starts it). */
        int healthyRequests() {
            return this == INVOICES_PER_RECORD ? 2 : 1;
        }

        /** Records those requests settle: one per create, one batch of two per bulk call. */
        int settledByThem() {
            return 2;
        }

        int storedCount(final OttimateEmulator emulator) {
            return this == INVOICES_PER_RECORD ? emulator.store().invoices().size() : emulator.store().vendors().size();
        }
    }

    static Stream<Arguments> cases() {
        final List<Arguments> cases = new ArrayList<>();
        for (final Writer writer : Writer.values()) {
            for (final boolean csv : List.of(true, false)) {
                for (final boolean partial : List.of(true, false)) {
                    cases.add(Arguments.of(writer, csv ? "CSV" : "JSON", partial ? "partial outage" : "total outage"));
                }
            }
        }
        return cases.stream();
    }

    private TestRunner runner(final Writer writer, final boolean csv) throws Exception {
        final TestRunner runner = EmulatedConnection.of(writer == Writer.INVOICES_PER_RECORD ? new PutOttimateInvoice() : new PutOttimateVendor(), emulator)
                .enable().runner();
        if (csv) {
            final CSVReader reader = new CSVReader();
            runner.addControllerService("reader", reader);
            if (writer == Writer.VENDORS_BULK) {
                // ERP ids stay text, as in template 03
                runner.setProperty(reader, "schema-access-strategy", "csv-header-derived");
            }
            runner.enableControllerService(reader);
        } else {
            final JsonTreeReader reader = new JsonTreeReader();
            runner.addControllerService("reader", reader);
            runner.enableControllerService(reader);
        }
        final JsonRecordSetWriter recordWriter = new JsonRecordSetWriter();
        runner.addControllerService("writer", recordWriter);
        runner.enableControllerService(recordWriter);
        runner.setProperty("Record Reader", "reader");
        runner.setProperty("Record Writer", "writer");
        if (writer == Writer.INVOICES_PER_RECORD) {
            runner.setProperty(PutOttimateInvoice.INPUT_STRATEGY, InputStrategy.RECORDS.getValue());
            runner.setProperty(PutOttimateInvoice.RECORD_STRATEGY, RecordStrategy.PER_RECORD.getValue());
        } else {
            runner.setProperty(AbstractPutOttimateMasterData.COMPANY_ID, "1");
            runner.setProperty(AbstractPutOttimateMasterData.BATCH_SIZE, "2");
        }
        return runner;
    }

    @ParameterizedTest(name = "{0}, {1}, {2}")
    @MethodSource("cases")
    void recordsThatMetOnlyAnOutageComeBackUnchangedAndAreSentOnceUnderTheSameKeys(final Writer writer, final String format, final String outage)
            throws Exception {
        final boolean csv = format.equals("CSV");
        final boolean partial = outage.startsWith("partial");
        final String content = writer.content(csv);
        final TestRunner runner = runner(writer, csv);
        if (partial) {
            emulator.faults().next(writer.healthyRequests() - 1, Fault.action(() -> { }).on(writer.path))
                    .next(1, Fault.action(() -> emulator.faults().outage(writer.path, 503, Duration.ofHours(1))).on(writer.path));
        } else {
            emulator.faults().outage(writer.path, 503, Duration.ofHours(1));
        }

        runner.enqueue(content);
        runner.run();

        assertEquals(List.of(), failures(runner), "an outage is never bad data");
        runner.assertTransferCount("original", 0);
        runner.assertTransferCount(AbstractOttimateProcessor.REL_RETRY, 1);
        final MockFlowFile retry = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_RETRY).getFirst();
        retry.assertContentEquals(content);
        assertTrue(retry.isPenalized(), "waits out the penalty");
        final int settledFirst = partial ? writer.settledByThem() : 0;
        retry.assertAttributeEquals(RecordOutcomes.RETRY_COUNT, Integer.toString(RECORDS - settledFirst));
        if (partial) {
            assertEquals("0-" + (settledFirst - 1), retry.getAttribute(RetrySet.SETTLED), "the records already sent");
            assertEquals(settledFirst, successRecords(runner).size());
        } else {
            assertNull(retry.getAttribute(RetrySet.SETTLED), "nothing settled");
            runner.assertTransferCount(AbstractOttimateProcessor.REL_SUCCESS, 0);
        }
        final List<String> firstPass = successRecords(runner);

        // the API is back; the retry flowfile loops back, as the templates connect it
        emulator.faults().endOutage();
        runner.clearTransferState();
        runner.enqueue(retry);
        runner.run();

        assertEquals(List.of(), runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_RETRY).stream().map(MockFlowFile::getAttributes).toList(),
                "nothing left to retry");
        assertEquals(List.of(), failures(runner));
        runner.assertTransferCount("original", 1);
        runner.getFlowFilesForRelationship("original").getFirst().assertContentEquals(content);
        final List<String> secondPass = successRecords(runner);
        assertEquals(RECORDS - settledFirst, secondPass.size(), "only the records not yet settled");
        final Set<String> all = new HashSet<>(firstPass);
        all.addAll(secondPass);
        assertEquals(RECORDS, all.size(), "every record once: " + firstPass + " + " + secondPass);
        assertEquals(RECORDS, writer.storedCount(emulator), "nothing created twice");

        // the same key for the same request on every pass, and the same batches (not cut anew)
        final Map<String, Set<String>> keysByBody = new HashMap<>();
        for (final ApiRequest request : emulator.journal().matching("POST", writer.path)) {
            final String key = request.header("Idempotency-Key").orElse(null);
            assertNotNull(key, "every POST carries a key");
            keysByBody.computeIfAbsent(request.bodyText(), b -> new HashSet<>()).add(key);
        }
        keysByBody.forEach((body, keys) -> assertEquals(1, keys.size(), "one key for " + body + ": " + keys));
        final int requestsPerInput = writer == Writer.INVOICES_PER_RECORD ? RECORDS : RECORDS / 2;
        assertEquals(requestsPerInput, keysByBody.size(), "the same requests on both passes");
        assertFalse(keysByBody.keySet().stream().anyMatch(body -> body.contains("ottimate_")
                && !body.contains("ottimate_location_id") && !body.contains("ottimate_company_id")), "no outcome field was sent back");
    }

    private static List<String> failures(final TestRunner runner) {
        return runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_FAILURE).stream()
                .map(f -> f.getAttributes() + " " + f.getContent()).toList();
    }

    private List<String> successRecords(final TestRunner runner) throws Exception {
        final List<String> names = new ArrayList<>();
        for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS)) {
            for (final JsonNode record : MAPPER.readTree(flowFile.getContent())) {
                names.add(record.has("invoice_number") ? record.get("invoice_number").asText() : record.get("erp_vendor_id").asText());
            }
        }
        return names;
    }
}
