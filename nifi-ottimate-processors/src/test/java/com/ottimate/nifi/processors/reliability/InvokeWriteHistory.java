/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.emulator.OttimateEmulator;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * One seeded history of InvokeOttimateAPI writes other than POST, one kind per history, on two invoices numbered 1001:
 * PATCHes that set a field, PATCHes that add a line (without an id: the API adds it on every PATCH), and DELETEs of an
 * approval. Faults meet the writes (no key guards a PATCH or a DELETE, so a request delivered twice is not drawn). The
 * invariants: every field set is on success, and the invoice holds one of their values (which one, when an earlier set
 * comes back from retry or is applied late after a later one, is counted: order is not this suite's promise); a line is on its invoice once and on success, or at most
 * once and on failure with unconfirmed_write; a deleted approval is gone and on success (a DELETE sent again that finds
 * nothing to delete has done its work); the other invoice is untouched.
 */
final class InvokeWriteHistory {
    /** What a history's writes do; each kind has its runner. */
    enum Kind { SET_FIELD, ADD_LINE, DELETE_APPROVAL }

    static final String INVOICE = "simulation.invoice";
    static final String APPROVAL = "simulation.approval";

    private InvokeWriteHistory() {
    }

    static void run(final long seed, final Kind kind, final OttimateEmulator emulator, final boolean keysIgnored, final TestRunner runner,
                    final SimulationFigures figures) {
        final Random random = SimulatedWrites.begin(seed, emulator, runner, keysIgnored, figures);
        figures.collision = "two invoices numbered 1001, lines named Freight at 2.50 on both";
        final List<String> invoices = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            final ObjectNode invoice = JsonNodeFactory.instance.objectNode().put("ottimate_location_id", 10).put("invoice_number", "1001")
                    .put("total_amount", 100);
            invoice.putArray("items").addObject().put("name", "Freight").put("quantity", 1).put("price", new BigDecimal("2.50"));
            invoices.add(emulator.seedInvoice(invoice));
            emulator.seedApproval(invoices.get(i), "ap" + i + "@example.com");
        }
        final String untouched = emulator.store().invoices().get(invoices.get(1)).orElseThrow().toString();
        // the writes are all for the first invoice, one after the other (as a flow sends them)
        final String target = invoices.getFirst();
        final int count = kind == Kind.DELETE_APPROVAL ? 1 : 1 + random.nextInt(3);
        final List<String> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            final String value = kind + "-" + seed + "-" + i;
            values.add(value);
            final ObjectNode body = JsonNodeFactory.instance.objectNode();
            if (kind == Kind.SET_FIELD) {
                body.put("notes", value);
            } else if (kind == Kind.ADD_LINE) {
                body.putArray("items").addObject().put("name", value).put("quantity", 1).put("price", new BigDecimal("2.50"));
            }
            final String approval = emulator.approvals(target).getFirst().path("id").asText();
            runner.enqueue(kind == Kind.DELETE_APPROVAL ? "" : body.toString(), Map.of(SimulatedWrites.WRITE, Integer.toString(i), INVOICE, target,
                    APPROVAL, approval));
            figures.writes++;
            figures.collidingWrites++;
        }
        SimulatedWrites.planFaults(random, emulator, true, figures, fault -> fault.onMethod(kind == Kind.DELETE_APPROVAL ? "DELETE" : "PATCH"),
                "/invoices");
        final Optional<List<MockFlowFile>> ended = SimulatedWrites.passes(seed, runner, emulator, random, figures);
        if (ended.isEmpty()) {
            return;
        }
        if (!emulator.store().invoices().get(invoices.get(1)).orElseThrow().toString().equals(untouched)
                || emulator.approvals(invoices.get(1)).size() != 1) {
            figures.violation(seed, "invoice " + invoices.get(1) + ", which no write was for, changed");
        }
        final Map<Integer, List<MockFlowFile>> byWrite = SimulatedWrites.byWrite(ended.get());
        final JsonNode now = emulator.store().invoices().get(target).orElseThrow();
        for (int i = 0; i < count; i++) {
            final String value = values.get(i);
            final List<SimulatedWrites.Ending> ends = byWrite.getOrDefault(i, List.of()).stream()
                    .map(end -> SimulatedWrites.Ending.of(end, target)).toList();
            final List<String> stored = new ArrayList<>();
            switch (kind) {
                // the last field set holds; an earlier one was overwritten by its successor, which is what the flow asked
                case SET_FIELD -> stored.add(target);
                case ADD_LINE -> now.path("items").forEach(item -> {
                    if (value.equals(item.path("name").asText())) {
                        stored.add(target);
                    }
                });
                case DELETE_APPROVAL -> {
                    if (emulator.approvals(target).isEmpty()) {
                        stored.add(target);
                    }
                }
            }
            SimulatedWrites.judge(figures, seed, kind + " " + value, ends, stored, String::equals);
        }
        if (kind == Kind.SET_FIELD && !values.contains(now.path("notes").asText())) {
            figures.lost++;
            figures.violation(seed, "no field set holds: " + now.path("notes").asText());
        } else if (kind == Kind.SET_FIELD && !values.getLast().equals(now.path("notes").asText())) {
            // a PATCH of an earlier flowfile came back from retry, or was applied late, after a later one: last writer wins,
            // as with any HTTP client; counted, and said in docs/reliability.md
            figures.overwrittenByEarlier++;
        }
        if (kind == Kind.ADD_LINE && now.path("items").size() > 1 + count) {
            figures.duplicated++;
            figures.violation(seed, "invoice " + target + " holds " + now.path("items").size() + " lines, more than its own and the " + count + " added");
        }
    }
}
