/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.stateless;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** A few lines on what left a flow: flowfiles and records per output port, and the errors seen on each. */
final class FlowSummary {

    private FlowSummary() {
    }

    static void print(final FlowResult result, final PrintStream out) {
        if (!result.successful()) {
            out.println("  the flow failed: " + result.failure());
        }
        if (result.outputs().values().stream().allMatch(List::isEmpty)) {
            out.println("  nothing left the flow");
        }
        result.outputs().forEach((port, outputs) -> {
            if (outputs.isEmpty()) {
                return;
            }
            out.printf("  %-20s %d flowfile(s)%s%s%n", port + ":", outputs.size(), total(outputs, "record.count", "record(s)"),
                    total(outputs, "ottimate.updated.count", "updated"));
            final Map<String, Integer> errors = new TreeMap<>();
            outputs.forEach(output -> {
                if (output.attribute("ottimate.error.code") != null) {
                    errors.merge(output.attribute("ottimate.error.code") + ": " + output.attribute("ottimate.error.message"), 1, Integer::sum);
                }
            });
            errors.forEach((error, count) -> out.printf("  %-20s %d x %s%n", "", count, error));
        });
    }

    /** ", 5 record(s)": the sum of a count attribute, when the flowfiles carry it. */
    private static String total(final List<FlowOutput> outputs, final String countAttribute, final String unit) {
        final List<String> counts = outputs.stream().map(output -> output.attribute(countAttribute)).filter(Objects::nonNull).toList();
        return counts.isEmpty() ? "" : ", " + counts.stream().mapToLong(Long::parseLong).sum() + " " + unit;
    }
}
