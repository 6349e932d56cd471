/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.ottimate.nifi.harness.NiFiFlow.QueuedFlowFile;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** A few lines on what left a template in NiFi: flowfiles and records per output port, and the errors seen on each. */
final class OutputSummary {

    private OutputSummary() {
    }

    static void print(final Map<String, List<QueuedFlowFile>> outputs, final PrintStream out) {
        if (outputs.values().stream().allMatch(List::isEmpty)) {
            out.println("  nothing left the flow");
        }
        outputs.forEach((port, flowFiles) -> {
            if (flowFiles.isEmpty()) {
                return;
            }
            out.printf("  %-20s %d flowfile(s)%s%s%n", port + ":", flowFiles.size(), total(flowFiles, "record.count", "record(s)"),
                    total(flowFiles, "ottimate.updated.count", "updated"));
            final Map<String, Integer> errors = new TreeMap<>();
            flowFiles.stream().filter(f -> f.attribute("ottimate.error.code") != null)
                    .forEach(f -> errors.merge(f.attribute("ottimate.error.code") + ": " + f.attribute("ottimate.error.message"), 1, Integer::sum));
            errors.forEach((error, count) -> out.printf("  %-20s %d x %s%n", "", count, error));
        });
    }

    static void printBulletins(final List<JsonNode> bulletins, final PrintStream out) {
        bulletins.forEach(bulletin -> out.printf("  bulletin:            %s %s: %s%n", bulletin.path("level").asText(),
                bulletin.path("sourceName").asText(), bulletin.path("message").asText()));
    }

    private static String total(final List<QueuedFlowFile> flowFiles, final String attribute, final String unit) {
        final List<String> counts = flowFiles.stream().map(f -> f.attribute(attribute)).filter(Objects::nonNull).toList();
        return counts.isEmpty() ? "" : ", " + counts.stream().mapToLong(Long::parseLong).sum() + " " + unit;
    }
}
