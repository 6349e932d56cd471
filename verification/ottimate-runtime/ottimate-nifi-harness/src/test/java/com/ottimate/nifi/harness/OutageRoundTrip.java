/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.emulator.ApiRequest;
import com.ottimate.nifi.harness.NiFiFlow.QueuedFlowFile;
import com.ottimate.nifi.stateless.TemplateScenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A template run while the API answers 503 for longer than the connection's own retries: the flowfiles loop on 'retry'
 * (penalty shortened to 2 s through the REST API, as an operator would) and go through once the API is back. The
 * outage ends once a flowfile has come back through a 'retry' loop, however long that takes on a busy machine. Every
 * record must then exist exactly once, every write must have carried one Idempotency-Key on every attempt, and only
 * the records the API really refuses may end on 'failure'.
 */
final class OutageRoundTrip {
    /** Longest the API stays down: far beyond what the flow needs to loop a write through 'retry'. */
    private static final Duration OUTAGE_LIMIT = Duration.ofMinutes(5);

    private final NiFiFlow flow;
    private final SharedNiFi shared;
    private final TemplateScenario scenario;

    OutageRoundTrip(final NiFiFlow flow, final SharedNiFi shared, final TemplateScenario scenario) {
        this.flow = flow;
        this.shared = shared;
        this.scenario = scenario;
    }

    private String outagePath() {
        return switch (scenario) {
            case INVOICE_INTAKE -> "/invoices";
            case MASTER_DATA_SYNC -> "/";
            case CATALOG_PRICE_BOOK -> "/catalog";
            default -> throw new IllegalArgumentException(scenario.name());
        };
    }

    Map<String, List<QueuedFlowFile>> run() throws Exception {
        // a fresh sandbox: the first test sent the same samples under the same content keys, which the API would replay
        shared.emulator.reset();
        scenario.seed(shared.emulator);
        final TemplateRun run = TemplateRun.prepare(flow, shared.rootId, SharedNiFi.TEMPLATES, scenario,
                scenario.parameters(shared.emulator).values(), shared.work("outage"), -1500);
        for (final JsonNode processor : flow.groupFlow(run.groupId()).path("processors")) {
            final ObjectNode config = NiFiClient.JSON.createObjectNode().put("penaltyDuration", "2 sec");
            flow.updateProcessor(processor.path("id").asText(), config);
        }
        final List<String> retryLoops = retryLoops(run.groupId());
        shared.emulator.faults().outage(outagePath(), 503, OUTAGE_LIMIT);
        try {
            run.feed(SharedNiFi.SAMPLES, scenario);
            run.start();
            NiFiFlow.await("a flowfile to come back through 'retry' during the outage", () -> cameBack(retryLoops) > 0, Duration.ofMinutes(3),
                    () -> "the retry loops " + retryLoops + " gave back nothing yet; the emulator saw " + shared.emulator.journal().summary());
        } finally {
            shared.emulator.faults().endOutage();
        }
        run.awaitQuiet(Duration.ofMinutes(3));
        run.stop();
        final Map<String, List<QueuedFlowFile>> outputs = run.outputs();
        run.remove();
        return outputs;
    }

    /** The template's 'retry' connections that loop back to the processor they leave. */
    private List<String> retryLoops(final String groupId) {
        final List<String> loops = new ArrayList<>();
        final JsonNode contents = flow.groupFlow(groupId);
        for (final JsonNode connection : contents.path("connections")) {
            final JsonNode component = connection.path("component");
            final boolean retry = StreamSupport.stream(component.path("selectedRelationships").spliterator(), false)
                    .anyMatch(r -> r.asText().equals("retry"));
            if (retry && component.path("source").path("id").asText().equals(component.path("destination").path("id").asText())) {
                loops.add(connection.path("id").asText());
            }
        }
        contents.path("processGroups").forEach(child -> loops.addAll(retryLoops(child.path("id").asText())));
        return loops;
    }

    /** Flowfiles the retry loops have handed back to their processor (NiFi's five-minute count). */
    private long cameBack(final List<String> retryLoops) {
        return retryLoops.stream().mapToLong(id -> flow.client().get("/flow/connections/" + id + "/status").path("connectionStatus")
                .path("aggregateSnapshot").path("flowFilesOut").asLong()).sum();
    }

    private List<ApiRequest> writes() {
        return shared.emulator.journal().filter(r -> r.method().equals("POST") && !r.apiPath().startsWith("/oauth"));
    }

    void assertEachRecordOnceUnderOneKey(final Map<String, List<QueuedFlowFile>> outputs) {
        final List<ApiRequest> writes = writes();
        assertTrue(writes.size() > keys(writes).size(), scenario + ": the outage made the flow send some writes more than once: " + writes.size());
        // one key per distinct body, on every attempt: the key of a write never changes across the retry loop
        final Map<String, Set<String>> keysByBody = new HashMap<>();
        for (final ApiRequest write : writes) {
            keysByBody.computeIfAbsent(write.bodyText(), b -> new HashSet<>()).add(write.header("idempotency-key").orElse("(none)"));
        }
        keysByBody.forEach((body, keys) -> assertEquals(1, keys.size(), scenario + ": one body sent under several keys " + keys));
        switch (scenario) {
            case INVOICE_INTAKE -> {
                assertEquals(List.of("INV-1001", "INV-1002", "INV-1004", "INV-2001", "INV-2002"),
                        shared.emulator.store().invoices().all().stream().map(i -> i.path("invoice_number").asText()).sorted().toList(),
                        "every invoice exactly once");
                assertEquals(List.of("INV-1003"), refusedField(outputs, "invoice_number"), "only the invalid record on failure");
            }
            case MASTER_DATA_SYNC -> {
                assertEquals(3, shared.emulator.store().vendors().size());
                assertEquals(2, shared.emulator.store().dimensions().size());
                assertEquals(List.of("Not a dimension type"), refusedField(outputs, "name"));
            }
            case CATALOG_PRICE_BOOK -> {
                assertEquals(4, shared.emulator.catalogEntries().size(), "each entry once");
                assertEquals(List.of("OIL-FRY"), refusedField(outputs, "sku"));
            }
            default -> throw new IllegalArgumentException(scenario.name());
        }
    }

    private static Set<String> keys(final List<ApiRequest> writes) {
        final Set<String> keys = new HashSet<>();
        writes.forEach(w -> keys.add(w.header("idempotency-key").orElse("(none)")));
        return keys;
    }

    private static List<String> refusedField(final Map<String, List<QueuedFlowFile>> outputs, final String field) {
        final List<String> values = new ArrayList<>();
        for (final QueuedFlowFile failed : outputs.get("failure")) {
            try {
                final JsonNode json = NiFiClient.JSON.readTree(failed.content());
                (json.isArray() ? json : NiFiClient.JSON.createArrayNode().add(json)).forEach(r -> values.add(r.path(field).asText()));
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return values.stream().sorted().toList();
    }
}
