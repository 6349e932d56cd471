/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.processors.OttimateAttributes;
import com.ottimate.nifi.processors.invoices.PutOttimateInvoice;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * One seeded history of structured invoice creates (PutOttimateInvoice) on data shaped like accounts payable: two
 * invoice numbers shared by three vendors, invoices of other vendors with the same number already there, amounts that
 * repeat; in half the histories creates are proven by a reference custom field, and then the same invoice may be sent
 * twice under two references. Every request to /invoices (creates and the look-ups alike) may meet a fault: refused before it is applied
 * (503, 500, 429), the connection closed before an answer (not applied), applied with the answer cut short, or applied
 * after the client gave up. Between passes the processor is stopped and started and the clock moves 0 to 45 s, so
 * flowfiles come back from 'retry' before and after the settle time. Then the invariants: each intended invoice exists
 * exactly once, or its flowfile is on failure with unconfirmed_write (and it exists at most once); a success names the
 * invoice it created or proved; nothing already there is taken as ours; every flowfile ends on exactly one relationship.
 */
final class InvoiceCreateHistory {
    static final Duration SETTLE = Duration.ofSeconds(30);
    /** The client gives up after this (the service's least). */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);
    private static final List<String> NUMBERS = List.of("1001", "INV-1");
    private static final List<String> VENDORS = List.of("SYSCO", "US-FOODS", "BAKERY");
    private static final List<String> TOTALS = List.of("100.00", "250.00");
    private static final int LOCATION = 10;
    private static final String WRITE = SimulatedWrites.WRITE;
    /** The flowfile attribute the runner's Idempotency Key reads. */
    static final String KEY = "simulation.key";
    private static final String REFERENCE = "erp_reference";

    private InvoiceCreateHistory() {
    }

    /** Runs history {@code seed} on {@code emulator} through {@code runner}; adds what it saw to {@code figures}. */
    static void run(final long seed, final OttimateEmulator emulator, final boolean keysIgnored, final TestRunner runner,
                    final SimulationFigures figures) {
        final Random random = SimulatedWrites.begin(seed, emulator, runner, keysIgnored, figures);
        final List<String> identities = new ArrayList<>();
        for (final String number : NUMBERS) {
            for (final String vendor : VENDORS) {
                for (final String total : TOTALS) {
                    identities.add(number + "|" + vendor + "|" + total);
                }
            }
        }
        Collections.shuffle(identities, random);
        // half the histories prove creates by a reference custom field; only they may send invoices alike in every field
        final boolean byReference = random.nextBoolean();
        if (byReference) {
            runner.setProperty(PutOttimateInvoice.REFERENCE_CUSTOM_FIELD, REFERENCE);
            figures.referenceHistories++;
        } else {
            runner.removeProperty(PutOttimateInvoice.REFERENCE_CUSTOM_FIELD);
        }
        final int existing = random.nextInt(3);
        final int intended = 1 + random.nextInt(4);
        final Set<String> existingIds = new HashSet<>();
        for (int i = 0; i < existing; i++) {
            existingIds.add(emulator.seedInvoice(body(identities.get(i))));
        }
        final List<String> writes = new ArrayList<>(identities.subList(existing, existing + intended));
        if (byReference && writes.size() > 1 && random.nextBoolean()) {
            // the same invoice sent twice under two references: alike in every business field
            writes.set(writes.size() - 1, writes.getFirst());
            figures.identicalWrites++;
        }
        for (int i = 0; i < writes.size(); i++) {
            runner.enqueue(body(writes.get(i)).toString(), Map.of(WRITE, Integer.toString(i), KEY, key(seed, i)));
        }
        final Map<String, Integer> byNumber = new HashMap<>();
        identities.subList(0, existing + intended).forEach(identity -> byNumber.merge(identity.split("\\|")[0], 1, Integer::sum));
        writes.forEach(identity -> {
            figures.writes++;
            if (byNumber.get(identity.split("\\|")[0]) > 1) {
                figures.collidingWrites++;
            }
        });

        SimulatedWrites.planFaults(random, emulator, keysIgnored, figures, "/invoices");
        final Optional<List<MockFlowFile>> ended = SimulatedWrites.passes(seed, runner, emulator, random, figures);
        if (ended.isEmpty()) {
            return;
        }
        final Map<Integer, List<MockFlowFile>> outcomes = SimulatedWrites.byWrite(ended.get());
        final int violations = figures.violations.size();
        check(seed, emulator, writes, byReference, existingIds, outcomes, figures);
        if (figures.violations.size() > violations && Boolean.getBoolean("simulation.trace")) {
            // what the API saw, to read a failing history
            emulator.journal().all().forEach(request -> System.out.println("  " + request.method() + " " + request.rawPath()
                    + (request.rawQuery() == null ? "" : "?" + request.rawQuery())));
            outcomes.forEach((write, ends) -> ends.forEach(end -> System.out.println("  write " + write + ": " + end.getAttributes())));
        }
    }

    private static void check(final long seed, final OttimateEmulator emulator, final List<String> writes, final boolean byReference,
                              final Set<String> existingIds, final Map<Integer, List<MockFlowFile>> outcomes, final SimulationFigures figures) {
        final List<ObjectNode> stored = emulator.store().invoices().all();
        for (final String id : existingIds) {
            if (emulator.store().invoices().get(id).isEmpty()) {
                figures.violation(seed, "an invoice that was already there is gone: " + id);
            }
        }
        for (int i = 0; i < writes.size(); i++) {
            final String identity = writes.get(i);
            final String reference = key(seed, i);
            final List<String> mine = stored.stream().filter(invoice -> byReference
                    ? reference.equals(invoice.path("custom_fields").path(REFERENCE).asText()) : identity(invoice).equals(identity))
                    .map(invoice -> invoice.path("id").asText()).toList();
            final List<SimulatedWrites.Ending> ends = outcomes.getOrDefault(i, List.of()).stream()
                    .map(end -> SimulatedWrites.Ending.of(end, end.getAttribute(OttimateAttributes.INVOICE_ID))).toList();
            SimulatedWrites.judge(figures, seed, "write " + identity, ends, mine, String::equals);
        }
    }

    private static String key(final long seed, final int write) {
        return "sim-" + seed + "-" + write;
    }

    private static ObjectNode body(final String identity) {
        final String[] parts = identity.split("\\|");
        final ObjectNode invoice = JsonNodeFactory.instance.objectNode();
        invoice.put("ottimate_location_id", LOCATION);
        invoice.put("invoice_number", parts[0]);
        invoice.put("erp_vendor_id", parts[1]);
        invoice.put("invoice_date", "2026-11-30");
        invoice.put("total_amount", new BigDecimal(parts[2]));
        return invoice;
    }

    private static String identity(final JsonNode invoice) {
        return invoice.path("invoice_number").asText() + "|" + invoice.path("erp_vendor_id").asText() + "|"
                + new BigDecimal(invoice.path("total_amount").asText("0")).setScale(2, RoundingMode.HALF_UP).toPlainString();
    }
}
