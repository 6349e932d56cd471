/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.invoices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ottimate.emulator.ApiRequest;
import com.ottimate.emulator.Fault;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.EmulatedConnection;
import com.ottimate.nifi.processors.ManualClock;
import com.ottimate.nifi.processors.OttimateAttributes;
import com.ottimate.nifi.processors.PendingLoop;
import com.ottimate.nifi.processors.async.PendingWork;
import org.apache.nifi.csv.CSVReader;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PutOttimateInvoice with records: per-record requests and import batches, outcomes split by record. */
class PutOttimateInvoiceRecordsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private OttimateEmulator emulator;
    private TestRunner runner;

    @BeforeEach
    void setUp() throws Exception {
        emulator = OttimateEmulator.start();
        runner = EmulatedConnection.of(new PutOttimateInvoice(), emulator).enable().runner();
        setUpRecords();
    }

    private void setUpRecords() throws Exception {
        runner.setProperty(PutOttimateInvoice.INPUT_STRATEGY, InputStrategy.RECORDS.getValue());
        final JsonRecordSetWriter writer = new JsonRecordSetWriter();
        runner.addControllerService("writer", writer);
        runner.enableControllerService(writer);
        runner.setProperty(PutOttimateInvoice.RECORD_WRITER, "writer");
    }

    @AfterEach
    void tearDown() {
        emulator.close();
    }

    private void useJsonReader() throws Exception {
        final JsonTreeReader reader = new JsonTreeReader();
        runner.addControllerService("reader", reader);
        runner.enableControllerService(reader);
        runner.setProperty(PutOttimateInvoice.RECORD_READER, "reader");
    }

    private List<JsonNode> records(final Relationship relationship) throws Exception {
        final List<JsonNode> all = new ArrayList<>();
        for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(relationship)) {
            MAPPER.readTree(flowFile.getContent()).forEach(all::add);
        }
        return all;
    }

    @Test
    void csvRowsAreCreatedOrUpdatedOneByOneAndABadRowFailsAlone() throws Exception {
        final String existing = emulator.seedInvoice(10, "INV-OLD");
        final CSVReader reader = new CSVReader();
        runner.addControllerService("reader", reader);
        runner.enableControllerService(reader);
        runner.setProperty(PutOttimateInvoice.RECORD_READER, "reader");
        runner.setProperty(PutOttimateInvoice.INVOICE_ID_FIELD, "invoice_id");
        final String csv = """
                invoice_id,ottimate_location_id,invoice_number,total_amount,notes
                ,10,INV-A,10.5,first
                ,10,INV-B,20.25,second
                ,,INV-C,30.0,no location
                %s,10,INV-OLD,99.0,updated by CSV
                ,11,INV-D,40.0,fourth
                """.formatted(existing);
        runner.enqueue(csv);
        runner.run();

        runner.assertTransferCount(PutOttimateInvoice.REL_ORIGINAL, 1);
        runner.assertTransferCount(AbstractOttimateProcessor.REL_SUCCESS, 1);
        runner.assertTransferCount(AbstractOttimateProcessor.REL_FAILURE, 1);
        runner.assertTransferCount(AbstractOttimateProcessor.REL_RETRY, 0);
        runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst().assertAttributeEquals("record.count", "4");
        final List<JsonNode> failed = records(AbstractOttimateProcessor.REL_FAILURE);
        assertEquals("INV-C", failed.getFirst().get("invoice_number").asText());
        assertEquals("validation_error", failed.getFirst().get("ottimate_error_code").asText());
        assertTrue(failed.getFirst().get("ottimate_error_message").asText().contains("ottimate_location_id"));
        final MockFlowFile refusedSet = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_FAILURE).getFirst();
        refusedSet.assertAttributeEquals(OttimateAttributes.ERROR_CODE, "validation_error");
        assertTrue(refusedSet.getAttribute(OttimateAttributes.ERROR_MESSAGE).startsWith("1 record(s); the first: "), () -> refusedSet.getAttributes().toString());
        assertTrue(runner.getLogger().getErrorMessages().stream().anyMatch(m -> m.getMsg().contains("were refused (validation_error")),
                "a bulletin says records were refused");
        final List<JsonNode> ok = records(AbstractOttimateProcessor.REL_SUCCESS);
        assertEquals(List.of("INV-A", "INV-B", "INV-OLD", "INV-D"), ok.stream().map(r -> r.get("invoice_number").asText()).toList());
        ok.forEach(r -> assertTrue(emulator.store().invoices().get(r.get("ottimate_id").asText()).isPresent()));

        assertEquals(4, emulator.journal().matching("POST", "/invoices").size());
        final ApiRequest patch = emulator.journal().matching("PATCH", "/invoices/").getFirst();
        assertEquals("/v1/invoices/" + existing, patch.rawPath());
        assertTrue(!MAPPER.readTree(patch.body()).has("invoice_id"), "the id field is the path, not the body");
        assertEquals("updated by CSV", emulator.store().invoices().get(existing).orElseThrow().get("notes").asText());
        assertEquals(4, emulator.store().invoices().size(), "INV-OLD plus A, B and D");
        assertEquals(4L, runner.getCounterValue("Invoice records succeeded"));

        // the same file again (e.g. re-delivered): creates are replayed by their content keys, nothing is duplicated
        runner.clearTransferState();
        runner.enqueue(csv);
        runner.run();
        assertEquals(4, emulator.store().invoices().size());
        assertTrue(emulator.journal().matching("POST", "/invoices").stream().limit(4)
                .map(r -> r.header("idempotency-key").orElseThrow()).allMatch(k -> k.startsWith("inv-")));
    }

    /** ERP rows carry their own key: Local Fields are never sent, and come out on both sets to find the row again. */
    @Test
    void localFieldsStayInTheRecordsAndAreNeverSent() throws Exception {
        final String existing = emulator.seedInvoice(10, "ERP-OLD");
        useJsonReader();
        runner.setProperty(PutOttimateInvoice.INVOICE_ID_FIELD, "ottimate_id");
        runner.setProperty(PutOttimateInvoice.LOCAL_FIELDS, "erp_row_id, erp_changed_at");
        runner.enqueue("""
                [{"erp_row_id": 7, "erp_changed_at": "2026-11-02T10:00:00Z", "ottimate_id": null, "ottimate_location_id": 10,
                  "invoice_number": "ERP-1", "total_amount": 10.50},
                 {"erp_row_id": 8, "erp_changed_at": "2026-11-02T10:01:00Z", "ottimate_id": null, "invoice_number": "ERP-2", "total_amount": 1},
                 {"erp_row_id": 9, "erp_changed_at": "2026-11-02T10:02:00Z", "ottimate_id": "%s", "notes": "changed in the ERP"}]
                """.formatted(existing));
        runner.run();

        final List<JsonNode> ok = records(AbstractOttimateProcessor.REL_SUCCESS);
        assertEquals(List.of(7, 9), ok.stream().map(r -> r.get("erp_row_id").asInt()).toList());
        assertEquals(existing, ok.get(1).get("ottimate_id").asText());
        assertTrue(emulator.store().invoices().get(ok.get(0).get("ottimate_id").asText()).isPresent());
        final List<JsonNode> failed = records(AbstractOttimateProcessor.REL_FAILURE);
        assertEquals(List.of(8), failed.stream().map(r -> r.get("erp_row_id").asInt()).toList(), "no location: refused");
        assertEquals("validation_error", failed.getFirst().get("ottimate_error_code").asText());
        final List<ApiRequest> writes = emulator.journal().filter(r -> !r.method().equals("GET") && r.rawPath().startsWith("/v1/invoices"));
        assertEquals(3, writes.size());
        for (final ApiRequest write : writes) {
            final JsonNode body = MAPPER.readTree(write.body());
            assertTrue(!body.has("erp_row_id") && !body.has("erp_changed_at") && !body.has("ottimate_id"), "sent: " + body);
        }
        assertEquals("changed in the ERP", emulator.store().invoices().get(existing).orElseThrow().get("notes").asText());
    }

    @Test
    void importsInBatchesFollowsEachBatchAndSplitsFailedTasks() throws Exception {
        useJsonReader();
        runner.setProperty(PutOttimateInvoice.RECORD_STRATEGY, RecordStrategy.IMPORT.getValue());
        final String json = IntStream.range(0, 250)
                .mapToObj(i -> i == 137 ? "{\"ottimate_location_id\": 10, \"total_amount\": 1}"
                        : "{\"ottimate_location_id\": 10, \"invoice_number\": \"IMP-" + i + "\", \"total_amount\": " + i + "}")
                .collect(Collectors.joining(",", "[", "]"));
        // the first import's answer is cut off: the retry with the same key gets the same batch back
        emulator.faults().next(1, Fault.truncate().on("/invoices/import"));
        runner.enqueue(json);
        runner.run();
        runner.assertAllFlowFilesTransferred(PutOttimateInvoice.REL_PENDING, 1);
        assertEquals(3, PendingWork.of(runner.getFlowFilesForRelationship(PutOttimateInvoice.REL_PENDING).getFirst()).orElseThrow().jobs().size());
        PendingLoop.drain(runner);

        runner.assertTransferCount(PutOttimateInvoice.REL_ORIGINAL, 1);
        runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst().assertAttributeEquals("record.count", "249");
        final List<JsonNode> failed = records(AbstractOttimateProcessor.REL_FAILURE);
        assertEquals(1, failed.size());
        assertEquals("import_task_failed", failed.getFirst().get("ottimate_error_code").asText());
        assertTrue(failed.getFirst().get("ottimate_error_message").asText().contains("invoice_number"));
        assertEquals(249, emulator.store().invoices().size(), "each invoice once, although the first batch was sent twice");
        final List<ApiRequest> imports = emulator.journal().matching("POST", "/invoices/import");
        assertEquals(4, imports.size(), "3 batches (100, 100, 50) plus the retried first one");
        assertEquals(imports.get(0).header("idempotency-key"), imports.get(1).header("idempotency-key"));
        assertEquals(List.of(100, 100, 100, 50), imports.stream().map(r -> {
            try {
                return MAPPER.readTree(r.body()).size();
            } catch (final Exception e) {
                throw new AssertionError(e);
            }
        }).toList());
        assertEquals(3, emulator.journal().matching("GET", "/batch/").stream().filter(r -> r.rawPath().endsWith("/results")).count());
        assertTrue(MAPPER.readTree(imports.getFirst().body()).get(0).get("upload_id").asText().startsWith("nifi-"));
    }

    @Test
    void aBatchStillRunningAtTheTimeoutSendsTheFlowFileToRetryAsItCame() throws Exception {
        final ManualClock clock = new ManualClock(Instant.parse("2026-11-26T09:00:00Z"));
        runner = EmulatedConnection.of(new PutOttimateInvoice(clock), emulator).enable().runner();
        setUpRecords();
        useJsonReader();
        runner.setProperty(PutOttimateInvoice.RECORD_STRATEGY, RecordStrategy.IMPORT.getValue());
        runner.setProperty(PutOttimateInvoice.BATCH_TIMEOUT, "3 mins");
        emulator.batches().setPollsToComplete(1000);
        final String content = "[{\"ottimate_location_id\": 10, \"invoice_number\": \"SLOW-1\"}]";
        runner.enqueue(content);
        runner.run();
        for (final int minutes : List.of(1, 1, 2)) {
            runner.assertAllFlowFilesTransferred(PutOttimateInvoice.REL_PENDING, 1);
            final MockFlowFile pending = runner.getFlowFilesForRelationship(PutOttimateInvoice.REL_PENDING).getFirst();
            assertTrue(pending.isPenalized(), "waiting is a penalty, not a held thread");
            runner.clearTransferState();
            runner.enqueue(pending);
            clock.advance(Duration.ofMinutes(minutes));
            runner.run();
        }
        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_RETRY, 1);
        final MockFlowFile retry = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_RETRY).getFirst();
        assertTrue(retry.isPenalized());
        retry.assertContentEquals(content);
        retry.assertAttributeEquals(OttimateAttributes.ERROR_CODE, "batch_timeout");
        retry.assertAttributeNotExists(PendingWork.JOBS);
        assertEquals(3, emulator.journal().filter(r -> r.rawPath().endsWith("/progress")).size(), "one poll per pass");
    }

    @Test
    void unreadableRecordsFailTheInputWithTheReadersReason() throws Exception {
        useJsonReader();
        runner.enqueue("[{\"ottimate_location_id\": 10, \"invoice_number\": \"OK-1\"}, {\"ottimate_location_id\": 10, \"invoice_number\": ");
        runner.run();
        // JsonTreeReader infers its schema from the whole content, so a broken document is refused before any record is sent
        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_FAILURE, 1);
        final MockFlowFile failed = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_FAILURE).getFirst();
        failed.assertAttributeEquals(OttimateAttributes.ERROR_CODE, "invalid_records");
        assertTrue(failed.getAttribute(OttimateAttributes.ERROR_MESSAGE).contains("cannot be read"), failed.getAttribute(OttimateAttributes.ERROR_MESSAGE));
        assertEquals(0, emulator.store().invoices().size());
        assertTrue(emulator.journal().matching("POST", "/invoices").isEmpty());
    }
}
