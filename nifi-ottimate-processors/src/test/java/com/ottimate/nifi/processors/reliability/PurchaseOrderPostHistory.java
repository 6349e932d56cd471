package com.ottimate.nifi.processors.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.OttimateAttributes;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    private static final int MAX_PASSES = 20;
    static final String EXTERNAL_ID = "po.external_id";
    private static final List<String> NUMBERS = List.of("PO-1", "PO-2");
    private static final List<String> VENDORS = List.of("SYSCO", "US-FOODS", "BAKERY");

    private PurchaseOrderPostHistory() {
    }

    static void run(final long seed, final OttimateEmulator emulator, final boolean keysIgnored, final TestRunner runner,
                    final SimulationFigures figures) throws Exception {
        final Random random = new Random(seed);
        emulator.reset();
        runner.clearTransferState();
        figures.histories++;
        if (keysIgnored) {
            figures.ignoredKeyHistories++;
        }
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
                    Map.of(EXTERNAL_ID, externalId, InvoiceCreateHistory.KEY, externalId, "simulation.write", Integer.toString(i)));
            figures.writes++;
            figures.collidingWrites++;
        }
        boolean late = InvoiceCreateHistory.planFaults(random, emulator, figures, "/purchase-orders");
        final Map<Integer, List<MockFlowFile>> ends = new HashMap<>();
        for (int pass = 0; pass < MAX_PASSES && runner.getQueueSize().getObjectCount() > 0; pass++) {
            runner.run(runner.getQueueSize().getObjectCount(), true, true);
            for (final MockFlowFile done : runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS)) {
                ends.computeIfAbsent(Integer.parseInt(done.getAttribute("simulation.write")), k -> new ArrayList<>()).add(done);
            }
            for (final MockFlowFile done : runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_FAILURE)) {
                ends.computeIfAbsent(Integer.parseInt(done.getAttribute("simulation.write")), k -> new ArrayList<>()).add(done);
            }
            final List<MockFlowFile> retry = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_RETRY);
            runner.clearTransferState();
            if (late) {
                Thread.sleep(InvoiceCreateHistory.LATE.minus(InvoiceCreateHistory.REQUEST_TIMEOUT).toMillis() + 100);
                late = false;
            }
            emulator.clock().advance(Duration.ofSeconds(random.nextInt(46)));
            retry.forEach(runner::enqueue);
            if (pass == MAX_PASSES / 2) {
                emulator.faults().clear();
            }
        }
        if (runner.getQueueSize().getObjectCount() > 0) {
            figures.lost++;
            figures.violation(seed, runner.getQueueSize().getObjectCount() + " purchase order(s) still on retry after " + MAX_PASSES + " passes");
            return;
        }
        for (final String id : existingIds) {
            if (emulator.store().purchaseOrders().get(id).isEmpty()) {
                figures.violation(seed, "a purchase order that was already there is gone: " + id);
            }
        }
        for (int i = 0; i < count; i++) {
            final String externalId = "ext-" + seed + "-" + i;
            final List<ObjectNode> mine = emulator.store().purchaseOrders().all().stream()
                    .filter(po -> externalId.equals(po.path("external_id").asText())).toList();
            final List<MockFlowFile> outcome = ends.getOrDefault(i, List.of());
            if (outcome.size() != 1) {
                figures.violation(seed, "purchase order " + externalId + " ended " + outcome.size() + " times");
                if (outcome.isEmpty()) {
                    figures.lost++;
                    continue;
                }
            }
            if (mine.size() > 1) {
                figures.duplicated++;
                figures.violation(seed, "purchase order " + externalId + " exists " + mine.size() + " times");
                continue;
            }
            final MockFlowFile end = outcome.getFirst();
            final String code = end.getAttribute(OttimateAttributes.ERROR_CODE);
            if (code != null) {
                if ("unconfirmed_write".equals(code)) {
                    figures.unconfirmed++;
                } else {
                    figures.lost++;
                    figures.violation(seed, "purchase order " + externalId + " failed with " + code + ": " + end.getAttribute(OttimateAttributes.ERROR_MESSAGE));
                }
                continue;
            }
            if (mine.isEmpty()) {
                figures.lost++;
                figures.violation(seed, "purchase order " + externalId + " on success but not stored");
            } else if (!mine.getFirst().path("id").asText().equals(id(end))) {
                figures.unproven++;
                figures.violation(seed, "purchase order " + externalId + " settled as " + id(end) + ", which is not it");
            } else if ("true".equals(end.getAttribute(OttimateAttributes.REPLAYED))) {
                figures.replayed++;
            } else {
                figures.created++;
            }
        }
    }

    /** The id of the purchase order a success carries (the API's answer, or the object the check found). */
    private static String id(final MockFlowFile flowFile) {
        try {
            final JsonNode body = MAPPER.readTree(flowFile.toByteArray());
            return body.has("purchase_order") ? body.path("purchase_order").path("id").asText() : body.path("id").asText();
        } catch (final java.io.IOException e) {
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
