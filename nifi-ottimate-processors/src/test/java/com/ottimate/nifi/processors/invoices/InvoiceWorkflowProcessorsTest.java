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
import com.ottimate.nifi.client.model.OttimateRequest;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.EmulatedConnection;
import com.ottimate.nifi.processors.OttimateAttributes;
import com.ottimate.nifi.processors.records.OutputStrategy;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.provenance.ProvenanceEventType;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** FetchOttimateInvoice, ApproveOttimateInvoice and MarkOttimateInvoicesExported over real HTTP. */
class InvoiceWorkflowProcessorsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private OttimateEmulator emulator;

    @BeforeEach
    void setUp() throws Exception {
        emulator = OttimateEmulator.start();
    }

    @AfterEach
    void tearDown() {
        emulator.close();
    }

    private TestRunner runner(final AbstractOttimateProcessor processor) throws Exception {
        return EmulatedConnection.of(processor, emulator).enable().runner();
    }

    private JsonNode stored(final String id) {
        return emulator.store().invoices().get(id).orElseThrow();
    }

    // ---- FetchOttimateInvoice

    @Test
    void fetchesAnInvoiceByIdFromAnAttribute() throws Exception {
        final String id = emulator.seedInvoice(10, "INV-F1");
        final TestRunner runner = runner(new FetchOttimateInvoice());
        runner.setProperty(FetchOttimateInvoice.EXPAND, FetchOttimateInvoice.Expansion.ALL.getValue());
        runner.enqueue("ignored", Map.of("ottimate.invoice.id", id));
        runner.run();

        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_SUCCESS, 1);
        final MockFlowFile out = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst();
        assertEquals("INV-F1", MAPPER.readTree(out.getContent()).get("invoice_number").asText());
        out.assertAttributeEquals("ottimate.invoice.status", "needs-attention");
        out.assertAttributeEquals("mime.type", "application/json");
        final ApiRequest sent = emulator.journal().matching("GET", "/invoices/").getFirst();
        assertEquals("/v1/invoices/" + id, sent.rawPath());
        assertEquals("expand=history%2Cgl_splits", sent.rawQuery());
        assertEquals(ProvenanceEventType.FETCH, runner.getProvenanceEvents().getFirst().getEventType());
    }

    @Test
    void anUnknownInvoiceGoesToNotFound() throws Exception {
        final TestRunner runner = runner(new FetchOttimateInvoice());
        runner.enqueue("", Map.of("ottimate.invoice.id", "b4d1d-no-such"));
        runner.enqueue("", Map.of());
        runner.run(2);
        runner.assertTransferCount(AbstractOttimateProcessor.REL_NOT_FOUND, 1);
        runner.assertTransferCount(AbstractOttimateProcessor.REL_FAILURE, 1);
        runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_NOT_FOUND).getFirst()
                .assertAttributeEquals(OttimateAttributes.ERROR_CODE, "not_found");
        runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_FAILURE).getFirst()
                .assertAttributeEquals(OttimateAttributes.ERROR_CODE, "missing_invoice_id");
    }

    // ---- ApproveOttimateInvoice

    @Test
    void approvesAnInvoiceOnceEvenWhenRetried() throws Exception {
        final String id = emulator.seedInvoice(10, "INV-A1");
        final TestRunner runner = runner(new ApproveOttimateInvoice());
        emulator.faults().next(1, Fault.truncate().on("/invoices/" + id + "/approve"));
        final MockFlowFile in = runner.enqueue("", Map.of("ottimate.invoice.id", id));
        runner.run();

        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_SUCCESS, 1);
        final MockFlowFile out = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst();
        out.assertAttributeEquals("ottimate.invoice.status", "ready-for-export");
        out.assertAttributeEquals(OttimateAttributes.ATTEMPTS, "2");
        assertEquals("ready-for-export", stored(id).get("status").asText());
        final List<ApiRequest> posts = emulator.journal().matching("POST", "/invoices/" + id + "/approve");
        assertEquals(2, posts.size());
        posts.forEach(p -> assertEquals(in.getAttribute("uuid"), p.header("idempotency-key").orElseThrow()));
        assertEquals("{}", posts.getFirst().bodyText());
        assertEquals(ProvenanceEventType.SEND, runner.getProvenanceEvents().getFirst().getEventType());
    }

    @Test
    void flagsAnInvoiceWithAReasonFromExpressionLanguage() throws Exception {
        final String id = emulator.seedInvoice(10, "INV-A2");
        final TestRunner runner = runner(new ApproveOttimateInvoice());
        runner.setProperty(ApproveOttimateInvoice.OPERATION, ApproveOttimateInvoice.Operation.FLAG.getValue());
        runner.setProperty(ApproveOttimateInvoice.FLAGGING_REASON, "Total ${total} is over the limit");
        runner.enqueue("", Map.of("ottimate.invoice.id", id, "total", "12000"));
        runner.run();

        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_SUCCESS, 1);
        runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst().assertAttributeEquals("ottimate.invoice.status", "incomplete");
        assertEquals("{\"flagging_reason\":\"Total 12000 is over the limit\"}",
                emulator.journal().matching("POST", "/invoices/" + id + "/flag").getFirst().bodyText());
        assertEquals("incomplete", stored(id).get("status").asText());
    }

    @Test
    void addsListsAndRemovesApprovers() throws Exception {
        final String id = emulator.seedInvoice(10, "INV-A3");
        final TestRunner add = runner(new ApproveOttimateInvoice());
        add.setProperty(ApproveOttimateInvoice.OPERATION, ApproveOttimateInvoice.Operation.ADD_APPROVER.getValue());
        add.setProperty(ApproveOttimateInvoice.APPROVER_EMAIL, "${approver}");
        add.enqueue("", Map.of("ottimate.invoice.id", id, "approver", "lead@example.com"));
        add.enqueue("", Map.of("ottimate.invoice.id", id, "approver", "not-an-email"));
        add.run(2);
        add.assertTransferCount(AbstractOttimateProcessor.REL_SUCCESS, 1);
        add.assertTransferCount(AbstractOttimateProcessor.REL_FAILURE, 1);
        final String approvalId = add.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst().getAttribute("ottimate.approval.id");
        assertTrue(approvalId.startsWith("pbjappr_"), approvalId);
        assertEquals("{\"approver\":{\"email\":\"lead@example.com\"}}",
                emulator.journal().matching("POST", "/invoices/" + id + "/approvers").getFirst().bodyText());

        final TestRunner list = runner(new ApproveOttimateInvoice());
        list.setProperty(ApproveOttimateInvoice.OPERATION, ApproveOttimateInvoice.Operation.LIST_APPROVERS.getValue());
        list.enqueue("", Map.of("ottimate.invoice.id", id));
        list.run();
        final MockFlowFile listed = list.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst();
        listed.assertAttributeEquals("ottimate.approver.count", "1");
        assertEquals("lead@example.com", MAPPER.readTree(listed.getContent()).at("/approvers/0/approver/email").asText());

        final TestRunner remove = runner(new ApproveOttimateInvoice());
        remove.setProperty(ApproveOttimateInvoice.OPERATION, ApproveOttimateInvoice.Operation.REMOVE_APPROVER.getValue());
        remove.enqueue("", Map.of("ottimate.invoice.id", id, "ottimate.approval.id", approvalId));
        remove.enqueue("", Map.of("ottimate.invoice.id", id, "ottimate.approval.id", approvalId));
        remove.run(2);
        remove.assertTransferCount(AbstractOttimateProcessor.REL_SUCCESS, 1);
        remove.assertTransferCount(AbstractOttimateProcessor.REL_NOT_FOUND, 1);
        final ApiRequest delete = emulator.journal().matching("DELETE", "/invoices/" + id + "/approvers").getFirst();
        assertEquals("approval_id=" + approvalId, delete.rawQuery());
        assertEquals("{}", remove.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst().getContent());
    }

    @Test
    void approveValidatesAndRoutesApiRefusals() throws Exception {
        final String id = emulator.seedInvoice(10, "INV-A4");
        emulator.editInvoice(id, "status", "exported");
        final TestRunner runner = runner(new ApproveOttimateInvoice());
        runner.enqueue("", Map.of("ottimate.invoice.id", id));
        runner.enqueue("", Map.of("ottimate.invoice.id", "missing-invoice"));
        runner.run(2);
        runner.assertTransferCount(AbstractOttimateProcessor.REL_FAILURE, 1);
        runner.assertTransferCount(AbstractOttimateProcessor.REL_NOT_FOUND, 1);
        runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_FAILURE).getFirst().assertAttributeEquals(OttimateAttributes.ERROR_CODE, "invalid_state");
    }

    // ---- MarkOttimateInvoicesExported

    @Test
    void marksManyInvoicesFromRecordsInAsFewCallsAsAllowed() throws Exception {
        final List<String> ids = IntStream.range(0, 250).mapToObj(i -> emulator.seedInvoice(10, "INV-M" + i)).toList();
        final TestRunner runner = runner(new MarkOttimateInvoicesExported());
        final JsonTreeReader reader = new JsonTreeReader();
        runner.addControllerService("reader", reader);
        runner.enableControllerService(reader);
        runner.setProperty(MarkOttimateInvoicesExported.ID_SOURCE, MarkOttimateInvoicesExported.IdSource.RECORDS.getValue());
        runner.setProperty(MarkOttimateInvoicesExported.RECORD_READER, "reader");
        runner.setProperty(MarkOttimateInvoicesExported.MARKED_REASON, "Loaded into ERP");
        runner.setProperty(MarkOttimateInvoicesExported.EXPORT_TRANSACTION_ID, "${erp.batch}");
        runner.enqueue(ids.stream().map(id -> "{\"id\": \"" + id + "\", \"invoice_number\": \"x\"}").collect(Collectors.joining(",", "[", "]")),
                Map.of("erp.batch", "JRNL-77"));
        runner.run();

        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_SUCCESS, 1);
        final MockFlowFile out = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst();
        out.assertAttributeEquals("ottimate.updated.count", "250");
        out.assertAttributeEquals("ottimate.failed.count", "0");
        out.assertAttributeEquals("ottimate.request.count", "3");
        final List<ApiRequest> posts = emulator.journal().matching("POST", "/invoices/mark-exported");
        assertEquals(3, posts.size(), "ceil(250 / 100) calls");
        assertEquals(List.of(100, 100, 50), posts.stream().map(p -> json(p).get("invoices").size()).toList());
        final JsonNode first = json(posts.getFirst());
        assertEquals("JRNL-77", first.get("export_transaction_id").asText());
        assertEquals("Loaded into ERP", first.at("/invoices/0/marked_reason").asText());
        assertEquals(3, posts.stream().map(p -> p.header("idempotency-key").orElseThrow()).distinct().count());
        // the API's optional logging header names each batch, the same on every pass
        assertEquals(posts.stream().map(p -> p.header("idempotency-key").orElseThrow()).toList(),
                posts.stream().map(p -> p.header("x-export-batch-id").orElseThrow()).toList());
        ids.forEach(id -> assertEquals("exported", stored(id).get("status").asText()));
    }

    @Test
    void batchKeysStayValidKeysHoweverLongTheFlowFilesKeyIs() {
        final String longest = "k".repeat(126);
        for (int n = 0; n < 12; n++) {
            final String key = MarkOttimateInvoicesExported.batchKey(longest, n);
            assertTrue(OttimateRequest.IDEMPOTENCY_KEY.matcher(key).matches(), "batch " + n + ": " + key);
            assertEquals(key, MarkOttimateInvoicesExported.batchKey(longest, n), "the same on every pass");
        }
        assertEquals(12, IntStream.range(0, 12).mapToObj(n -> MarkOttimateInvoicesExported.batchKey(longest, n)).distinct().count());
    }

    @Test
    void aRetriedFlowFileReplaysBatchesAlreadySentAndMarksEachInvoiceOnce() throws Exception {
        final List<String> ids = IntStream.range(0, 3).mapToObj(i -> emulator.seedInvoice(10, "INV-R" + i)).toList();
        final TestRunner runner = runner(new MarkOttimateInvoicesExported());
        runner.setProperty(MarkOttimateInvoicesExported.BATCH_SIZE, "2");
        // batch 1 goes through; batch 2 gets a 503 on all four attempts the connection service makes
        emulator.faults().next(1, Fault.delay(Duration.ZERO).on("/invoices/mark-exported"))
                .next(4, Fault.status(503).on("/invoices/mark-exported"));
        final MockFlowFile in = runner.enqueue("", Map.of("ottimate.invoice.id", String.join(",", ids)));
        runner.run();
        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_RETRY, 1);
        final MockFlowFile retry = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_RETRY).getFirst();
        assertTrue(retry.getAttribute(OttimateAttributes.ERROR_MESSAGE).contains("HTTP 503") || "503".equals(retry.getAttribute(OttimateAttributes.STATUS_CODE)));

        runner.clearTransferState();
        runner.enqueue(retry);
        runner.run();
        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_SUCCESS, 1);
        final List<String> keys = emulator.journal().matching("POST", "/invoices/mark-exported").stream()
                .map(p -> p.header("idempotency-key").orElseThrow()).distinct().toList();
        assertEquals(List.of(in.getAttribute("uuid") + ".0", in.getAttribute("uuid") + ".1"), keys);
        for (final String id : ids) {
            assertEquals(1, stored(id).get("history").size(), "marked exactly once: " + stored(id).get("history"));
        }
    }

    @Test
    void unknownIdsAreReportedAndTheFlowFileFails() throws Exception {
        final String id = emulator.seedInvoice(10, "INV-U1");
        final TestRunner runner = runner(new MarkOttimateInvoicesExported());
        runner.enqueue("", Map.of("ottimate.invoice.id", id + ", nope-1"));
        runner.run();
        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_FAILURE, 1);
        final MockFlowFile out = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_FAILURE).getFirst();
        out.assertAttributeEquals("ottimate.updated.count", "1");
        out.assertAttributeEquals("ottimate.failed.count", "1");
        out.assertAttributeEquals(OttimateAttributes.ERROR_CODE, "invoices_refused");
        assertTrue(out.getAttribute(OttimateAttributes.ERROR_MESSAGE).contains("nope-1"));
        assertEquals("nope-1", MAPPER.readTree(out.getContent()).at("/failed/0/id").asText());
    }

    @Test
    void marksUnexportedAndFlags() throws Exception {
        final String id = emulator.seedInvoice(10, "INV-U2");
        emulator.editInvoice(id, "status", "exported");
        final TestRunner runner = runner(new MarkOttimateInvoicesExported());
        runner.setProperty(MarkOttimateInvoicesExported.MARK, MarkOttimateInvoicesExported.Mark.UNEXPORTED.getValue());
        runner.setProperty(MarkOttimateInvoicesExported.FLAG_INVOICE, "true");
        runner.setProperty(MarkOttimateInvoicesExported.MARKED_REASON, "Reversed in ERP");
        runner.enqueue("", Map.of("ottimate.invoice.id", id));
        runner.run();
        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_SUCCESS, 1);
        final JsonNode sent = json(emulator.journal().matching("POST", "/invoices/mark-unexported").getFirst());
        assertTrue(sent.get("flag_invoice").asBoolean());
        assertFalse(sent.has("export_transaction_id"));
        assertEquals("incomplete", stored(id).get("status").asText());
    }

    private static JsonNode json(final ApiRequest request) {
        try {
            return MAPPER.readTree(request.body());
        } catch (final Exception e) {
            throw new AssertionError(e);
        }
    }

    // ---- FetchOttimateReceiverExport

    @Test
    void readsTheReceiverExportOfExportedInvoicesAcrossPages() throws Exception {
        final List<String> exported = IntStream.range(0, 5).mapToObj(i -> emulator.seedInvoice(10, "INV-RX" + i)).toList();
        exported.forEach(id -> emulator.editInvoice(id, "status", "exported"));
        emulator.seedInvoice(10, "INV-NOT-EXPORTED");
        final TestRunner runner = runner(new FetchOttimateReceiverExport());
        runner.setProperty(FetchOttimateReceiverExport.PAGE_SIZE, "2");
        runner.setProperty(FetchOttimateReceiverExport.OUTPUT_STRATEGY, OutputStrategy.ONE_PER_OBJECT.getValue());
        runner.setProperty("Exported After", "${since}");
        runner.setProperty("Company ID", "${ottimate.company.id}");
        runner.setProperty("Location ID", "${ottimate.location.id}");
        runner.enqueue("", Map.of("ottimate.company.id", "1", "ottimate.location.id", "10", "since", "2026-01-01T00:00:00Z"));
        runner.enqueue("", Map.of("ottimate.location.id", "10"));
        runner.run(2);

        runner.assertTransferCount(AbstractOttimateProcessor.REL_SUCCESS, 5);
        runner.assertTransferCount(FetchOttimateReceiverExport.REL_ORIGINAL, 1);
        runner.assertTransferCount(AbstractOttimateProcessor.REL_FAILURE, 1);
        assertEquals(Set.copyOf(exported), runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).stream()
                .map(f -> f.getAttribute(OttimateAttributes.INVOICE_ID)).collect(Collectors.toSet()));
        final List<ApiRequest> pages = emulator.journal().matching("GET", "/invoices/receiver-export");
        assertEquals(3, pages.size(), "5 invoices, 2 per page");
        assertEquals("exported_after_utc=2026-01-01T00%3A00%3A00Z&limit=2&ottimate_company_id=1&ottimate_location_id=10&page=1",
                pages.getFirst().rawQuery());
        runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_FAILURE).getFirst().assertAttributeEquals(OttimateAttributes.ERROR_CODE, "missing_scope");
    }
}
