package com.ottimate.nifi.processors.reliability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.OttimateAttributes;
import com.ottimate.nifi.processors.invoices.ListingTestAccess;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    private static final int MAX_PASSES = 20;
    private static final String NAME = "invoice.pdf";
    private static final String UNIQUE_FILE_NAME = "Unique File Name";

    private UploadHistory() {
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
            runner.enqueue(pdf(random.nextInt(2)), Map.of(InvoiceCreateHistory.KEY, keys.getLast(), "simulation.write", Integer.toString(i),
                    "filename", NAME));
        }
        figures.writes += files;
        figures.collidingWrites += files;

        boolean late = InvoiceCreateHistory.planFaults(random, emulator, figures, "/invoices");
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
            figures.violation(seed, runner.getQueueSize().getObjectCount() + " upload(s) still on retry after " + MAX_PASSES + " passes");
            return;
        }
        for (int i = 0; i < files; i++) {
            final String tagged = ListingTestAccess.taggedFileName(NAME, keys.get(i));
            final List<String> stored = new ArrayList<>();
            emulator.uploads().stream().filter(u -> tagged.equals(u.path("filename").asText())).forEach(u -> stored.add(u.path("id").asText()));
            for (final ObjectNode invoice : emulator.store().invoices().all()) {
                if (("Extracted from " + tagged).equals(invoice.path("notes").asText())) {
                    stored.add(invoice.path("id").asText());
                }
            }
            final List<MockFlowFile> outcome = ends.getOrDefault(i, List.of());
            if (outcome.size() != 1) {
                figures.violation(seed, "upload " + i + " ended " + outcome.size() + " times");
                if (outcome.isEmpty()) {
                    figures.lost++;
                    continue;
                }
            }
            if (stored.size() > 1) {
                figures.duplicated++;
                figures.violation(seed, "upload " + i + " exists " + stored.size() + " times");
                continue;
            }
            final MockFlowFile end = outcome.getFirst();
            final String code = end.getAttribute(OttimateAttributes.ERROR_CODE);
            if (code != null) {
                if ("unconfirmed_write".equals(code)) {
                    figures.unconfirmed++;
                } else {
                    figures.lost++;
                    figures.violation(seed, "upload " + i + " failed with " + code + ": " + end.getAttribute(OttimateAttributes.ERROR_MESSAGE));
                }
                continue;
            }
            final String named = end.getAttribute(OttimateAttributes.INVOICE_ID) != null ? end.getAttribute(OttimateAttributes.INVOICE_ID)
                    : end.getAttribute(ListingTestAccess.UPLOAD_REFERENCE_ID);
            if (stored.isEmpty()) {
                figures.lost++;
                figures.violation(seed, "upload " + i + " on success but not in Ottimate");
            } else if (!stored.getFirst().equals(named) && !extractedFrom(emulator, named, tagged)) {
                figures.unproven++;
                figures.violation(seed, "upload " + i + " settled as " + named + ", which is not it (" + stored + ")");
            } else if ("true".equals(end.getAttribute("ottimate.upload.reconciled"))) {
                figures.replayed++;
            } else {
                figures.created++;
            }
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
