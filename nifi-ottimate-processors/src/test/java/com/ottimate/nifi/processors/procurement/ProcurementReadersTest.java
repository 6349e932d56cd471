/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.procurement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.emulator.ApiRequest;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.client.ExactJson;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.EmulatedConnection;
import com.ottimate.nifi.processors.fetching.AbstractFetchOttimate;
import com.ottimate.nifi.processors.resources.ApiFilters;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.processor.Processor;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** FetchOttimatePurchaseOrder and FetchOttimateReceipt over HTTP against the emulator: what they send, what comes out. */
class ProcurementReadersTest {
    private OttimateEmulator emulator;
    private String order;
    private String otherOrder;

    @BeforeEach
    void seed() throws Exception {
        emulator = OttimateEmulator.start();
        order = emulator.seedPurchaseOrder(purchaseOrder("PO-1001", "po-ext-1", "2026-11-05", "1234.56", 10));
        otherOrder = emulator.seedPurchaseOrder(purchaseOrder("PO-1002", "po-ext-2", "2026-10-01", "10.00", 11));
        emulator.seedReceipt(receipt("RCV-1", order, "2026-11-06", "617.28"));
        emulator.seedReceipt(receipt("RCV-2", order, "2026-11-07", "617.28"));
        emulator.seedReceipt(receipt("RCV-3", otherOrder, "2026-10-02", "10.00"));
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private static ObjectNode purchaseOrder(final String number, final String externalId, final String date, final String total, final int location) {
        final ObjectNode po = ExactJson.mapper().createObjectNode();
        po.put("po_number", number).put("external_id", externalId).put("ottimate_location_id", location).put("erp_vendor_id", "V-7")
                .put("date", date).put("total_amount", new BigDecimal(total)).put("status", "open");
        po.putArray("items").addObject().put("name", "Flour 25 kg").put("sku", "FL-1").put("quantity", new BigDecimal("2"))
                .put("price", new BigDecimal(total).divide(new BigDecimal("2")));
        return po;
    }

    private static ObjectNode receipt(final String number, final String poId, final String date, final String total) {
        final ObjectNode receipt = ExactJson.mapper().createObjectNode();
        receipt.put("receipt_number", number).put("ottimate_po_id", poId).put("date", date).put("total_amount", new BigDecimal(total));
        receipt.putArray("items").addObject().put("sku", "FL-1").put("quantity", new BigDecimal("1"));
        return receipt;
    }

    private TestRunner runner(final Processor processor) throws Exception {
        final TestRunner runner = EmulatedConnection.of(processor, emulator).enable().runner();
        final JsonRecordSetWriter writer = new JsonRecordSetWriter();
        runner.addControllerService("writer", writer);
        runner.enableControllerService(writer);
        return runner;
    }

    @Test
    void aPurchaseOrderByIdComesWithItsLinesAndItsIdAttribute() throws Exception {
        final TestRunner runner = runner(new FetchOttimatePurchaseOrder());
        runner.enqueue("", Map.of("ottimate.purchase.order.id", order));
        runner.enqueue("", Map.of("ottimate.purchase.order.id", "00000000-0000-0000-0000-000000000000"));
        runner.run(2);

        final MockFlowFile found = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst();
        found.assertAttributeEquals("ottimate.purchase.order.id", order);
        final JsonNode content = ExactJson.mapper().readTree(found.getContent());
        assertEquals("PO-1001", content.path("po_number").asText(), "unwrapped from {version, purchase_order}");
        assertEquals(new BigDecimal("1234.56"), content.path("total_amount").decimalValue());
        assertEquals(1, content.path("items").size());
        runner.assertTransferCount(AbstractOttimateProcessor.REL_NOT_FOUND, 1);
        assertEquals(List.of("/purchase-orders/" + order, "/purchase-orders/00000000-0000-0000-0000-000000000000"),
                emulator.journal().matching("GET", "/purchase-orders").stream().map(ApiRequest::apiPath).toList());
    }

    @Test
    void aQueryOfOneLocationAndMonthSendsItsFiltersAndWritesExactMoney() throws Exception {
        final TestRunner runner = runner(new FetchOttimatePurchaseOrder());
        runner.setProperty(AbstractFetchOttimate.FETCH_STRATEGY, AbstractFetchOttimate.FetchStrategy.BY_QUERY.getValue());
        runner.setProperty(ApiFilters.LOCATION_ID.onFlowFile().descriptor(), "${location}");
        runner.setProperty(ApiFilters.DATE_FROM.onFlowFile().descriptor(), "2026-11-01");
        runner.setProperty(ApiFilters.DATE_TO.onFlowFile().descriptor(), "2026-11-30");
        runner.setProperty(ApiFilters.LINES_EXPAND.onFlowFile().descriptor(), "true");
        runner.setProperty(AbstractFetchOttimate.RECORD_WRITER, "writer");
        runner.enqueue("", Map.of("location", "10"));
        runner.run();

        runner.getFlowFilesForRelationship(AbstractFetchOttimate.REL_ORIGINAL).getFirst().assertAttributeEquals("ottimate.purchase.order.count", "1");
        final JsonNode records = ExactJson.mapper().readTree(runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst().getContent());
        assertEquals(1, records.size());
        assertEquals("PO-1001", records.get(0).path("po_number").asText());
        assertEquals(new BigDecimal("1234.56"), records.get(0).path("total_amount").decimalValue(), "money as DECIMAL, to the cent");
        assertEquals(new BigDecimal("617.28"), records.get(0).path("items").get(0).path("price").decimalValue());
        assertEquals(List.of("date_from=2026-11-01&date_to=2026-11-30&expand=items&limit=100&ottimate_location_id=10&page=1"),
                emulator.journal().matching("GET", "/purchase-orders").stream().map(ApiRequest::rawQuery).toList());
    }

    @Test
    void withLineItemsTheApisWindowOfAtMostThirtyDaysIsRequiredBeforeAnyRequest() throws Exception {
        final TestRunner runner = runner(new FetchOttimatePurchaseOrder());
        runner.setProperty(AbstractFetchOttimate.FETCH_STRATEGY, AbstractFetchOttimate.FetchStrategy.BY_QUERY.getValue());
        runner.setProperty(AbstractFetchOttimate.RECORD_WRITER, "writer");
        runner.setProperty(ApiFilters.DATE_FROM.onFlowFile().descriptor(), "2026-10-01");
        runner.setProperty(ApiFilters.DATE_TO.onFlowFile().descriptor(), "2026-11-30");
        runner.assertValid();
        runner.setProperty(ApiFilters.LINES_EXPAND.onFlowFile().descriptor(), "true");
        runner.assertNotValid();
        runner.setProperty(ApiFilters.DATE_TO.onFlowFile().descriptor(), "2026-10-31");
        runner.assertValid();
        runner.removeProperty(ApiFilters.DATE_TO.onFlowFile().descriptor());
        runner.assertNotValid();
        runner.setProperty(ApiFilters.DATE_TO.onFlowFile().descriptor(), "${to}");
        runner.assertValid();
        assertTrue(emulator.journal().matching("GET", "/purchase-orders").isEmpty());
    }

    @Test
    void aWindowFromAttributesThatTheApiRefusesEndsOnFailureWithItsReason() throws Exception {
        final TestRunner runner = runner(new FetchOttimatePurchaseOrder());
        runner.setProperty(AbstractFetchOttimate.FETCH_STRATEGY, AbstractFetchOttimate.FetchStrategy.BY_QUERY.getValue());
        runner.setProperty(AbstractFetchOttimate.RECORD_WRITER, "writer");
        runner.setProperty(ApiFilters.DATE_FROM.onFlowFile().descriptor(), "${from}");
        runner.setProperty(ApiFilters.DATE_TO.onFlowFile().descriptor(), "${to}");
        runner.setProperty(ApiFilters.LINES_EXPAND.onFlowFile().descriptor(), "true");
        runner.enqueue("", Map.of("from", "2026-09-01", "to", "2026-11-30"));
        runner.run();
        final MockFlowFile refused = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_FAILURE).getFirst();
        assertTrue(refused.getAttribute("ottimate.error.message").contains("30 days"), refused.getAttribute("ottimate.error.message"));
        runner.assertTransferCount(AbstractOttimateProcessor.REL_SUCCESS, 0);
    }

