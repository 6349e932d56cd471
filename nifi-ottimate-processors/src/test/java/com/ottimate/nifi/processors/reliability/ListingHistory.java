/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.emulator.Fault;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.listing.AbstractIncrementalList;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * One seeded history of ListOttimateInvoices or ListOttimateVendors: objects spread over weeks, ordinary churn between runs, now and then an
 * onboarding of 100 to 600 invoices within seconds, list requests failing part-way, a request budget from 5 to 100.
 * Then quiet runs until nothing new comes. The invariants: every version listed at most once, the latest version of
 * every invoice listed, and no run spending more than its budget, save the pages of one second read whole.
 */
final class ListingHistory {
    /** What is listed: invoices, or the vendors of company 1 (beside vendors of company 2 that must never come). */
    enum Listed {
        INVOICES("/invoices"),
        VENDORS("/vendors");

        final String path;

        Listed(final String path) {
            this.path = path;
        }

        String seed(final OttimateEmulator emulator, final String number) {
            if (this == INVOICES) {
                return emulator.seedInvoice(10, number);
            }
            emulator.seedVendor(2, number, "Other company's " + number);
            return emulator.seedVendor(1, number, "Sysco");
        }

        void edit(final OttimateEmulator emulator, final String id, final String value) {
            if (this == INVOICES) {
                emulator.editInvoice(id, "notes", value);
            } else {
                emulator.editVendor(id, "email", value + "@example.com");
            }
        }

        List<ObjectNode> all(final OttimateEmulator emulator) {
            return this == INVOICES ? emulator.store().invoices().all()
                    : emulator.store().vendors().all().stream().filter(v -> v.path("ottimate_company_id").asInt() == 1).toList();
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<Integer> BUDGETS = List.of(5, 10, 25, 100);
    private static final int PAGE_SIZE = 100;
    private static final int MAX_QUIET_RUNS = 80;

    private ListingHistory() {
    }

    static void run(final long seed, final Listed listed, final OttimateEmulator emulator, final TestRunner runner, final SimulationFigures figures)
            throws IOException {
        final Random random = SimulatedWrites.beginListing(seed, emulator, runner, figures);
        final int budget = BUDGETS.get(random.nextInt(BUDGETS.size()));
        runner.setProperty(AbstractIncrementalList.MAX_REQUESTS_PER_RUN, Integer.toString(budget));
        final List<String> ids = new ArrayList<>();
        final Map<Long, Integer> perSecond = new HashMap<>();
        final int initial = random.nextInt(150);
        for (int i = 0; i < initial; i++) {
            ids.add(seed(listed, emulator, "N-" + (i % 50), perSecond));
            emulator.clock().advance(Duration.ofSeconds(random.nextInt(3_600)));
        }
        final Set<String> versions = new HashSet<>();
        final int runs = 3 + random.nextInt(6);
        for (int run = 0; run < runs; run++) {
            for (int edits = random.nextInt(10); edits > 0 && !ids.isEmpty(); edits--) {
                listed.edit(emulator, ids.get(random.nextInt(ids.size())), "churn" + random.nextInt(1_000_000));
                perSecond.merge(emulator.clock().instant().getEpochSecond(), 1, Integer::sum);
                emulator.clock().advance(Duration.ofSeconds(random.nextInt(60)));
            }
            if (random.nextInt(5) == 0) {
                final int onboarding = 100 + random.nextInt(500);
                final int spacingMillis = 10 + random.nextInt(40);
                for (int i = 0; i < onboarding; i++) {
                    ids.add(seed(listed, emulator, "ONB-" + (i % 300), perSecond));
                    emulator.clock().advance(Duration.ofMillis(spacingMillis));
                }
                figures.fault("onboarding (100 to 600 objects changed within seconds)");
            }
            if (random.nextInt(6) == 0) {
                emulator.faults().next(1 + random.nextInt(Math.max(1, budget - 1)), Fault.delay(Duration.ZERO).on(listed.path))
                        .next(4, Fault.status(502).on(listed.path));
                figures.fault("list request failing part-way (502)");
            }
            emulator.clock().advance(Duration.ofMinutes(1 + random.nextInt(10)));
            if (!listRun(seed, listed, emulator, runner, budget, perSecond, versions, figures)) {
                return;
            }
            emulator.faults().clear();
        }
        for (int quiet = 0; ; quiet++) {
            if (quiet == MAX_QUIET_RUNS) {
                figures.violation(seed, "the listing had not caught up after " + MAX_QUIET_RUNS + " quiet runs");
                figures.lost++;
                return;
            }
            emulator.clock().advance(Duration.ofMinutes(5));
            final int before = versions.size();
            if (!listRun(seed, listed, emulator, runner, budget, perSecond, versions, figures)) {
                return;
            }
            if (versions.size() == before) {
                break;
            }
        }
        for (final ObjectNode object : listed.all(emulator)) {
            if (!versions.contains(version(object))) {
                figures.lost++;
                figures.violation(seed, "the latest version of " + object.path("id").asText() + " was never listed");
            }
        }
    }

    /** One run; false (and a violation) when it listed a version again. */
    private static boolean listRun(final long seed, final Listed listed, final OttimateEmulator emulator, final TestRunner runner, final int budget,
                                   final Map<Long, Integer> perSecond, final Set<String> versions, final SimulationFigures figures) throws IOException {
        final int before = emulator.journal().matching("GET", listed.path).size();
        final int warnings = runner.getLogger().getWarnMessages().size();
        runner.clearTransferState();
        runner.run();
        final int spent = emulator.journal().matching("GET", listed.path).size() - before;
        figures.listingRuns++;
        figures.listingRequests += spent;
        if (runner.getLogger().getWarnMessages().stream().skip(warnings).anyMatch(m -> m.getMsg().contains("ended early"))) {
            figures.cappedRuns++;
        }
        final int densest = perSecond.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        // a second holding more than the budget's pages is read whole once begun (up to five passes while it changes)
        final int bound = budget + 5 * ((densest + PAGE_SIZE - 1) / PAGE_SIZE);
        if (spent > bound) {
            figures.violation(seed, "a run spent " + spent + " requests, over its bound of " + bound + " (Max Requests per Run " + budget + ")");
        }
        for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS)) {
            final JsonNode object = MAPPER.readTree(flowFile.toByteArray());
            final String version = version(object);
            figures.versionsListed++;
            if (listed == Listed.VENDORS && object.path("ottimate_company_id").asInt() != 1) {
                figures.violation(seed, "a vendor of another company was listed: " + object.path("id").asText());
            }
            if (!versions.add(version)) {
                figures.duplicated++;
                figures.violation(seed, "version " + version + " listed twice");
                return false;
            }
        }
        return true;
    }

    private static String seed(final Listed listed, final OttimateEmulator emulator, final String number, final Map<Long, Integer> perSecond) {
        perSecond.merge(emulator.clock().instant().getEpochSecond(), 1, Integer::sum);
        return listed.seed(emulator, number);
    }

    private static String version(final JsonNode invoice) {
        return invoice.path("id").asText() + "@" + Instant.parse(invoice.path("last_modified_date_utc").asText());
    }
}
