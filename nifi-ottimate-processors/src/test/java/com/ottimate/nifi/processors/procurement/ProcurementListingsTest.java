/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.procurement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.emulator.ApiRequest;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.client.ExactJson;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.EmulatedConnection;
import com.ottimate.nifi.processors.ManualClock;
import com.ottimate.nifi.processors.records.ObjectOutput;
import com.ottimate.nifi.processors.resources.ApiFilters;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ListOttimatePurchaseOrders and ListOttimateReceipts over HTTP against the emulator: windows of dates, changes, cost. */
class ProcurementListingsTest {
    private static final ObjectMapper MAPPER = ExactJson.mapper();
    private static final LocalDate TODAY = LocalDate.parse("2026-12-01");
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T10:00:00Z"));
    private OttimateEmulator emulator;

    @BeforeEach
    void start() throws Exception {
        emulator = OttimateEmulator.start();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private TestRunner runner(final AbstractListOttimateProcurement processor) throws Exception {
        final TestRunner runner = EmulatedConnection.of(processor, emulator).enable().runner();
        final JsonRecordSetWriter writer = new JsonRecordSetWriter();
        runner.addControllerService("writer", writer);
        runner.enableControllerService(writer);
        runner.setProperty(AbstractListOttimateProcurement.RECORD_WRITER, "writer");
        runner.setProperty(ApiFilters.COMPANY_ID.onSource().descriptor(), "1");
        return runner;
    }

    private static ObjectNode order(final int daysAgo, final String externalId, final String total) {
        final ObjectNode po = ExactJson.mapper().createObjectNode();
        po.put("external_id", externalId).put("po_number", "PO-" + (daysAgo % 7)).put("erp_vendor_id", "V-" + (daysAgo % 3))
                .put("ottimate_location_id", 10).put("date", TODAY.minusDays(daysAgo).toString()).put("total_amount", new BigDecimal(total));
        po.putArray("items").addObject().put("name", "Flour").put("quantity", 1).put("price", new BigDecimal(total));
        return po;
    }

    private static List<JsonNode> records(final TestRunner runner) throws Exception {
        final List<JsonNode> all = new ArrayList<>();
        for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS)) {
            MAPPER.readTree(flowFile.getContent()).forEach(all::add);
        }
        return all;
    }

    @Test
    void ninetyDaysOfOrdersAreReadInWindowsOfAtMostThirtyDaysWithTheirLinesAndOnlyChangesComeAgain() throws Exception {
        for (int day = 0; day < 120; day++) {
            emulator.seedPurchaseOrder(order(day, "ERP-" + day, "10.00"));
        }
        final TestRunner runner = runner(new ListOttimatePurchaseOrders(clock));
        runner.setProperty(ApiFilters.LINES_EXPAND.onSource().descriptor(), "true");
        runner.run();

        final List<ApiRequest> calls = emulator.journal().matching("GET", "/purchase-orders");
        final Set<LocalDate> covered = new HashSet<>();
        for (final ApiRequest call : calls) {
            final LocalDate from = LocalDate.parse(call.queryParam("date_from").orElseThrow());
            final LocalDate to = LocalDate.parse(call.queryParam("date_to").orElseThrow());
            assertTrue(ChronoUnit.DAYS.between(from, to) < 30, "a window of at most 30 days: " + call.rawQuery());
            assertEquals("items", call.queryParam("expand").orElseThrow());
            from.datesUntil(to.plusDays(1)).forEach(covered::add);
        }
        assertEquals(3, calls.size(), "90 days, three windows of 30, one page each");
        assertEquals(TODAY.minusDays(89).datesUntil(TODAY.plusDays(1)).toList().size(), covered.size());
        final List<JsonNode> listed = records(runner);
        assertEquals(90, listed.size(), "the orders of the last 90 days, each once");
        assertEquals(1, listed.getFirst().get("items").size(), "with their lines");
        runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS)
                .forEach(f -> f.assertAttributeEquals(ObjectOutput.CHANGE, "created"));

        // one order changed in Ottimate (re-sent by the ERP with another total): only it comes again, as updated
        emulator.seedPurchaseOrder(order(5, "ERP-5", "12.50"));
        runner.clearTransferState();
        runner.run();
        final List<JsonNode> again = records(runner);
        assertEquals(List.of("ERP-5"), again.stream().map(po -> po.get("external_id").asText()).toList());
        runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst().assertAttributeEquals(ObjectOutput.CHANGE, "updated");

        // a day later the oldest order leaves the window: it is not reported as removed, and nothing else comes
        clock.advance(Duration.ofDays(1));
        runner.clearTransferState();
        runner.run();
        assertEquals(List.of(), records(runner), "an order that aged out of the Date Window was not removed");
        final List<ApiRequest> moved = emulator.journal().matching("GET", "/purchase-orders");
        assertEquals(List.of("2026-11-03/2026-12-02", "2026-10-04/2026-11-02", "2026-09-04/2026-10-03"), moved.subList(moved.size() - 3, moved.size())
                .stream().map(c -> c.queryParam("date_from").orElseThrow() + "/" + c.queryParam("date_to").orElseThrow()).toList(),
                "the windows move with the day");
    }

    @Test
    void receiptsOfOnePurchaseOrderAreListedWithTheFilterAndALiteralWindowNeedsNoLines() throws Exception {
        final String order = emulator.seedPurchaseOrder(order(3, "ERP-3", "10.00"));
        for (int i = 0; i < 5; i++) {
            final ObjectNode receipt = ExactJson.mapper().createObjectNode();
            receipt.put("external_id", "GR-" + i).put("receipt_number", "RCV-1").put("ottimate_po_id", i < 3 ? order : "other")
                    .put("date", TODAY.minusDays(i).toString()).put("total_amount", new BigDecimal("1.00"));
            receipt.putArray("items").addObject().put("sku", "FL-1").put("quantity", 1);
            emulator.seedReceipt(receipt);
        }
        final TestRunner runner = runner(new ListOttimateReceipts(clock));
        runner.setProperty(ApiFilters.PURCHASE_ORDER_ID.onSource().descriptor(), order);
        runner.setProperty(AbstractListOttimateProcurement.DATE_WINDOW, "30 days");
        runner.run();
        final List<JsonNode> listed = records(runner);
        assertEquals(Set.of("GR-0", "GR-1", "GR-2"), Set.copyOf(listed.stream().map(r -> r.get("external_id").asText()).toList()));
        final ApiRequest call = emulator.journal().matching("GET", "/receipts").getFirst();
        assertEquals(order, call.queryParam("ottimate_po_id").orElseThrow());
        assertEquals("2026-11-02", call.queryParam("date_from").orElseThrow());
        assertEquals("2026-12-01", call.queryParam("date_to").orElseThrow());
        assertEquals(1, emulator.journal().matching("GET", "/receipts").size());
    }
}
