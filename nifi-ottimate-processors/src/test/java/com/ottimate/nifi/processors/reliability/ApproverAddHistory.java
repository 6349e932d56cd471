/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.reliability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.processors.OttimateAttributes;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * One seeded history of approvers added to invoices (ApproveOttimateInvoice, Add Approver): two invoices, the same
 * people approving both, other approvers already on them. Faults as in {@link SimulatedWrites#planFaults}. The
 * invariants: each intended approver is on its invoice exactly once and its success names that approval, or its
 * flowfile is on failure with unconfirmed_write; approvals that were there before stay as they were.
 */
final class ApproverAddHistory {
    static final String APPROVER = "simulation.approver";
    private static final List<String> PEOPLE = List.of("lead@example.com", "controller@example.com", "cfo@example.com");

    private ApproverAddHistory() {
    }

    static void run(final long seed, final OttimateEmulator emulator, final boolean keysIgnored, final TestRunner runner,
                    final SimulationFigures figures) {
        final Random random = SimulatedWrites.begin(seed, emulator, runner, keysIgnored, figures);
        figures.collision = "an approver who already approves the other invoice";
        final List<String> invoices = List.of(emulator.seedInvoice(10, "1001"), emulator.seedInvoice(10, "1001"));
        final List<String[]> pairs = new ArrayList<>();
        for (final String invoice : invoices) {
            for (final String person : PEOPLE) {
                pairs.add(new String[]{invoice, person});
            }
        }
        Collections.shuffle(pairs, random);
        final int existing = 1 + random.nextInt(2);
        for (final String[] pair : pairs.subList(0, existing)) {
            emulator.seedApproval(pair[0], pair[1]);
        }
        final List<String[]> intended = pairs.subList(existing, existing + 1 + random.nextInt(3));
        for (int i = 0; i < intended.size(); i++) {
            runner.enqueue("", Map.of(OttimateAttributes.INVOICE_ID, intended.get(i)[0], APPROVER, intended.get(i)[1],
                    SimulatedWrites.WRITE, Integer.toString(i)));
            figures.writes++;
            final String person = intended.get(i)[1];
            if (pairs.subList(0, existing).stream().anyMatch(there -> there[1].equals(person))) {
                figures.collidingWrites++;
            }
        }
        SimulatedWrites.planFaults(random, emulator, keysIgnored, figures, "/invoices");
        final Optional<List<MockFlowFile>> ended = SimulatedWrites.passes(seed, runner, emulator, random, figures);
        if (ended.isEmpty()) {
            return;
        }
        for (final String[] there : pairs.subList(0, existing)) {
            if (approvalsOf(emulator, there[0], there[1]).size() != 1) {
                figures.violation(seed, "the approval of " + there[1] + " that was already on " + there[0] + " changed");
            }
        }
        final Map<Integer, List<MockFlowFile>> ends = SimulatedWrites.byWrite(ended.get());
        for (int i = 0; i < intended.size(); i++) {
            final List<SimulatedWrites.Ending> endings = ends.getOrDefault(i, List.of()).stream()
                    .map(end -> SimulatedWrites.Ending.of(end, end.getAttribute("ottimate.approval.id"))).toList();
            SimulatedWrites.judge(figures, seed, "approver " + intended.get(i)[1] + " on " + intended.get(i)[0], endings,
                    approvalsOf(emulator, intended.get(i)[0], intended.get(i)[1]), String::equals);
        }
    }

    private static List<String> approvalsOf(final OttimateEmulator emulator, final String invoice, final String email) {
        return emulator.approvals(invoice).stream().filter(a -> email.equals(a.path("approver").path("email").asText()))
                .map((ObjectNode a) -> a.path("id").asText()).toList();
    }
}
