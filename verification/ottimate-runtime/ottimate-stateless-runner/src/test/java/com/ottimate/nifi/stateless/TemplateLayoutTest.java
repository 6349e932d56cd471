/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.stateless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The templates as NiFi 2.3.0's canvas draws them (its flow designer's sizes: processors 352 × 128, ports 240 × 48,
 * connection labels 224 wide with a 19 px row per line, centred on the bend named by labelIndex, or midway without
 * bends): no two boxes overlap, no connection label covers a box or another label, no connection runs across a
 * component it does not join, and every self-loop has the bends that make it visible.
 */
class TemplateLayoutTest {
    private static final Path TEMPLATES = Path.of(System.getProperty("templates.directory"));
    private static final double CLEARANCE = 12;

    record Box(String what, double x, double y, double w, double h) {
        boolean overlaps(final Box other, final double gap) {
            return x < other.x + other.w + gap && other.x < x + w + gap && y < other.y + other.h + gap && other.y < y + h + gap;
        }

        double cx() {
            return x + w / 2;
        }

        double cy() {
            return y + h / 2;
        }

        /** Whether the segment crosses the inside of this box (Liang–Barsky clipping against the box shrunk by 2 px). */
        boolean crossedBy(final double x1, final double y1, final double x2, final double y2) {
            final double left = x + 2;
            final double right = x + w - 2;
            final double top = y + 2;
            final double bottom = y + h - 2;
            double t0 = 0;
            double t1 = 1;
            final double dx = x2 - x1;
            final double dy = y2 - y1;
            final double[] p = {-dx, dx, -dy, dy};
            final double[] q = {x1 - left, right - x1, y1 - top, bottom - y1};
            for (int i = 0; i < 4; i++) {
                if (p[i] == 0) {
                    if (q[i] < 0) {
                        return false;
                    }
                } else {
                    final double t = q[i] / p[i];
                    if (p[i] < 0) {
                        t0 = Math.max(t0, t);
                    } else {
                        t1 = Math.min(t1, t);
                    }
                }
            }
            return t0 < t1;
        }

        @Override
        public String toString() {
            return what + String.format(" [%.0f,%.0f %.0f×%.0f]", x, y, w, h);
        }
    }

    @Test
    void nifiDrawsEveryTemplateWithoutOverlaps() throws IOException {
        final List<String> problems = new ArrayList<>();
        final List<Path> templates;
        try (Stream<Path> files = Files.list(TEMPLATES)) {
            templates = files.filter(path -> path.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(templates.size() >= 7, templates.toString());
        for (final Path template : templates) {
            problems.addAll(check(template.getFileName().toString(), new ObjectMapper().readTree(template.toFile()).path("flowContents")));
        }
        assertEquals(List.of(), problems);
    }

    static List<String> check(final String name, final JsonNode group) {
        final Map<String, Box> components = new HashMap<>();
        final Map<String, String> types = new HashMap<>();
        add(components, types, group.path("processors"), 352, 128, "PROCESSOR");
        add(components, types, group.path("inputPorts"), 240, 48, "INPUT_PORT");
        add(components, types, group.path("outputPorts"), 240, 48, "OUTPUT_PORT");
        add(components, types, group.path("funnels"), 48, 48, "FUNNEL");
        for (final JsonNode label : group.path("labels")) {
            components.put(label.path("identifier").asText(), new Box("label '" + label.path("label").asText().substring(0, 20) + "…'",
                    label.path("position").path("x").asDouble(), label.path("position").path("y").asDouble(),
                    label.path("width").asDouble(), label.path("height").asDouble()));
        }
        final List<String> problems = new ArrayList<>();
        final List<Box> boxes = new ArrayList<>(components.values());
        for (int i = 0; i < boxes.size(); i++) {
            for (int j = i + 1; j < boxes.size(); j++) {
                if (boxes.get(i).overlaps(boxes.get(j), CLEARANCE)) {
                    problems.add(name + ": " + boxes.get(i) + " overlaps " + boxes.get(j));
                }
            }
        }
        final List<Box> labels = new ArrayList<>();
        for (final JsonNode connection : group.path("connections")) {
            final String sourceId = connection.path("source").path("id").asText();
            final String destinationId = connection.path("destination").path("id").asText();
            final Box source = components.get(sourceId);
            final Box destination = components.get(destinationId);
            final String what = connection.path("source").path("name").asText() + " -" + connection.path("selectedRelationships") + "-> "
                    + connection.path("destination").path("name").asText();
            final JsonNode bends = connection.path("bends");
            if (sourceId.equals(destinationId) && bends.size() < 2) {
                problems.add(name + ": self-loop " + what + " needs two bends to be visible");
            }
            final double cx;
            final double cy;
            if (bends.isEmpty()) {
                cx = (source.cx() + destination.cx()) / 2;
                cy = (source.cy() + destination.cy()) / 2;
            } else {
                final JsonNode at = bends.get(Math.min(Math.max(0, connection.path("labelIndex").asInt()), bends.size() - 1));
                cx = at.path("x").asDouble();
                cy = at.path("y").asDouble();
            }
            final int rows = ("PROCESSOR".equals(types.get(sourceId)) ? 1 : 0) + 1 + (connection.path("name").asText().isEmpty() ? 0 : 1);
            final double height = 19 * rows + 4;
            final Box label = new Box("label of " + what, cx - 112, cy - height / 2, 224, height);
            for (final Box box : boxes) {
                if (label.overlaps(box, 4)) {
                    problems.add(name + ": " + label + " covers " + box);
                }
            }
            for (final Box other : labels) {
                if (label.overlaps(other, 4)) {
                    problems.add(name + ": " + label + " covers " + other);
                }
            }
            labels.add(label);
            final List<double[]> points = new ArrayList<>();
            points.add(new double[] {source.cx(), source.cy()});
            bends.forEach(bend -> points.add(new double[] {bend.path("x").asDouble(), bend.path("y").asDouble()}));
            points.add(new double[] {destination.cx(), destination.cy()});
            for (final Map.Entry<String, Box> component : components.entrySet()) {
                if (component.getKey().equals(sourceId) || component.getKey().equals(destinationId)) {
                    continue;
                }
                for (int i = 0; i + 1 < points.size(); i++) {
                    if (component.getValue().crossedBy(points.get(i)[0], points.get(i)[1], points.get(i + 1)[0], points.get(i + 1)[1])) {
                        problems.add(name + ": " + what + " runs across " + component.getValue());
                        break;
                    }
                }
            }
        }
        return problems;
    }

    private static void add(final Map<String, Box> boxes, final Map<String, String> types, final JsonNode components, final double w,
                            final double h, final String type) {
        for (final JsonNode component : components) {
            final String id = component.path("identifier").asText();
            boxes.put(id, new Box(type.toLowerCase() + " '" + component.path("name").asText() + "'", component.path("position").path("x").asDouble(),
                    component.path("position").path("y").asDouble(), w, h));
            types.put(id, type);
        }
    }
}
