/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.processors.records.RecordOutcomes;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * One seeded history of invoice imports (PutOttimateInvoice, Import in Batches of 2, followed on 'pending'): 1 to 6
 * invoices whose numbers repeat across vendors (and match invoices already there), each with the upload_id of its own
 * upload. Every request to the import, the batch's progress and results and the look-ups may meet a fault. The
 * invariants: each intended invoice exists exactly once (by its upload_id) and is on one success record naming it, or on
 * a failure record with unconfirmed_write; an invoice already there is never taken as ours.
 */
final class ImportHistory {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> NUMBERS = List.of("1001", "INV-1");
    private static final List<String> VENDORS = List.of("SYSCO", "US-FOODS", "BAKERY");

    private ImportHistory() {
    }

    static void run(final long seed, final OttimateEmulator emulator, final boolean keysIgnored, final TestRunner runner,
                    final SimulationFigures figures) throws IOException {
        final Random random = SimulatedWrites.begin(seed, emulator, runner, keysIgnored, figures);
        figures.collision = "an invoice number another vendor's invoice (already there, or imported beside it) has";
        for (int i = random.nextInt(3); i > 0; i--) {
            emulator.seedInvoice(invoice(NUMBERS.get(random.nextInt(NUMBERS.size())), VENDORS.get(random.nextInt(VENDORS.size())), null));
        }
        final List<ObjectNode> intended = new ArrayList<>();
        final Map<String, Integer> byNumber = new HashMap<>();
        emulator.store().invoices().all().forEach(existing -> byNumber.merge(existing.path("invoice_number").asText(), 1, Integer::sum));
        final int count = 1 + random.nextInt(6);
        for (int i = 0; i < count; i++) {
            final String number = NUMBERS.get(random.nextInt(NUMBERS.size()));
            intended.add(invoice(number, VENDORS.get(i % VENDORS.size()), "upl-" + seed + "-" + i));
            byNumber.merge(number, 1, Integer::sum);
        }
        final ArrayNode file = JsonNodeFactory.instance.arrayNode();
        intended.forEach(file::add);
        figures.writes += intended.size();
        figures.collidingWrites += (int) intended.stream().filter(i -> byNumber.get(i.path("invoice_number").asText()) > 1).count();
        runner.enqueue(file.toString());

        SimulatedWrites.planFaults(random, emulator, keysIgnored, figures, "/invoices", "/batch");
        final Optional<List<MockFlowFile>> sets = SimulatedWrites.passes(seed, runner, emulator, random, figures);
        if (sets.isEmpty()) {
            return;
        }
        // a record found by its upload_id after an unanswered import says 200; one its task imported, 201
        final Map<String, List<SimulatedWrites.Ending>> ends = SimulatedWrites.recordEndings(sets.get(), "upload_id",
                record -> "200".equals(record.path(RecordOutcomes.STATUS_CODE).asText()));
        for (final ObjectNode wanted : intended) {
            final String upload = wanted.path("upload_id").asText();
            final List<String> mine = emulator.store().invoices().all().stream().filter(stored -> upload.equals(stored.path("upload_id").asText()))
                    .map(stored -> stored.path("id").asText()).toList();
            SimulatedWrites.judge(figures, seed, "import of " + wanted.path("invoice_number").asText() + " (" + upload + ")",
                    ends.getOrDefault(upload, List.of()), mine, String::equals);
        }
    }

    private static ObjectNode invoice(final String number, final String vendor, final String upload) {
        final ObjectNode invoice = JsonNodeFactory.instance.objectNode();
        invoice.put("ottimate_location_id", 10);
        invoice.put("invoice_number", number);
        invoice.put("erp_vendor_id", vendor);
        invoice.put("invoice_date", "2026-11-30");
        invoice.put("total_amount", new BigDecimal("100.00"));
        if (upload != null) {
            invoice.put("upload_id", upload);
        }
        return invoice;
    }
}
