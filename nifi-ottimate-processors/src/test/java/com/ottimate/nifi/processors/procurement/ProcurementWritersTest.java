/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.procurement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ottimate.emulator.ApiRequest;
import com.ottimate.emulator.EmulatorProfile;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.client.ExactJson;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.EmulatedConnection;
import com.ottimate.nifi.processors.masterdata.AbstractPutOttimateMasterData;
import org.apache.nifi.csv.CSVReader;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.processor.Processor;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PutOttimatePurchaseOrder and PutOttimateReceipt over HTTP against the emulator, on data shaped like an ERP's: PO
 * numbers that repeat across vendors, one CSV row per line, orders of many lines, a receipt for each order.
 */
class ProcurementWritersTest {
    private static final ObjectMapper MAPPER = ExactJson.mapper();
    private OttimateEmulator emulator;

    @AfterEach
    void stop() {
        emulator.close();
    }

    private TestRunner runner(final Processor processor, final boolean csv) throws InitializationException {
        final TestRunner runner = EmulatedConnection.of(processor, emulator).enable().runner();
        final JsonRecordSetWriter writer = new JsonRecordSetWriter();
        runner.addControllerService("writer", writer);
        runner.enableControllerService(writer);
        if (csv) {
            final CSVReader reader = new CSVReader();
            runner.addControllerService("reader", reader);
            // every column as text, as the docs advise: an inferred 300.00 would be the double 300.0
            runner.setProperty(reader, "schema-access-strategy", "csv-header-derived");
            runner.enableControllerService(reader);
        } else {
            final JsonTreeReader reader = new JsonTreeReader();
            runner.addControllerService("reader", reader);
            runner.enableControllerService(reader);
        }
        runner.setProperty(AbstractPutOttimateMasterData.RECORD_READER, "reader");
        runner.setProperty(AbstractPutOttimateMasterData.RECORD_WRITER, "writer");
        runner.setProperty(AbstractPutOttimateMasterData.COMPANY_ID, "1");
        return runner;
    }

