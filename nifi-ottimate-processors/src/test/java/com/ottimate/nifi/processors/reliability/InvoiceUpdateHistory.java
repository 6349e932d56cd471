/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.processors.OttimateAttributes;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * One seeded history of updates that add lines to invoices (PutOttimateInvoice with an Invoice ID), against an API
 * that adds an id-less line on every PATCH and answers the first PATCH of each invoice 412 (PATCH_CONFLICTS): two
 * invoices with the same number, each already holding lines exactly like the ones added (Freight 2.50, Flour 9.99).
 * Faults as in {@link SimulatedWrites#planFaults}. The invariants: on success the invoice holds the lines it had plus
 * the lines the update adds, each once; on failure (only unconfirmed_write) it holds them at most once; the other
 * invoice is untouched. One update per invoice at a time: two updates adding the same lines to one invoice at once
 * cannot be told apart by their content (docs/reliability.md).
 */
final class InvoiceUpdateHistory {
    private static final List<String[]> LINES = List.of(new String[]{"Freight", "2.50"}, new String[]{"Flour", "9.99"});

    private InvoiceUpdateHistory() {
    }

    static void run(final long seed, final OttimateEmulator emulator, final boolean keysIgnored, final TestRunner runner,
                    final SimulationFigures figures) {
        final Random random = SimulatedWrites.begin(seed, emulator, runner, keysIgnored, figures);
        figures.collision = "lines exactly like lines the invoice already holds, on one of two invoices with the same number";
        final List<String> invoices = new ArrayList<>();
        final List<List<String>> before = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            final ObjectNode invoice = JsonNodeFactory.instance.objectNode().put("ottimate_location_id", 10).put("invoice_number", "1001")
                    .put("total_amount", 100);
            final ArrayNode items = invoice.putArray("items");
            for (int n = random.nextInt(3); n > 0; n--) {
                final String[] line = LINES.get(random.nextInt(LINES.size()));
                items.addObject().put("name", line[0]).put("quantity", 1)
                        .put("price", new BigDecimal(line[1]));
            }
            invoices.add(emulator.seedInvoice(invoice));
            before.add(lines(emulator, invoices.get(i)));
        }
        final int count = 1 + random.nextInt(2);
        final List<List<String>> added = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            final ObjectNode body = JsonNodeFactory.instance.objectNode();
            final ArrayNode items = body.putArray("items");
            final List<String> mine = new ArrayList<>();
            for (int n = 1 + random.nextInt(2); n > 0; n--) {
                final String[] line = LINES.get(random.nextInt(LINES.size()));
                items.addObject().put("name", line[0]).put("quantity", 1).put("price", new BigDecimal(line[1]));
                mine.add(line[0] + "|" + line[1]);
            }
            added.add(mine);
            runner.enqueue(body.toString(), Map.of(OttimateAttributes.INVOICE_ID, invoices.get(i), SimulatedWrites.WRITE, Integer.toString(i)));
            figures.writes++;
            if (mine.stream().anyMatch(before.get(i)::contains)) {
                figures.collidingWrites++;
            }
        }
        // half the histories aim every fault at the PATCHes, the others at the reads around them too; no key guards a
        // PATCH, so a PATCH delivered twice would add its lines twice whatever a client does: planned as where keys are ignored
        if (random.nextBoolean()) {
            SimulatedWrites.planFaults(random, emulator, true, figures, fault -> fault.onMethod("PATCH"), "/invoices");
        } else {
            SimulatedWrites.planFaults(random, emulator, true, figures, "/invoices");
        }
        final Optional<List<MockFlowFile>> ended = SimulatedWrites.passes(seed, runner, emulator, random, figures);
        if (ended.isEmpty()) {
            return;
        }
        final Map<Integer, List<MockFlowFile>> ends = SimulatedWrites.byWrite(ended.get());
        for (int i = 0; i < 2; i++) {
            final List<String> now = lines(emulator, invoices.get(i));
            final String what = "update of invoice " + invoices.get(i);
            if (i >= count) {
                if (!now.equals(before.get(i))) {
                    figures.violation(seed, "invoice " + invoices.get(i) + ", which no update was for, changed: " + now);
                }
                continue;
            }
            final Optional<MockFlowFile> ending = SimulatedWrites.onlyEnding(figures, seed, what, ends.getOrDefault(i, List.of()));
            if (ending.isEmpty()) {
                continue;
            }
            final MockFlowFile end = ending.get();
            final String code = end.getAttribute(OttimateAttributes.ERROR_CODE);
            final List<String> applied = new ArrayList<>(before.get(i));
            applied.addAll(added.get(i));
            Collections.sort(applied);
            // the invoice holds what it had, or that and the update's lines once: nothing else
            if (!now.equals(before.get(i)) && !now.equals(applied)) {
                if (now.size() > applied.size()) {
                    figures.duplicated++;
                } else {
                    figures.lost++;
                }
                figures.violation(seed, what + " holds " + now + ": neither " + before.get(i) + " nor " + applied);
            } else if (code == null) {
                if (!now.equals(applied)) {
                    figures.lost++;
                    figures.violation(seed, what + " on success but holds " + now + ", not " + applied);
                } else if (!invoices.get(i).equals(end.getAttribute(OttimateAttributes.INVOICE_ID))) {
                    figures.unproven++;
                    figures.violation(seed, what + " settled as " + end.getAttribute(OttimateAttributes.INVOICE_ID));
                } else if ("true".equals(end.getAttribute(OttimateAttributes.REPLAYED))) {
                    figures.replayed++;
                } else {
                    figures.created++;
                }
            } else if ("unconfirmed_write".equals(code)) {
                figures.unconfirmed++;
            } else {
                figures.lost++;
                figures.violation(seed, what + " failed with " + code + ": " + end.getAttribute(OttimateAttributes.ERROR_MESSAGE));
            }
        }
    }

    /** The invoice's lines as name|price, sorted. */
    private static List<String> lines(final OttimateEmulator emulator, final String invoice) {
        final List<String> lines = new ArrayList<>();
        for (final JsonNode item : emulator.store().invoices().get(invoice).orElseThrow().path("items")) {
            lines.add(item.path("name").asText() + "|" + new BigDecimal(item.path("price").asText()).setScale(2, RoundingMode.HALF_UP));
        }
        Collections.sort(lines);
        return lines;
    }
}
