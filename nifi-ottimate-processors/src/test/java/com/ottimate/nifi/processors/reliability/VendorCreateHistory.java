package com.ottimate.nifi.processors.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.emulator.Fault;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.records.RecordOutcomes;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One seeded history of vendor records created one by one (PutOttimateVendor, Create One by One) in company 1: every
 * vendor is called "Sysco", the same ERP vendor ids exist in company 2 and some already in company 1, and every request
 * to /vendors (creates and look-ups) may meet the faults of {@link InvoiceCreateHistory}. The file comes back from
 * 'retry' as it went, unchanged. The invariants: each intended vendor exists exactly once in company 1 and is on one
 * success record naming it, or on a failure record with unconfirmed_write; every record ends exactly once; a vendor of
 * company 2 is never taken as ours.
 */
final class VendorCreateHistory {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_PASSES = 20;

    private VendorCreateHistory() {
    }

    static void run(final long seed, final OttimateEmulator emulator, final boolean keysIgnored, final TestRunner runner,
                    final SimulationFigures figures) throws IOException, InterruptedException {
        final Random random = new Random(seed);
        emulator.reset();
        runner.clearTransferState();
        figures.histories++;
        if (keysIgnored) {
            figures.ignoredKeyHistories++;
        }
        final List<String> ids = new ArrayList<>(List.of("V-1", "V-2", "V-3", "V-4", "V-5", "V-6", "V-7", "V-8"));
        java.util.Collections.shuffle(ids, random);
        final int existing = random.nextInt(3);
        for (int i = 0; i < existing; i++) {
            emulator.seedVendor(1, ids.get(i), "Sysco");
        }
        final List<String> intended = ids.subList(existing, existing + 1 + random.nextInt(5));
        figures.collision = "an ERP vendor id that a vendor of another company has (and every vendor named Sysco)";
        for (final String id : intended) {
            if (random.nextBoolean()) {
                // the same ERP number in another company
                emulator.seedVendor(2, id, "Sysco");
                figures.collidingWrites++;
            }
        }
        final ArrayNode file = JsonNodeFactory.instance.arrayNode();
        intended.forEach(id -> file.addObject().put("erp_vendor_id", id).put("erp_vendor_name", "Sysco"));
        figures.writes += intended.size();
        runner.enqueue(file.toString());

        boolean late = InvoiceCreateHistory.planFaults(random, emulator, figures, "/vendors");
        final Map<String, List<JsonNode>> ends = new HashMap<>();
        for (int pass = 0; pass < MAX_PASSES && runner.getQueueSize().getObjectCount() > 0; pass++) {
            runner.run(runner.getQueueSize().getObjectCount(), true, true);
            for (final MockFlowFile set : outputs(runner)) {
                for (final JsonNode record : MAPPER.readTree(set.toByteArray())) {
                    ends.computeIfAbsent(record.path("erp_vendor_id").asText(), k -> new ArrayList<>()).add(record);
                }
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
            figures.violation(seed, "vendor file still on retry after " + MAX_PASSES + " passes");
            return;
        }
        for (final String id : intended) {
            final List<ObjectNode> mine = emulator.store().vendors().all().stream()
                    .filter(v -> v.path("erp_vendor_id").asText().equals(id) && v.path("ottimate_company_id").asInt() == 1).toList();
            final List<JsonNode> records = ends.getOrDefault(id, List.of());
            if (records.size() != 1) {
                figures.violation(seed, "vendor " + id + " ended " + records.size() + " times");
                if (records.isEmpty()) {
                    figures.lost++;
                    continue;
                }
            }
            if (mine.size() > 1) {
                figures.duplicated++;
                figures.violation(seed, "vendor " + id + " exists " + mine.size() + " times in company 1");
                continue;
            }
            final JsonNode record = records.getFirst();
            final String code = record.path(RecordOutcomes.ERROR_CODE).asText("");
            if (!code.isEmpty()) {
                if ("unconfirmed_write".equals(code)) {
                    figures.unconfirmed++;
                } else {
                    figures.lost++;
                    figures.violation(seed, "vendor " + id + " failed with " + code + ": " + record.path(RecordOutcomes.ERROR_MESSAGE).asText());
                }
                continue;
            }
            if (mine.isEmpty()) {
                figures.lost++;
                figures.violation(seed, "vendor " + id + " on success but not in company 1");
            } else if (!mine.getFirst().path("id").asText().equals(record.path(RecordOutcomes.ID).asText())) {
                figures.unproven++;
                figures.violation(seed, "vendor " + id + " settled as " + record.path(RecordOutcomes.ID).asText() + ", which is not it");
            } else {
                // a record set does not say whether its create was answered or proven afterwards
                figures.created++;
            }
        }
    }

    private static List<MockFlowFile> outputs(final TestRunner runner) {
        final List<MockFlowFile> sets = new ArrayList<>(runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS));
        sets.addAll(runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_FAILURE));
        return sets;
    }
}
