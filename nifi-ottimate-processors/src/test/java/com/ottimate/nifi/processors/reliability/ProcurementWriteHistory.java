/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.reliability;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.emulator.OttimateEmulator;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * One seeded history of PutOttimatePurchaseOrder records (bulk or one by one), on data that collides: PO numbers repeat
 * across vendors, orders with the same numbers of other vendors already exist, and some intended orders exist already
 * under their external_id with other lines (a write is then an update). Every request under /purchase-orders (and the
 * batch it is followed by) may meet the faults of {@link InvoiceCreateHistory}. The invariants: each intended order
 * exists exactly once, holds exactly the lines sent (none twice), its rows end once naming it, and nothing already
 * there of another vendor is changed or taken as it.
 */
final class ProcurementWriteHistory {
    private static final List<String> NUMBERS = List.of("PO-1", "PO-2");
    private static final List<String> VENDORS = List.of("SYSCO", "US-FOODS", "BAKERY");

    private ProcurementWriteHistory() {
    }

    static void run(final long seed, final boolean bulk, final OttimateEmulator emulator, final boolean keysIgnored, final TestRunner runner,
                    final SimulationFigures figures) throws IOException {
        final Random random = SimulatedWrites.begin(seed, emulator, runner, keysIgnored, figures);
        figures.collision = "a PO number another vendor's order has, or an external_id that already exists (an update)";
        final List<String> others = new ArrayList<>();
        for (int i = 0; i < random.nextInt(3); i++) {
            others.add(emulator.seedPurchaseOrder(order("other-" + seed + "-" + i, NUMBERS.get(random.nextInt(2)), "OTHER-" + i, 1)));
        }
        final ArrayNode file = JsonNodeFactory.instance.arrayNode();
        final List<ObjectNode> intended = new ArrayList<>();
        final int count = 1 + random.nextInt(5);
        for (int i = 0; i < count; i++) {
            final String externalId = "erp-" + seed + "-" + i;
            final ObjectNode po = order(externalId, NUMBERS.get(random.nextInt(2)), VENDORS.get(random.nextInt(3)), 1 + random.nextInt(3));
            if (random.nextInt(3) == 0) {
                // already in Ottimate with one other line: this write updates it
                emulator.seedPurchaseOrder(order(externalId, po.get("po_number").asText(), po.get("erp_vendor_id").asText(), 1)
                        .put("total_amount", 99));
                figures.collidingWrites++;
            } else if (!others.isEmpty()) {
                figures.collidingWrites++;
            }
            intended.add(po);
            file.add(po);
        }
        figures.writes += count;
        runner.enqueue(file.toString());
        if (bulk) {
            SimulatedWrites.planFaults(random, emulator, keysIgnored, figures, "/purchase-orders", "/batch");
        } else {
            SimulatedWrites.planFaults(random, emulator, keysIgnored, figures, "/purchase-orders");
        }
        final Optional<List<MockFlowFile>> sets = SimulatedWrites.passes(seed, runner, emulator, random, figures);
        if (sets.isEmpty()) {
            return;
        }
        for (final String other : others) {
            final Optional<ObjectNode> stored = emulator.store().purchaseOrders().get(other);
            if (stored.isEmpty() || !stored.get().path("external_id").asText().startsWith("other-")) {
                figures.violation(seed, "an order of another vendor was changed or is gone: " + other);
            }
        }
        final Map<String, List<SimulatedWrites.Ending>> ends = SimulatedWrites.recordEndings(sets.get(), "external_id", record -> false);
        for (final ObjectNode wanted : intended) {
            final String externalId = wanted.get("external_id").asText();
            final List<ObjectNode> mine = emulator.store().purchaseOrders().all().stream()
                    .filter(po -> externalId.equals(po.path("external_id").asText())).toList();
            mine.stream().filter(po -> po.path("items").size() != wanted.get("items").size()).findFirst().ifPresent(po ->
                    figures.violation(seed, "order " + externalId + " holds " + po.path("items").size() + " lines, not the "
                            + wanted.get("items").size() + " sent"));
            SimulatedWrites.judge(figures, seed, "purchase order " + externalId, ends.getOrDefault(externalId, List.of()),
                    mine.stream().map(po -> po.path("id").asText()).toList(), String::equals);
        }
    }

    private static ObjectNode order(final String externalId, final String number, final String vendor, final int lines) {
        final ObjectNode po = JsonNodeFactory.instance.objectNode();
        po.put("external_id", externalId);
        po.put("po_number", number);
        po.put("erp_vendor_id", vendor);
        po.put("ottimate_location_id", 10);
        po.put("date", "2026-11-30");
        po.put("total_amount", 5 * lines);
        final ArrayNode items = po.putArray("items");
        for (int i = 0; i < lines; i++) {
            items.addObject().put("name", "Item " + i).put("quantity", 1).put("price", 5);
        }
        return po;
    }
}
