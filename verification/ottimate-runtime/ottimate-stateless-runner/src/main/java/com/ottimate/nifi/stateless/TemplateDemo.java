/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.stateless;

import com.ottimate.emulator.OttimateEmulator;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * README command one: starts the Ottimate emulator, boots Apache NiFi's Stateless engine with the built NARs and
 * runs every template in templates/ with its sample data, printing what was sent and what came back.
 */
public final class TemplateDemo {

    private TemplateDemo() {
    }

    public static void main(final String[] args) throws Exception {
        final Map<String, String> options = CommandLineOptions.parse(args, 0);
        final Path templates = Path.of(options.getOrDefault("templates", "templates"));
        final PrintStream out = System.out;
        final long started = System.nanoTime();
        final StatelessEngine engine = StatelessEngine.boot(Path.of(options.getOrDefault("nars", "nars")), Path.of(options.getOrDefault("work", "work")));
        out.printf("Apache NiFi Stateless engine ready with the NARs of %s (%d ms)%n", options.getOrDefault("nars", "nars"),
                (System.nanoTime() - started) / 1_000_000);
        try (OttimateEmulator emulator = OttimateEmulator.start()) {
            out.println("Ottimate emulator at " + emulator.baseUrl());
            for (final TemplateScenario scenario : TemplateScenario.values()) {
                if (scenario.database()) {
                    out.println();
                    out.println("== templates/" + scenario.template() + ": needs a database; bin/demo runs it in NiFi against a throw-away PostgreSQL");
                    continue;
                }
                run(engine, emulator, scenario, templates, out);
            }
        }
        out.printf("Done in %.1f s. The templates are in %s; README.md says how to import them into NiFi.%n",
                (System.nanoTime() - started) / 1e9, templates);
    }

    private static void run(final StatelessEngine engine, final OttimateEmulator emulator, final TemplateScenario scenario, final Path templates,
                            final PrintStream out) throws Exception {
        emulator.journal().clear();
        scenario.seed(emulator);
        out.println();
        out.println("== templates/" + scenario.template());
        try (StatelessFlow flow = engine.load(templates.resolve(scenario.template()), scenario.parameters(emulator).overrides())) {
            scenario.enqueueSamples(flow, templates.resolve("samples"));
            final FlowResult result = flow.runUntilIdle(Duration.ofMinutes(2), ContentHandler.KEEP);
            FlowSummary.print(result, out);
            // the export template marks invoices exported once they come back as delivered: play the ERP's part
            for (final FlowOutput delivered : result.at("invoices to export")) {
                out.println("  (the ERP took them: back through 'delivered invoices')");
                flow.enqueue("delivered invoices", delivered.content(), Map.of("filename", "delivered.json"));
                FlowSummary.print(flow.runUntilIdle(Duration.ofMinutes(2), ContentHandler.KEEP), out);
            }
        }
        out.println("  sent to Ottimate:    " + emulator.journal().summary());
    }
}
