/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.generic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ottimate.emulator.ApiRequest;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.EmulatedConnection;
import com.ottimate.nifi.processors.PendingLoop;
import com.ottimate.nifi.processors.OttimateAttributes;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** InvokeOttimateAPI on purchase orders and receipts: create, bulk upsert with its batch, list across pages. */
class InvokeOttimateAPITest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PO = """
            {"ottimate_location_id": 10, "po_number": "PO-%s", "erp_vendor_id": "V-7", "date": "2026-11-02", "total_amount": 50,
             "external_id": "ext-%s", "items": [{"name": "Flour", "quantity": 5, "price": 10}]}""";
    private OttimateEmulator emulator;
    private TestRunner runner;

    @BeforeEach
    void setUp() throws Exception {
        emulator = OttimateEmulator.start();
        runner = EmulatedConnection.of(new InvokeOttimateAPI(), emulator).enable().runner();
    }

    @AfterEach
    void tearDown() {
        emulator.close();
    }

    @Test
    void createsAPurchaseOrderWithAStableKey() throws Exception {
        runner.setProperty(InvokeOttimateAPI.METHOD, "POST");
        runner.setProperty(InvokeOttimateAPI.PATH, "/v1/purchase-orders");
        final MockFlowFile in = runner.enqueue(PO.formatted("1", "1"));
        runner.run();
        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_SUCCESS, 1);
        final MockFlowFile out = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst();
        out.assertAttributeEquals(OttimateAttributes.STATUS_CODE, "201");
        assertEquals("PO-1", MAPPER.readTree(out.getContent()).get("po_number").asText());
        final ApiRequest sent = emulator.journal().matching("POST", "/purchase-orders").getFirst();
        assertEquals("/v1/purchase-orders", sent.rawPath());
        assertEquals(in.getAttribute("uuid"), sent.header("idempotency-key").orElseThrow());
        assertTrue(sent.header("authorization").orElseThrow().startsWith("Bearer "));
        assertEquals(1, emulator.store().purchaseOrders().size());
    }

    @Test
    void bulkUpsertsPurchaseOrdersAndFollowsTheBatch() throws Exception {
        runner.setProperty(InvokeOttimateAPI.METHOD, "POST");
        runner.setProperty(InvokeOttimateAPI.PATH, "purchase-orders/bulk");
        final String pos = IntStream.range(0, 3).mapToObj(i -> PO.formatted(i, i)).collect(Collectors.joining(",", "[", "]"));
        final String body = "{\"ottimate_company_id\": 1, \"ottimate_location_id\": 10, \"purchase_orders\": " + pos + "}";
        runner.enqueue(body);
        runner.run();
        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_PENDING, 1);
        final MockFlowFile pending = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_PENDING).getFirst();
        pending.assertContentEquals(body);
        pending.assertAttributeExists(InvokeOttimateAPI.BATCH_ID);
        PendingLoop.drain(runner);
        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_SUCCESS, 1);
        final MockFlowFile out = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst();
        out.assertAttributeEquals("ottimate.batch.tasks.failed", "0");
        final JsonNode results = MAPPER.readTree(out.getContent()).get("results");
        assertEquals(3, results.size());
        assertEquals("PO-2", results.get(2).get("result").get("po_number").asText());
        assertEquals(3, emulator.store().purchaseOrders().size());
        assertTrue(emulator.journal().filter(r -> r.rawPath().endsWith("/progress")).size() >= 2, "followed the batch's progress");
    }

    @Test
    void createsAndBulkUpsertsReceiptsThenListsThemAcrossPages() throws Exception {
        runner.setProperty(InvokeOttimateAPI.METHOD, "POST");
        runner.setProperty(InvokeOttimateAPI.PATH, "receipts");
        runner.enqueue("{\"receipt_number\": \"R-1\", \"date\": \"2026-11-03\", \"total_amount\": 20, \"items\": [{\"sku\": \"F1\", \"quantity\": 2}]}");
        runner.run();
        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_SUCCESS, 1);

        runner.clearTransferState();
        runner.setProperty(InvokeOttimateAPI.PATH, "receipts/bulk");
        final String receipts = IntStream.range(2, 27).mapToObj(i -> "{\"receipt_number\": \"R-" + i
                + "\", \"date\": \"2026-11-03\", \"total_amount\": 1, \"items\": [{\"sku\": \"F1\", \"quantity\": 1}]}").collect(Collectors.joining(","));
        runner.enqueue("{\"ottimate_company_id\": 1, \"receipts\": [" + receipts + "]}");
        runner.run();
        PendingLoop.drain(runner);
        runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst().assertAttributeEquals("ottimate.batch.tasks.failed", "0");
        assertEquals(26, emulator.store().receipts().size());

        runner.clearTransferState();
        runner.setProperty(InvokeOttimateAPI.METHOD, "GET");
        runner.setProperty(InvokeOttimateAPI.PATH, "receipts");
        runner.setProperty(InvokeOttimateAPI.FOLLOW_PAGES, "true");
        runner.setProperty(InvokeOttimateAPI.PAGE_SIZE, "10");
        runner.setProperty("ottimate_company_id", "${company}");
        runner.enqueue("", Map.of("company", "1"));
        runner.run();
        final MockFlowFile listed = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst();
        listed.assertAttributeEquals("ottimate.item.count", "26");
        assertEquals(26, MAPPER.readTree(listed.getContent()).size());
        assertEquals(3, emulator.journal().matching("GET", "/receipts").size(), "26 receipts, 10 per page, each page read once");
        assertEquals("limit=10&ottimate_company_id=1&page=1", emulator.journal().matching("GET", "/receipts").getFirst().rawQuery());
    }

    @Test
    void refusesPathsThatWouldLeaveTheApiAndRoutesUnknownObjectsToNotFound() {
        runner.setProperty(InvokeOttimateAPI.PATH, "${path}");
        runner.enqueue("", Map.of("path", "purchase-orders/../oauth/token"));
        runner.enqueue("", Map.of("path", "receipts/x\r\nX-Evil: 1"));
        runner.enqueue("", Map.of("path", "purchase-orders/does-not-exist"));
        runner.run(3);
        runner.assertTransferCount(AbstractOttimateProcessor.REL_FAILURE, 2);
        runner.assertTransferCount(AbstractOttimateProcessor.REL_NOT_FOUND, 1);
        runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_FAILURE)
                .forEach(f -> f.assertAttributeEquals(OttimateAttributes.ERROR_CODE, "invalid_path"));
        assertEquals(1, emulator.journal().filter(r -> !r.apiPath().equals("/oauth/token")).size());
    }
}
