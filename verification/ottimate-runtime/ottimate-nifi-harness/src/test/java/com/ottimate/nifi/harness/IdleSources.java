/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.emulator.EmulatorSettings;
import com.ottimate.emulator.OttimateEmulator;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every source with nothing but what it needs set, its default schedule (@DefaultSchedule) untouched, against an
 * emulator of its own with no data, left to run while the rest of NiFiIT works. A source runs once when started and
 * then once per period (5 minutes to a day), and an idle run costs one request per collection listed (two for the
 * account structure: the accounts, then each account's locations).
 */
final class IdleSources implements AutoCloseable {
    /** What one idle run of each source costs, and the collection it lists; the bound the README and the docs state. */
    private record IdleRun(int requests, String path, Map<String, String> properties) {
    }

    /** Per source: what an idle run costs and what it needs set. Which sources run comes from NiFi (every List… type of our NAR). */
    private static final Map<String, IdleRun> IDLE_RUNS = Map.of(
            "ListOttimateInvoices", new IdleRun(1, "/invoices", Map.of()),
            "ListOttimateVendors", new IdleRun(1, "/vendors", Map.of("Company ID", "1")),
            "ListOttimateDimensions", new IdleRun(1, "/dimensions", Map.of("Company ID", "1")),
            "ListOttimateAccountStructure", new IdleRun(2, "/accounts", Map.of()),
            "ListOttimateCatalog", new IdleRun(1, "/catalog", Map.of("Company ID", "1")),
            // one request per 30 days of the default 90-day Date Window
            "ListOttimatePurchaseOrders", new IdleRun(3, "/purchase-orders", Map.of()),
            "ListOttimateReceipts", new IdleRun(3, "/receipts", Map.of()));

    private final OttimateEmulator emulator;
    private final Map<String, String> processors = new LinkedHashMap<>();
    private final long startedNanos;

    private IdleSources(final NiFiFlow flow, final String rootId) throws IOException {
        emulator = OttimateEmulator.start();
        final String group = flow.createGroup(rootId, "idle sources", -4000, 0);
        final EmulatorSettings settings = emulator.settings();
        final String service = flow.createService(group, "com.ottimate.nifi.services.StandardOttimateConnectionService", "idle connection", Map.of(
                "Environment", "CUSTOM", "Base URL", emulator.baseUrl(), "API Key", settings.apiKey(), "Client ID", settings.clientId(),
                "Client Secret", settings.clientSecret()));
        flow.enableService(service);
        double x = 0;
        for (final String type : flow.ottimateProcessorTypes()) {
            final String name = type.substring(type.lastIndexOf('.') + 1);
            if (!name.startsWith("List")) {
                continue;
            }
            final IdleRun idleRun = IDLE_RUNS.get(name);
            assertNotNull(idleRun, "a new source " + name + ": state what its idle run costs in IdleSources.IDLE_RUNS");
            final ObjectNode config = NiFiClient.JSON.createObjectNode();
            final ObjectNode properties = config.putObject("properties");
            properties.put("Ottimate Connection Service", service).put("Output Strategy", "ONE_PER_OBJECT");
            idleRun.properties().forEach(properties::put);
            config.putArray("autoTerminatedRelationships").add("success");
            final String id = flow.createProcessor(group, type, name, x += 400, 0, config);
            final JsonNode validation = flow.awaitValidation(id);
            assertEquals("VALID", validation.path("validationStatus").asText(), name + ": " + validation.path("validationErrors"));
            processors.put(name, id);
        }
        assertEquals(IDLE_RUNS.keySet(), processors.keySet(), "every source NiFi offers from our NAR runs idle");
        processors.values().forEach(flow::startProcessor);
        startedNanos = System.nanoTime();
    }

    static IdleSources start(final NiFiFlow flow, final String rootId) throws IOException {
        return new IdleSources(flow, rootId);
    }

    /**
     * After at least a minute, the sources stopped: each ran once when started and then once per period at most, and
     * each run cost what an idle run costs. How many periods passed depends on how long the rest of NiFiIT took, so
     * the bound is computed from the time that really passed, not assumed.
     */
    void assertWithinBudget(final NiFiFlow flow) throws InterruptedException {
        final long waited = Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
        if (waited < 65_000) {
            Thread.sleep(65_000 - waited);
        }
        processors.values().forEach(flow::stopProcessor);
        final String group = flow.client().get("/processors/" + processors.values().iterator().next()).path("component").path("parentGroupId").asText();
        NiFiFlow.await("the idle sources to stop", () -> flow.activity(group).activeThreads() == 0, Duration.ofMinutes(1));
        final Duration ran = Duration.ofNanos(System.nanoTime() - startedNanos);
        int expectedRequests = 0;
        for (final Map.Entry<String, String> source : processors.entrySet()) {
            final JsonNode processor = flow.processor(source.getValue()).path("component");
            final String period = processor.path("config").path("schedulingPeriod").asText();
            assertTrue(period.matches("\\d+ (min|mins|hour|hours|day|days)"), source.getKey() + " keeps its default schedule: " + period);
            final IdleRun idleRun = IDLE_RUNS.get(source.getKey());
            final int requests = emulator.journal().filter(r -> r.apiPath().startsWith(idleRun.path())).size();
            final long mostRuns = 1 + ran.toMillis() / periodMillis(period);
            assertEquals(0, requests % idleRun.requests(), source.getKey() + " ran whole idle runs: " + emulator.journal().summary());
            final int runs = requests / idleRun.requests();
            assertTrue(runs >= 1 && runs <= mostRuns, source.getKey() + " ran " + runs + " time(s) in " + ran.toSeconds() + " s at one run per "
                    + period + ": it does not spin (at most " + mostRuns + ")");
            expectedRequests += requests;
        }
        final long tokens = emulator.journal().tokenRequests();
        final int apiRequests = emulator.journal().all().size() - (int) tokens;
        assertEquals(expectedRequests, apiRequests, "nothing but idle runs: " + emulator.journal().summary());
        assertEquals(1, tokens, "one token for all of them");
    }

    private static long periodMillis(final String period) {
        final String[] parts = period.split(" ");
        final long amount = Long.parseLong(parts[0]);
        return switch (parts[1].replaceAll("s$", "")) {
            case "min" -> Duration.ofMinutes(amount).toMillis();
            case "hour" -> Duration.ofHours(amount).toMillis();
            case "day" -> Duration.ofDays(amount).toMillis();
            default -> throw new IllegalArgumentException(period);
        };
    }

    @Override
    public void close() {
        emulator.close();
    }
}
