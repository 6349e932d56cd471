/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.processors.OttimateAttributes;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * One seeded history of invoices marked exported (MarkOttimateInvoicesExported, Batch Size 50): 1 to 3 flowfiles of 1
 * to 120 invoice ids each, all invoices numbered 1001 or INV-1, so a flowfile's batches may go through, fail or go
 * unanswered one by one. Faults as in {@link SimulatedWrites#planFaults}. The invariants: every flowfile ends once on
 * success; every invoice it names is exported; where the API honours Idempotency-Key each is marked once (one history
 * event); where it ignores it a batch sent again marks its invoices again, which leaves them as they were (counted).
 */
final class MarkExportedHistory {
    private MarkExportedHistory() {
    }

    static void run(final long seed, final OttimateEmulator emulator, final boolean keysIgnored, final TestRunner runner,
                    final SimulationFigures figures) {
        final Random random = SimulatedWrites.begin(seed, emulator, runner, keysIgnored, figures);
        figures.collision = "the invoice number 1001 or INV-1, like every other invoice of the flowfile";
        final List<List<String>> files = new ArrayList<>();
        for (int i = 0, count = 1 + random.nextInt(3); i < count; i++) {
            final List<String> ids = new ArrayList<>();
            for (int n = 1 + random.nextInt(120); n > 0; n--) {
                ids.add(emulator.seedInvoice(10, random.nextBoolean() ? "1001" : "INV-1"));
            }
            files.add(ids);
            runner.enqueue("", Map.of(OttimateAttributes.INVOICE_ID, String.join(",", ids), InvoiceCreateHistory.KEY, "mark-" + seed + "-" + i,
                    SimulatedWrites.WRITE, Integer.toString(i)));
            figures.writes++;
            figures.collidingWrites++;
        }
        SimulatedWrites.planFaults(random, emulator, keysIgnored, figures, "/invoices/mark-exported");
        final Optional<List<MockFlowFile>> ended = SimulatedWrites.passes(seed, runner, emulator, random, figures);
        if (ended.isEmpty()) {
            return;
        }
        final Map<Integer, List<MockFlowFile>> ends = SimulatedWrites.byWrite(ended.get());
        for (int i = 0; i < files.size(); i++) {
            final String what = "flowfile " + i + " (" + files.get(i).size() + " invoices)";
            final Optional<MockFlowFile> ending = SimulatedWrites.onlyEnding(figures, seed, what, ends.getOrDefault(i, List.of()));
            if (ending.isEmpty()) {
                continue;
            }
            final String code = ending.get().getAttribute(OttimateAttributes.ERROR_CODE);
            if (code != null) {
                figures.lost++;
                figures.violation(seed, what + " failed with " + code + ": " + ending.get().getAttribute(OttimateAttributes.ERROR_MESSAGE));
                continue;
            }
            boolean markedAgain = false;
            for (final String id : files.get(i)) {
                final JsonNode invoice = emulator.store().invoices().get(id).orElseThrow();
                final int marks = invoice.path("history").size();
                if (!"exported".equals(invoice.path("status").asText()) || marks == 0) {
                    figures.lost++;
                    figures.violation(seed, what + " on success, but invoice " + id + " is " + invoice.path("status").asText());
                } else if (marks > 1 && !keysIgnored) {
                    figures.duplicated++;
                    figures.violation(seed, what + ": invoice " + id + " marked " + marks + " times where Idempotency-Key is honoured");
                } else if (marks > 1) {
                    markedAgain = true;
                }
            }
            if (markedAgain) {
                figures.markedAgain++;
            } else {
                figures.created++;
            }
        }
    }
}
