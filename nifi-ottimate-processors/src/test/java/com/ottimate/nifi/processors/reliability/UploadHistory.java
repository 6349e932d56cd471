/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.reliability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.processors.OttimateAttributes;
import com.ottimate.nifi.processors.invoices.ListingTestAccess;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * One seeded history of UploadOttimateInvoiceFile (Wait for Extraction off): every attachment is called
 * {@code invoice.pdf}, some carry the same bytes, other uploads of that name are already processing, and the API
 * extracts some uploads into invoices while the processor works (an upload then leaves the list). Every request under
 * /invoices may meet the faults of {@link InvoiceCreateHistory}. The invariants: each flowfile's file exists in
 * Ottimate exactly once (as an upload or the invoice it became), its success names it, nothing else is taken as it,
 * and every flowfile ends exactly once.
 */
final class UploadHistory {
    private static final String NAME = "invoice.pdf";
    private static final String UNIQUE_FILE_NAME = "Unique File Name";

    private UploadHistory() {
    }

    static void run(final long seed, final OttimateEmulator emulator, final boolean keysIgnored, final TestRunner runner,
                    final SimulationFigures figures) throws Exception {
        final Random random = SimulatedWrites.begin(seed, emulator, runner, keysIgnored, figures);
        // the API extracts an upload after this many looks at the processing list: some during the history, some never
        emulator.setPollsToExtract(1 + random.nextInt(4));
        final int others = random.nextInt(3);
        if (others > 0) {
            // someone else's invoice.pdf, uploaded by hand under that very name, still processing
            runner.setProperty(UNIQUE_FILE_NAME, "false");
            for (int i = 0; i < others; i++) {
                runner.enqueue(pdf(random.nextInt(2)), Map.of(InvoiceCreateHistory.KEY, "other-" + seed + "-" + i, "filename", NAME));
            }
            runner.run(others, true, true);
            runner.clearTransferState();
            runner.setProperty(UNIQUE_FILE_NAME, "true");
        }
        final int files = 1 + random.nextInt(4);
        final List<String> keys = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            keys.add("upload-" + seed + "-" + i);
            runner.enqueue(pdf(random.nextInt(2)), Map.of(InvoiceCreateHistory.KEY, keys.getLast(), SimulatedWrites.WRITE, Integer.toString(i),
                    "filename", NAME));
        }
        figures.writes += files;
        figures.collidingWrites += files;

        SimulatedWrites.planFaults(random, emulator, keysIgnored, figures, "/invoices");
        final Optional<List<MockFlowFile>> ended = SimulatedWrites.passes(seed, runner, emulator, random, figures);
        if (ended.isEmpty()) {
            return;
        }
        final Map<Integer, List<MockFlowFile>> ends = SimulatedWrites.byWrite(ended.get());
        for (int i = 0; i < files; i++) {
            final String tagged = ListingTestAccess.taggedFileName(NAME, keys.get(i));
            final List<String> stored = new ArrayList<>();
            emulator.uploads().stream().filter(u -> tagged.equals(u.path("filename").asText())).forEach(u -> stored.add(u.path("id").asText()));
            for (final ObjectNode invoice : emulator.store().invoices().all()) {
                if (("Extracted from " + tagged).equals(invoice.path("notes").asText())) {
                    stored.add(invoice.path("id").asText());
                }
            }
            final List<SimulatedWrites.Ending> endings = ends.getOrDefault(i, List.of()).stream()
                    .map(end -> new SimulatedWrites.Ending(end.getAttribute(OttimateAttributes.ERROR_CODE), end.getAttribute(OttimateAttributes.ERROR_MESSAGE),
                            end.getAttribute(OttimateAttributes.INVOICE_ID) != null ? end.getAttribute(OttimateAttributes.INVOICE_ID)
                                    : end.getAttribute(ListingTestAccess.UPLOAD_REFERENCE_ID),
                            "true".equals(end.getAttribute("ottimate.upload.reconciled")))).toList();
            // a success may name the upload that has become the invoice stored now
            SimulatedWrites.judge(figures, seed, "upload " + i, endings, stored,
                    (storedId, named) -> storedId.equals(named) || extractedFrom(emulator, named, tagged));
        }
    }

    /** True when {@code named} is the upload whose invoice is stored now (the success named the upload, since extracted). */
    private static boolean extractedFrom(final OttimateEmulator emulator, final String named, final String tagged) {
        return named != null && emulator.store().invoices().all().stream()
                .anyMatch(invoice -> ("Extracted from " + tagged).equals(invoice.path("notes").asText()));
    }

    private static byte[] pdf(final int variant) {
        // two contents only: different flowfiles carry the same bytes
        return ("%PDF-1.4\n% invoice scan " + variant + "\n%%EOF\n").getBytes(StandardCharsets.UTF_8);
    }
}
