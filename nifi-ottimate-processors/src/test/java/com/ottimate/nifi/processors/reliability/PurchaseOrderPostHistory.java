/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * One seeded history of InvokeOttimateAPI posting purchase orders with a Duplicate Check Path
 * ({@code purchase-orders?external_id=${po.external_id}}): PO numbers repeat across vendors, purchase orders with the same
 * numbers already exist, every request under /purchase-orders may meet the faults of {@link InvoiceCreateHistory}. The
 * invariants: each intended purchase order exists exactly once, its success carries that object, nothing already there
 * is taken as it, every flowfile ends exactly once.
 */
final class PurchaseOrderPostHistory {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final String EXTERNAL_ID = "po.external_id";
    private static final List<String> NUMBERS = List.of("PO-1", "PO-2");
    private static final List<String> VENDORS = List.of("SYSCO", "US-FOODS", "BAKERY");

    private PurchaseOrderPostHistory() {
    }

    static void run(final long seed, final OttimateEmulator emulator, final boolean keysIgnored, final TestRunner runner,
                    final SimulationFigures figures) throws Exception {
        final Random random = SimulatedWrites.begin(seed, emulator, runner, keysIgnored, figures);
        figures.collision = "a PO number that another vendor's purchase order has";
        // purchase orders with the same numbers, of other vendors, already there (posted without faults)
        final int existing = random.nextInt(3);
        for (int i = 0; i < existing; i++) {
            runner.enqueue(po(NUMBERS.get(random.nextInt(2)), "OTHER-" + i, null).toString(),
                    Map.of(EXTERNAL_ID, "existing-" + seed + "-" + i, InvoiceCreateHistory.KEY, "existing-" + seed + "-" + i));
        }
        runner.run(existing, true, true);
        final List<String> existingIds = new ArrayList<>();
        runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).forEach(f -> existingIds.add(id(f)));
        runner.clearTransferState();

        final int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            final String externalId = "ext-" + seed + "-" + i;
            runner.enqueue(po(NUMBERS.get(random.nextInt(2)), VENDORS.get(random.nextInt(3)), externalId).toString(),
                    Map.of(EXTERNAL_ID, externalId, InvoiceCreateHistory.KEY, externalId, SimulatedWrites.WRITE, Integer.toString(i)));
            figures.writes++;
            figures.collidingWrites++;
        }
        SimulatedWrites.planFaults(random, emulator, keysIgnored, figures, "/purchase-orders");
        final Optional<List<MockFlowFile>> ended = SimulatedWrites.passes(seed, runner, emulator, random, figures);
        if (ended.isEmpty()) {
            return;
        }
        for (final String id : existingIds) {
            if (emulator.store().purchaseOrders().get(id).isEmpty()) {
                figures.violation(seed, "a purchase order that was already there is gone: " + id);
            }
        }
        final Map<Integer, List<MockFlowFile>> ends = SimulatedWrites.byWrite(ended.get());
        for (int i = 0; i < count; i++) {
            final String externalId = "ext-" + seed + "-" + i;
            final List<String> mine = emulator.store().purchaseOrders().all().stream()
                    .filter(po -> externalId.equals(po.path("external_id").asText())).map(po -> po.path("id").asText()).toList();
            final List<SimulatedWrites.Ending> endings = ends.getOrDefault(i, List.of()).stream()
                    .map(end -> SimulatedWrites.Ending.of(end, id(end))).toList();
            SimulatedWrites.judge(figures, seed, "purchase order " + externalId, endings, mine, String::equals);
        }
    }

    /** The id of the purchase order a success carries (the API's answer, or the object the check found). */
    private static String id(final MockFlowFile flowFile) {
        try {
            final JsonNode body = MAPPER.readTree(flowFile.toByteArray());
            return body.has("purchase_order") ? body.path("purchase_order").path("id").asText() : body.path("id").asText();
        } catch (final IOException e) {
            return "";
        }
    }

    private static ObjectNode po(final String number, final String vendor, final String externalId) {
        final ObjectNode po = JsonNodeFactory.instance.objectNode();
        po.put("ottimate_location_id", 10);
        po.put("po_number", number);
        po.put("erp_vendor_id", vendor);
        po.put("date", "2026-11-30");
        po.put("total_amount", 12.5);
        po.putArray("items").addObject().put("name", "Flour").put("quantity", 1).put("price", 12.5);
        if (externalId != null) {
            po.put("external_id", externalId);
        }
        return po;
    }
}