    /** Runs the flowfile and its passes back from 'pending' (and 'retry'); answers every record written, by relationship. */
    private static Map<Relationship, List<JsonNode>> runToTheEnd(final TestRunner runner) throws IOException {
        final Map<Relationship, List<JsonNode>> out = new HashMap<>();
        for (int round = 0; round < 60; round++) {
            runner.run();
            for (final Relationship relationship : List.of(AbstractOttimateProcessor.REL_SUCCESS, AbstractOttimateProcessor.REL_FAILURE)) {
                for (final MockFlowFile set : runner.getFlowFilesForRelationship(relationship)) {
                    MAPPER.readTree(set.getContent()).forEach(record -> out.computeIfAbsent(relationship, r -> new ArrayList<>()).add(record));
                }
            }
            final List<MockFlowFile> again = new ArrayList<>(runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_PENDING));
            again.addAll(runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_RETRY));
            if (again.isEmpty()) {
                runner.assertTransferCount(AbstractPutOttimateMasterData.REL_ORIGINAL, 1);
                return out;
            }
            runner.clearTransferState();
            again.forEach(runner::enqueue);
        }
        throw new AssertionError("the flowfile never finished");
    }

    /** 100 orders of 30 lines each, one row per line; PO numbers repeat across the three vendors. */
    private static String ordersCsv() {
        final StringBuilder csv = new StringBuilder("external_id,po_number,erp_vendor_id,date,total_amount,is_2_way,item_name,item_sku,item_quantity,item_price\n");
        for (int po = 0; po < 100; po++) {
            for (int line = 0; line < 30; line++) {
                csv.append("ERP-PO-").append(po).append(",PO-").append(po / 3).append(",V-").append(po % 3).append(",2026-11-").append(10 + po % 10)
                        .append(",300.00,").append(po == 7 ? "true" : "").append(",Item ").append(line).append(",SKU-").append(line).append(",1,10.00\n");
            }
        }
        return csv.toString();
    }

    @Test
    void csvRowsPerLineBecomeOrdersInBulkCallsOfAtMostOneHundredOrdersAndOneThousandLines() throws Exception {
        emulator = OttimateEmulator.start();
        final TestRunner runner = runner(new PutOttimatePurchaseOrder(), true);
        runner.setProperty(AbstractPutOttimateProcurement.LINE_LAYOUT, LineLayout.ROW_PER_LINE.getValue());
        runner.setProperty(AbstractPutOttimateProcurement.LOCATION_ID, "${location}");
        runner.enqueue(ordersCsv(), Map.of("location", "10"));
        final Map<Relationship, List<JsonNode>> out = runToTheEnd(runner);

        final List<ApiRequest> calls = emulator.journal().matching("POST", "/purchase-orders/bulk");
        assertEquals(4, calls.size(), "33 orders of 30 lines fill a call's 1,000 lines: 33 + 33 + 33 + 1");
        for (final ApiRequest call : calls) {
            final JsonNode body = MAPPER.readTree(call.body());
            assertEquals(1, body.get("ottimate_company_id").asInt());
            assertEquals(10, body.get("ottimate_location_id").asInt(), "the bulk call names the default location, as the document wants");
            int lines = 0;
            for (final JsonNode po : body.get("purchase_orders")) {
                lines += po.get("items").size();
                assertEquals(10, po.get("ottimate_location_id").asInt(), "the Location ID fills what the rows do not carry");
                assertTrue(po.get("total_amount").isNumber(), "CSV text sent as the schema's number: " + po);
                assertEquals("300.00", po.get("total_amount").decimalValue().toPlainString(), "decimals keep their scale");
                assertTrue(po.get("items").get(0).get("quantity").isNumber());
                assertTrue(po.get("items").get(0).has("name") && !po.has("item_name"), "line columns lose the prefix and leave the header");
            }
            assertTrue(lines <= 1000, lines + " lines in one call");
        }
        assertTrue(MAPPER.readTree(calls.getFirst().body()).get("purchase_orders").get(7).get("is_2_way").asBoolean());
        assertTrue(!MAPPER.readTree(calls.getFirst().body()).get("purchase_orders").get(6).has("is_2_way"), "an empty cell is not sent");

        assertEquals(3000, out.get(AbstractOttimateProcessor.REL_SUCCESS).size(), "every row comes out once");
        assertEquals(null, out.get(AbstractOttimateProcessor.REL_FAILURE));
        assertEquals(100, emulator.store().purchaseOrders().size(), "one order per external_id, though PO numbers repeat across vendors");
        final Map<String, String> idByExternal = new HashMap<>();
        emulator.store().purchaseOrders().all().forEach(po -> {
            assertEquals(30, po.get("items").size());
            idByExternal.put(po.get("external_id").asText(), po.get("id").asText());
        });
        for (final JsonNode row : out.get(AbstractOttimateProcessor.REL_SUCCESS)) {
            assertEquals(idByExternal.get(row.get("external_id").asText()), row.get("ottimate_id").asText(), "each row carries its own order's id");
        }
    }

    @Test
    void sentAgainTheSameOrdersUpdateInPlaceEvenWhenTheApiIgnoresIdempotencyKeys() throws Exception {
        emulator = OttimateEmulator.start(Set.of(EmulatorProfile.IGNORES_IDEMPOTENCY_KEY));
        final TestRunner runner = runner(new PutOttimatePurchaseOrder(), true);
        runner.setProperty(AbstractPutOttimateProcurement.LINE_LAYOUT, LineLayout.ROW_PER_LINE.getValue());
        runner.setProperty(AbstractPutOttimateProcurement.LOCATION_ID, "10");
        runner.enqueue(ordersCsv());
        runToTheEnd(runner);
        runner.clearTransferState();
        runner.enqueue(ordersCsv().replace(",300.00,", ",310.00,"));
        final Map<Relationship, List<JsonNode>> again = runToTheEnd(runner);
        assertEquals(3000, again.get(AbstractOttimateProcessor.REL_SUCCESS).size());
        assertEquals(100, emulator.store().purchaseOrders().size(), "upserted on external_id: no second order");
        emulator.store().purchaseOrders().all().forEach(po -> assertEquals(0, new BigDecimal("310").compareTo(po.get("total_amount").decimalValue())));
    }

    @Test
    void anOrderWithoutExternalIdOrWithTooManyLinesFailsAloneBeforeAnyCall() throws Exception {
        emulator = OttimateEmulator.start();
        final TestRunner runner = runner(new PutOttimatePurchaseOrder(), false);
        runner.setProperty(AbstractPutOttimateProcurement.LOCATION_ID, "10");
        final StringBuilder many = new StringBuilder();
        for (int i = 0; i < 1001; i++) {
            many.append(i == 0 ? "" : ",").append("{\"name\": \"Bolt\", \"quantity\": 1, \"price\": 0.1}");
        }
        runner.enqueue("[{\"external_id\": \"A-1\", \"po_number\": \"PO-1\", \"erp_vendor_id\": \"V-1\", \"ottimate_location_id\": 10, \"date\": \"2026-11-02\","
                + " \"total_amount\": 5, \"items\": [{\"name\": \"Nut\", \"quantity\": 5, \"price\": 1}]},"
                + " {\"po_number\": \"PO-1\", \"erp_vendor_id\": \"V-2\", \"ottimate_location_id\": 10, \"date\": \"2026-11-02\", \"total_amount\": 5,"
                + " \"items\": [{\"name\": \"Nut\", \"quantity\": 5, \"price\": 1}]},"
                + " {\"external_id\": \"A-3\", \"po_number\": \"PO-3\", \"erp_vendor_id\": \"V-1\", \"ottimate_location_id\": 10, \"date\": \"2026-11-02\","
                + " \"total_amount\": 100.1, \"items\": [" + many + "]}]");
        final Map<Relationship, List<JsonNode>> out = runToTheEnd(runner);

        assertEquals(1, out.get(AbstractOttimateProcessor.REL_SUCCESS).size());
        final List<JsonNode> failed = out.get(AbstractOttimateProcessor.REL_FAILURE);
        assertEquals(Set.of("missing_external_id", "too_many_lines"), Set.of(failed.get(0).get("ottimate_error_code").asText(),
                failed.get(1).get("ottimate_error_code").asText()));
        final List<ApiRequest> calls = emulator.journal().matching("POST", "/purchase-orders/bulk");
        assertEquals(1, calls.size(), "the order of 1,001 lines is not sent, alone or with others");
        assertEquals(1, MAPPER.readTree(calls.getFirst().body()).get("purchase_orders").size());
        assertEquals(1, emulator.store().purchaseOrders().size());
    }

    @Test
    void receiptsAreMatchedToTheirResultsByExternalIdWhenResultsComeUnnumberedAndOutOfOrder() throws Exception {
        emulator = OttimateEmulator.start(Set.of(EmulatorProfile.BULK_RESULTS_UNNUMBERED));
        final TestRunner runner = runner(new PutOttimateReceipt(), true);
        runner.setProperty(AbstractPutOttimateProcurement.LINE_LAYOUT, LineLayout.ROW_PER_LINE.getValue());
        final StringBuilder csv = new StringBuilder("external_id,receipt_number,po_external_id,erp_vendor_id,ottimate_location_id,date,total_amount,"
                + "item_po_external_item_id,item_quantity\n");
        for (int r = 0; r < 12; r++) {
            // every receipt of a vendor is numbered RCV-1, RCV-2 ... as ERPs do
            csv.append("GR-").append(r).append(",RCV-").append(r % 4).append(",ERP-PO-").append(r).append(",V-").append(r / 4).append(",10,2026-11-20,")
                    .append(r).append(".50,L-1,1\n");
            csv.append("GR-").append(r).append(",RCV-").append(r % 4).append(",ERP-PO-").append(r).append(",V-").append(r / 4).append(",10,2026-11-20,")
                    .append(r).append(".50,L-2,2\n");
        }
        runner.enqueue(csv.toString());
        final Map<Relationship, List<JsonNode>> out = runToTheEnd(runner);

        assertEquals(24, out.get(AbstractOttimateProcessor.REL_SUCCESS).size());
        assertEquals(12, emulator.store().receipts().size());
        final Set<String> ids = new HashSet<>();
        for (final JsonNode row : out.get(AbstractOttimateProcessor.REL_SUCCESS)) {
            final JsonNode receipt = emulator.store().receipts().get(row.get("ottimate_id").asText()).orElseThrow();
            assertEquals(row.get("external_id").asText(), receipt.get("external_id").asText(), "the id is this receipt's, not its neighbour's");
            assertEquals(2, receipt.get("items").size());
            ids.add(receipt.get("id").asText());
        }
        assertEquals(12, ids.size());
        assertEquals(1, emulator.journal().matching("POST", "/receipts/bulk").size());
    }

    @Test
    void aBulkOfPurchaseOrdersNeedsItsLocation() throws Exception {
        emulator = OttimateEmulator.start();
        final TestRunner runner = runner(new PutOttimatePurchaseOrder(), false);
        runner.assertNotValid();
        runner.setProperty(AbstractPutOttimateMasterData.OPERATION, AbstractPutOttimateMasterData.Operation.CREATE.getValue());
        runner.assertValid();
        final TestRunner receipts = runner(new PutOttimateReceipt(), false);
        receipts.assertValid();
    }

    @Test
    void oneByOneEachOrderIsOneCreateCarryingItsLinesAndNoCompany() throws Exception {
        emulator = OttimateEmulator.start(Set.of(EmulatorProfile.STRICT_FIELDS));
        final TestRunner runner = runner(new PutOttimatePurchaseOrder(), true);
        runner.setProperty(AbstractPutOttimateMasterData.OPERATION, AbstractPutOttimateMasterData.Operation.CREATE.getValue());
        runner.setProperty(AbstractPutOttimateProcurement.LINE_LAYOUT, LineLayout.ROW_PER_LINE.getValue());
        runner.setProperty(AbstractPutOttimateProcurement.LINE_FIELD_PREFIX, "line.");
        runner.setProperty(AbstractPutOttimateProcurement.LOCATION_ID, "10");
        runner.enqueue("external_id,po_number,erp_vendor_id,date,total_amount,line.name,line.quantity,line.price\n"
                + "X-1,PO-9,V-1,2026-11-01,20,Oil,1,10\nX-1,PO-9,V-1,2026-11-01,20,Salt,2,5\nX-2,PO-9,V-2,2026-11-01,7,Oil,1,7\n");
        final Map<Relationship, List<JsonNode>> out = runToTheEnd(runner);

        assertEquals(3, out.get(AbstractOttimateProcessor.REL_SUCCESS).size(), String.valueOf(out));
        final List<ApiRequest> creates = emulator.journal().matching("POST", "/purchase-orders");
        assertEquals(2, creates.size());
        final JsonNode first = MAPPER.readTree(creates.getFirst().body());
        assertEquals(2, first.get("items").size());
        assertTrue(!first.has("ottimate_company_id"), "a create names its location, not its company");
        assertTrue(creates.getFirst().header("idempotency-key").orElseThrow().startsWith("purchase_order-"));
        assertEquals(2, emulator.store().purchaseOrders().size());
    }
}
