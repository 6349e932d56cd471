/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.benchmarks;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.emulator.EmulatorSettings;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.lookup.AbstractOttimateLookupService;
import com.ottimate.nifi.lookup.LookupStrategy;
import com.ottimate.nifi.lookup.OttimateCatalogLookupService;
import com.ottimate.nifi.processors.EmulatedConnection;
import com.ottimate.nifi.services.StandardOttimateConnectionService;
import org.apache.nifi.processors.standard.InvokeHTTP;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.NoOpProcessor;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * 10,000 purchase lines enriched with their catalog entry by SKU: the catalog lookup service preloaded and per key,
 * as LookupRecord calls it, against an InvokeHTTP GET per record (what users build instead), each against a fresh
 * emulator enforcing the API's limits. Counts the requests each spends of the daily quota.
 */
final class EnrichmentRuns {
    static final int RECORDS = 10_000;
    static final int CATALOG = 5_000;
    static final int DISTINCT_SKUS = 2_000;
    static final int UNKNOWN_SKUS = 200;

    /** One contender's run: seconds, records matched, API requests (pages and 429s included), 429s. */
    record EnrichmentRun(String contender, double seconds, long matched, long requests, long throttled) {
    }

    private EnrichmentRuns() {
    }

    static List<EnrichmentRun> all() throws Exception {
        final List<EnrichmentRun> runs = new ArrayList<>();
        runs.add(lookupService("OttimateCatalogLookupService, Preload", LookupStrategy.PRELOAD));
        runs.add(lookupService("OttimateCatalogLookupService, Per Key", LookupStrategy.PER_KEY));
        runs.add(invokeHttpPerRecord());
        return runs;
    }

    /** The SKU of purchase line {@code i}: DISTINCT_SKUS of them, the last UNKNOWN_SKUS not in the catalog. */
    static String sku(final int i) {
        final int n = i % DISTINCT_SKUS;
        return "SKU-" + (n < DISTINCT_SKUS - UNKNOWN_SKUS ? n : CATALOG + n);
    }

    private static OttimateEmulator catalogEmulator() throws Exception {
        final OttimateEmulator emulator = OttimateEmulator.start();
        emulator.journal().setRecordBodies(false);
        for (int i = 0; i < CATALOG; i++) {
            final ObjectNode entry = JsonNodeFactory.instance.objectNode();
            entry.put("id", "cte_" + i);
            entry.put("ottimate_company_id", 1);
            entry.put("erp_vendor_id", "V-7");
            entry.put("item_name", "Item " + i);
            entry.put("sku", "SKU-" + i);
            entry.put("price", "12.50");
            emulator.catalogEntries().put("cte_" + i, entry);
        }
        return emulator;
    }

    private static EnrichmentRun lookupService(final String contender, final LookupStrategy strategy) throws Exception {
        try (OttimateEmulator emulator = catalogEmulator()) {
            final EmulatedConnection connection = EmulatedConnection.sleeping(new NoOpProcessor(), emulator);
            final TestRunner runner = connection.runner();
            runner.setProperty(connection.service(), StandardOttimateConnectionService.RATE_LIMIT, "1000");
            runner.setProperty(connection.service(), StandardOttimateConnectionService.RATE_LIMIT_BURST, "2000");
            connection.enable();
            final OttimateCatalogLookupService service = new OttimateCatalogLookupService();
            runner.addControllerService("catalog", service);
            runner.setProperty(service, AbstractOttimateLookupService.CONNECTION_SERVICE, EmulatedConnection.SERVICE_ID);
            runner.setProperty(service, AbstractOttimateLookupService.COMPANY_ID, "1");
            runner.setProperty(service, AbstractOttimateLookupService.LOOKUP_STRATEGY, strategy.getValue());
            runner.enableControllerService(service);
            emulator.journal().clear();
            final long start = System.nanoTime();
            long matched = 0;
            for (int i = 0; i < RECORDS; i++) {
                if (service.lookup(Map.of("key", sku(i))).isPresent()) {
                    matched++;
                }
            }
            final double seconds = (System.nanoTime() - start) / 1e9;
            return new EnrichmentRun(contender, seconds, matched, emulator.journal().matching("GET", "/catalog/entries").size(),
                    Math.max(0, emulator.rateLimitedCount()));
        }
    }

    private static EnrichmentRun invokeHttpPerRecord() throws Exception {
        try (OttimateEmulator emulator = catalogEmulator()) {
            final EmulatorSettings s = emulator.settings();
            final TestRunner runner = TestRunners.newTestRunner(InvokeHTTP.class);
            final CachedTokenProvider tokens = new CachedTokenProvider(emulator.baseUrl() + "/oauth/token", s.apiKey(), s.clientId(), s.clientSecret());
            runner.addControllerService("oauth2", tokens);
            runner.enableControllerService(tokens);
            runner.setProperty(InvokeHTTP.HTTP_METHOD, "GET");
            runner.setProperty(InvokeHTTP.HTTP_URL, emulator.baseUrl() + "/catalog/entries?ottimate_company_id=1&sku=${sku}");
            runner.setProperty(InvokeHTTP.REQUEST_OAUTH2_ACCESS_TOKEN_PROVIDER, "oauth2");
            runner.setProperty(InvokeHTTP.RESPONSE_BODY_ATTRIBUTE_NAME, "catalog.answer");
            runner.setProperty(InvokeHTTP.RESPONSE_BODY_ATTRIBUTE_SIZE, "4096");
            runner.setProperty("X-Api-Key", s.apiKey());
            for (int i = 0; i < RECORDS; i++) {
                runner.enqueue("{}".getBytes(StandardCharsets.UTF_8), Map.of("sku", sku(i)));
            }
            emulator.journal().clear();
            final long start = System.nanoTime();
            runner.setThreadCount(4);
            // each round's answers are read before the 429s are fed back, as a flow's loop-back connection would
            long matched = 0;
            int done = 0;
            int pending = RECORDS;
            for (int round = 0; round < 50 && pending > 0; round++) {
                runner.run(pending);
                for (final MockFlowFile answered : runner.getFlowFilesForRelationship(InvokeHTTP.ORIGINAL)) {
                    done++;
                    if (answered.getAttribute("catalog.answer") != null && answered.getAttribute("catalog.answer").contains("\"sku\"")) {
                        matched++;
                    }
                }
                final List<MockFlowFile> again = new ArrayList<>(runner.getFlowFilesForRelationship(InvokeHTTP.RETRY));
                runner.getFlowFilesForRelationship(InvokeHTTP.NO_RETRY).stream()
                        .filter(f -> "429".equals(f.getAttribute("invokehttp.status.code"))).forEach(again::add);
                runner.clearTransferState();
                pending = again.size();
                if (pending > 0) {
                    Thread.sleep(1000);
                    again.forEach(runner::enqueue);
                }
            }
            final double seconds = (System.nanoTime() - start) / 1e9;
            if (done != RECORDS) {
                throw new IllegalStateException("InvokeHTTP finished " + done + " of " + RECORDS);
            }
            return new EnrichmentRun("InvokeHTTP GET per record (4 tasks)", seconds, matched, emulator.journal().matching("GET", "/catalog/entries").size(),
                    Math.max(0, emulator.rateLimitedCount()));
        }
    }
}
