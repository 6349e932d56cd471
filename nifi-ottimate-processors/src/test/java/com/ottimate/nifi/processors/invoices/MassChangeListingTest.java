/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.invoices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.EmulatedConnection;
import com.ottimate.nifi.processors.listing.AbstractIncrementalList;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 24 item 7: an onboarding changes 20,000 invoices within an hour, under ordinary churn. The listing must
 * finish across runs, each run within its request budget, emitting every version once, in about N / page size
 * requests plus the windows' probes; it used to page the dense part, end {@code listing_unstable} after about 1,000
 * requests having emitted nothing, and begin again.
 */
class MassChangeListingTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MASS_CHANGE = 20_000;
    private static final int BUDGET = 100;
    private OttimateEmulator emulator;

    @BeforeEach
    void setUp() throws Exception {
        emulator = OttimateEmulator.start();
    }

    @AfterEach
    void tearDown() {
        emulator.close();
    }

    @Test
    void twentyThousandChangesInAnHourCompleteAcrossRunsWithinTheBudgetWithoutDuplicatesOrGaps() throws Exception {
        final Random random = new Random(24);
        final List<String> baseline = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            // invoice numbers repeat across locations, as they do across vendors
            baseline.add(emulator.seedInvoice(10 + i % 3, "INV-" + (i % 100)));
            emulator.clock().advance(Duration.ofMinutes(48));
        }
        final TestRunner runner = runner();
        final List<String> emitted = new ArrayList<>();
        runUntilIdle(runner, emitted, 10);
        assertEquals(300, emitted.size());

        // a day of ordinary churn, with an onboarding of 20,000 invoices inside one hour of it
        for (int minute = 0; minute < 24 * 60; minute += 10) {
            emulator.editInvoice(baseline.get(random.nextInt(baseline.size())), "notes", "churn " + minute);
            if (minute == 600) {
                for (int i = 0; i < MASS_CHANGE; i++) {
                    emulator.seedInvoice(10 + i % 3, "ONB-" + (i % 7000));
                    emulator.clock().advance(Duration.ofMillis(180));
                }
            }
            emulator.clock().advance(Duration.ofMinutes(10));
        }

        final int before = emulator.journal().matching("GET", "/invoices").size();
        final int runs = runUntilIdle(runner, emitted, 30);
        final int requests = emulator.journal().matching("GET", "/invoices").size() - before;

        System.out.printf("Mass change of %,d invoices: %d runs, %d requests%n", MASS_CHANGE, runs, requests);
        assertEquals(emitted.size(), new HashSet<>(emitted).size(), "no version emitted twice");
        for (final ObjectNode invoice : emulator.store().invoices().all()) {
            assertTrue(emitted.contains(version(invoice)), "the latest version of " + invoice.get("id") + " was emitted");
        }
        assertTrue(runs >= 3, "a change this large takes several runs of " + BUDGET + " requests: " + runs);
        final int pages = (int) Math.ceil(MASS_CHANGE / 100.0);
        // each run re-reads its remaining span: one probe, up to 16 parts, their parts; all the rest are pages of data
        assertTrue(requests <= pages + runs * 20, "about N / 100 requests and the probes of the windows: " + requests + " for " + runs + " runs");
        assertTrue(runner.getLogger().getWarnMessages().stream().anyMatch(m -> m.getMsg().contains("Max Requests per Run (" + BUDGET + ")")),
                "a capped run says so in a bulletin");
    }

    /** Runs the listing until a run finds nothing new; answers how many runs found something. Asserts each run's budget. */
    private int runUntilIdle(final TestRunner runner, final List<String> emitted, final int maxRuns) throws Exception {
        for (int run = 0; run < maxRuns; run++) {
            final int before = emulator.journal().matching("GET", "/invoices").size();
            runner.clearTransferState();
            runner.run();
            final int spent = emulator.journal().matching("GET", "/invoices").size() - before;
            assertTrue(spent <= BUDGET, "run " + run + " stayed within Max Requests per Run: " + spent);
            final List<String> found = new ArrayList<>();
            for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS)) {
                MAPPER.readTree(flowFile.getContent()).forEach(record -> found.add(version(record)));
            }
            if (found.isEmpty()) {
                return run;
            }
            emitted.addAll(found);
            emulator.clock().advance(Duration.ofMinutes(5));
        }
        throw new AssertionError("the listing did not finish in " + maxRuns + " runs");
    }

    private TestRunner runner() throws Exception {
        final TestRunner runner = EmulatedConnection.of(new ListOttimateInvoices(emulator.clock()), emulator).enable().runner();
        final JsonRecordSetWriter writer = new JsonRecordSetWriter();
        runner.addControllerService("writer", writer);
        runner.setProperty(writer, "Timestamp Format", "yyyy-MM-dd'T'HH:mm:ss.SSSSSSX");
        runner.enableControllerService(writer);
        runner.setProperty(ListOttimateInvoices.RECORD_WRITER, "writer");
        runner.setProperty(AbstractIncrementalList.MAX_REQUESTS_PER_RUN, Integer.toString(BUDGET));
        runner.setProperty(ListOttimateInvoices.LOOKBACK, "0 sec");
        return runner;
    }

    private static String version(final JsonNode invoice) {
        return invoice.get("id").asText() + "@" + Instant.parse(invoice.get("last_modified_date_utc").asText());
    }

}