    @Test
    void theReceiptsOfOnePurchaseOrderComeAsOneRecordSet() throws Exception {
        final TestRunner runner = runner(new FetchOttimateReceipt());
        runner.setProperty(AbstractFetchOttimate.FETCH_STRATEGY, AbstractFetchOttimate.FetchStrategy.BY_QUERY.getValue());
        runner.setProperty(ApiFilters.PURCHASE_ORDER_ID.onFlowFile().descriptor(), "${ottimate.purchase.order.id}");
        runner.setProperty(AbstractFetchOttimate.RECORD_WRITER, "writer");
        runner.enqueue("", Map.of("ottimate.purchase.order.id", order));
        runner.run();

        runner.getFlowFilesForRelationship(AbstractFetchOttimate.REL_ORIGINAL).getFirst().assertAttributeEquals("ottimate.receipt.count", "2");
        final JsonNode records = ExactJson.mapper().readTree(runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst().getContent());
        assertEquals(List.of("RCV-1", "RCV-2"), List.of(records.get(0).path("receipt_number").asText(), records.get(1).path("receipt_number").asText()));
        assertFalse(records.get(0).has("items") && !records.get(0).path("items").isNull(), "no lines without Include Line Items");
        assertEquals(List.of("limit=100&ottimate_po_id=" + order + "&page=1"),
                emulator.journal().matching("GET", "/receipts").stream().map(ApiRequest::rawQuery).toList());
    }
}
