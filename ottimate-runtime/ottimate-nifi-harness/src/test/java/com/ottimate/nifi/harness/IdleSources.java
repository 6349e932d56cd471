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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every source with nothing but what it needs set, its default schedule (@DefaultSchedule) untouched, against an
 * emulator of its own with no data, left to run while the rest of NiFiIT works. A source runs once when started and
 * then once per period (5 minutes to a day): within the first minutes, one run each, and an idle run costs one
 * request per collection listed (two for the account structure: the accounts, then each account's locations).
 */
final class IdleSources implements AutoCloseable {
    /** The requests one idle run costs, by source; the bound the README and the docs state. */
    private static final Map<String, Integer> REQUESTS_PER_IDLE_RUN = Map.of(
            "ListOttimateInvoices", 1, "ListOttimateVendors", 1, "ListOttimateDimensions", 1, "ListOttimateAccountStructure", 2,
            "ListOttimateCatalog", 1);

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
        final Map<String, Map<String, String>> sources = new LinkedHashMap<>();
        sources.put("invoices.ListOttimateInvoices", Map.of());
        sources.put("masterdata.ListOttimateVendors", Map.of("Company ID", "1"));
        sources.put("masterdata.ListOttimateDimensions", Map.of("Company ID", "1"));
        sources.put("masterdata.ListOttimateAccountStructure", Map.of());
        sources.put("catalog.ListOttimateCatalog", Map.of("Company ID", "1"));
        double x = 0;
        for (final Map.Entry<String, Map<String, String>> source : sources.entrySet()) {
            final ObjectNode config = NiFiClient.JSON.createObjectNode();
            final ObjectNode properties = config.putObject("properties");
            properties.put("Ottimate Connection Service", service).put("Output Strategy", "ONE_PER_OBJECT");
            source.getValue().forEach(properties::put);
            config.putArray("autoTerminatedRelationships").add("success");
            final String type = "com.ottimate.nifi.processors." + source.getKey();
            final String id = flow.createProcessor(group, type, source.getKey(), x += 400, 0, config);
            final JsonNode validation = flow.awaitValidation(id);
            assertEquals("VALID", validation.path("validationStatus").asText(), source.getKey() + ": " + validation.path("validationErrors"));
            processors.put(type.substring(type.lastIndexOf('.') + 1), id);
        }
        processors.values().forEach(flow::startProcessor);
        startedNanos = System.nanoTime();
    }

    static IdleSources start(final NiFiFlow flow, final String rootId) throws IOException {
        return new IdleSources(flow, rootId);
    }

    /** After at least a minute: each source ran once (its schedule is at least 5 minutes) and sent what one idle run costs. */
    void assertWithinBudget(final NiFiFlow flow) throws InterruptedException {
        final long waited = Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
        if (waited < 65_000) {
            Thread.sleep(65_000 - waited);
        }
        for (final Map.Entry<String, String> source : processors.entrySet()) {
            final JsonNode processor = flow.processor(source.getValue()).path("component");
            final String period = processor.path("config").path("schedulingPeriod").asText();
            assertTrue(period.matches("\\d+ (min|mins|hour|hours|day|days)"), source.getKey() + " keeps its default schedule: " + period);
            final JsonNode status = flow.client().get("/flow/processors/" + source.getValue() + "/status").path("processorStatus").path("aggregateSnapshot");
            assertEquals(1, status.path("taskCount").asInt(), source.getKey() + " ran once in " + period + ", it does not spin: " + status);
        }
        final long tokens = emulator.journal().tokenRequests();
        final int apiRequests = emulator.journal().all().size() - (int) tokens;
        assertEquals(REQUESTS_PER_IDLE_RUN.values().stream().mapToInt(Integer::intValue).sum(), apiRequests,
                "one idle run of every source: " + emulator.journal().summary());
        assertEquals(1, tokens, "one token for all of them");
    }

    @Override
    public void close() {
        emulator.close();
    }
}
