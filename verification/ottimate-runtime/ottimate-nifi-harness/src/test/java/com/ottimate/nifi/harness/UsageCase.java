/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.nifi.harness.NiFiFlow.Endpoint;
import com.ottimate.nifi.harness.NiFiFlow.QueuedFlowFile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One arrangement of one Ottimate processor as its documentation describes it, built on a NiFi canvas through the REST
 * API: the processor alone (a source), or fed by GenerateFlowFile. Every relationship goes to its own queue in front
 * of a stopped LogAttribute (a 'pending' relationship loops back, as the docs say), so the test can read what came out
 * where.
 */
final class UsageCase {
    static final String PREFIX = "com.ottimate.nifi.processors.";
    private static final String GENERATE = "org.apache.nifi.processors.standard.GenerateFlowFile";
    private static final String SINK = "org.apache.nifi.processors.standard.LogAttribute";

    final String name;
    final String type;
    final Map<String, String> properties;
    final String content;
    final Map<String, String> attributes;
    final String expected;

    private UsageCase(final String name, final String type, final Map<String, String> properties, final String content,
                      final Map<String, String> attributes, final String expected) {
        this.name = name;
        this.type = type;
        this.properties = properties;
        this.content = content;
        this.attributes = attributes;
        this.expected = expected;
    }

    /** A source: no incoming connection; {@code expected} is the relationship something must reach, or null when the run may find nothing. */
    static UsageCase source(final String name, final String type, final Map<String, String> properties, final String expected) {
        return new UsageCase(name, PREFIX + type, properties, null, Map.of(), expected);
    }

    /** Fed one flowfile by GenerateFlowFile; {@code expected} is where that flowfile (or what it became) must end up. */
    static UsageCase fed(final String name, final String type, final Map<String, String> properties, final String content,
                         final Map<String, String> attributes, final String expected) {
        return new UsageCase(name, PREFIX + type, properties, content, attributes, expected);
    }

    /** What the case built: the processor, its relationships' queues, and the generator (if fed). */
    record Built(String groupId, String processorId, String generatorId, Map<String, String> queues, JsonNode validation) {
    }

    Built build(final NiFiFlow flow, final String parentId, final String connectionId, final Map<String, String> services, final double x, final double y) {
        final String group = flow.createGroup(parentId, name, x, y);
        final ObjectNode config = NiFiClient.JSON.createObjectNode();
        final ObjectNode props = config.putObject("properties");
        props.put("Ottimate Connection Service", connectionId);
        properties.forEach((key, value) -> props.put(key, services.getOrDefault(value, value)));
        config.put("penaltyDuration", "1 sec");
        config.put("schedulingPeriod", "0 sec");
        final String processor = flow.createProcessor(group, type, name, 400, 200, config);
        String generator = null;
        if (content != null) {
            final ObjectNode generate = NiFiClient.JSON.createObjectNode();
            final ObjectNode generateProps = generate.putObject("properties");
            generateProps.put("Data Format", "Text").put("generate-ff-custom-text", content).put("Batch Size", "1");
            attributes.forEach(generateProps::put);
            generate.put("schedulingPeriod", "1 hour");
            generator = flow.createProcessor(group, GENERATE, "generate input", 0, 200, generate);
            flow.connect(group, Endpoint.processor(generator, group), Endpoint.processor(processor, group), List.of("success"));
        }
        final String sink = flow.createProcessor(group, SINK, "outcomes", 400, 500, NiFiClient.JSON.createObjectNode());
        final Map<String, String> queues = new LinkedHashMap<>();
        for (final JsonNode relationship : flow.processor(processor).path("component").path("relationships")) {
            final String relationshipName = relationship.path("name").asText();
            final Endpoint self = Endpoint.processor(processor, group);
            queues.put(relationshipName, flow.connect(group, self, relationshipName.equals("pending") ? self : Endpoint.processor(sink, group),
                    List.of(relationshipName)));
        }
        return new Built(group, processor, generator, queues, flow.awaitValidation(processor));
    }

    /** Starts the case and waits until its input left and nothing runs; answers the flowfiles per relationship. */
    Map<String, List<QueuedFlowFile>> run(final NiFiFlow flow, final Built built) {
        flow.startProcessor(built.processorId());
        if (built.generatorId() != null) {
            flow.startProcessor(built.generatorId());
        }
        final Set<String> outcomes = new HashSet<>(built.queues().keySet());
        outcomes.remove("pending");
        final String pending = built.queues().get("pending");
        // over when the processor has run, its input was taken, nothing waits on 'pending', something came out (where
        // the case expects it) and no thread runs: seen twice in a row, so a commit between two reads is not the end
        final boolean[] doneBefore = {false};
        NiFiFlow.await(name + " to finish", () -> {
            final NiFiFlow.Activity activity = flow.activity(built.groupId());
            final boolean inputTaken = built.generatorId() == null || inputConsumed(flow, built);
            final boolean notWaiting = pending == null || flow.queued(pending) == 0;
            final boolean somethingOut = expected == null || outcomes.stream().anyMatch(r -> flow.queued(built.queues().get(r)) > 0);
            final boolean done = activity.ranOnce(List.of(built.processorId())) && inputTaken && notWaiting && somethingOut
                    && activity.activeThreads() == 0;
            final boolean over = done && doneBefore[0];
            doneBefore[0] = done;
            return over;
        }, Duration.ofMinutes(2), () -> flow.activity(built.groupId()) + ", queues " + built.queues().keySet().stream()
                .map(r -> r + "=" + flow.queued(built.queues().get(r))).toList());
        flow.stopProcessor(built.processorId());
        if (built.generatorId() != null) {
            flow.stopProcessor(built.generatorId());
        }
        final Map<String, List<QueuedFlowFile>> out = new LinkedHashMap<>();
        built.queues().forEach((relationship, connection) -> {
            if (!relationship.equals("pending")) {
                out.put(relationship, flow.listQueue(connection));
            }
        });
        return out;
    }

    private static boolean inputConsumed(final NiFiFlow flow, final Built built) {
        for (final JsonNode connection : flow.groupFlow(built.groupId()).path("connections")) {
            if (connection.path("component").path("source").path("id").asText().equals(built.generatorId())) {
                return flow.queued(connection.path("id").asText()) == 0;
            }
        }
        return true;
    }

    /** The relationships a case defines, for the message when it is invalid. */
    static List<String> names(final JsonNode relationships) {
        final List<String> names = new ArrayList<>();
        relationships.forEach(r -> names.add(r.path("name").asText()));
        return names;
    }

    @Override
    public String toString() {
        return name;
    }
}
