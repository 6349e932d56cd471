/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.stateless.CommandLineOptions;
import com.ottimate.nifi.stateless.TemplateScenario;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * bin/screenshots: starts Apache NiFi 2.3.0 with the emulator, runs every template once as the demo does (imported
 * through the REST API, sample inputs fed in), then photographs NiFi's own web UI in a headless Chromium: each
 * template's canvas after its run, PutOttimateInvoice's properties and the connection service's. Writes PNGs to
 * docs/images/ and stops NiFi.
 */
public final class NiFiScreenshots {
    static final int WIDTH = 1600;
    static final int HEIGHT = 1000;

    private NiFiScreenshots() {
    }

    /** The picture of a template's canvas, e.g. template-01-invoice-intake.png. */
    public static String canvasImage(final TemplateScenario scenario) {
        return "template-" + scenario.template().replace(".json", ".png");
    }

    public static void main(final String[] args) throws Exception {
        final Map<String, String> options = CommandLineOptions.parse(args, 0);
        final Path home = Path.of(options.getOrDefault("nifi-home", "nifi"));
        final Path templates = Path.of(options.getOrDefault("templates", "templates"));
        final Path work = Path.of(options.getOrDefault("work", "target/nifi-screenshots")).toAbsolutePath();
        final Path images = Path.of(options.getOrDefault("images", "docs/images")).toAbsolutePath();
        final PrintStream out = System.out;
        NiFiDemo.deleteTree(work);
        Files.createDirectories(images);
        try (OttimateEmulator emulator = OttimateEmulator.start();
             NiFiInstance nifi = NiFiInstance.prepare(home, work.resolve("nifi"), NiFiInstance.freePort());
             ErpDatabase database = ErpDatabase.start(work.resolve("erp-database"), templates, home)) {
            nifi.start();
            out.println("Apache NiFi at " + nifi.baseUri() + "/nifi, emulator at " + emulator.baseUrl());
            final NiFiFlow flow = new NiFiFlow(nifi.client());
            final String root = flow.rootGroupId();
            final String connection = new OttimateConnectionSetup(flow, templates).apply(root, TemplateScenario.INVOICE_INTAKE.parameters(emulator).values());
            final Map<TemplateScenario, TemplateRun> runs = new TreeMap<>();
            double y = 0;
            for (final TemplateScenario scenario : TemplateScenario.values()) {
                scenario.seed(emulator);
                final Map<String, String> parameters = new HashMap<>(scenario.parameters(emulator).values());
                if (scenario.database()) {
                    parameters.putAll(database.parameters(3));
                }
                if (scenario == TemplateScenario.ERP_DATABASE_TO_OTTIMATE) {
                    database.postgres().execute(templates.resolve("samples/erp-invoices.sql"));
                }
                final TemplateRun run = TemplateRun.prepare(flow, root, templates, scenario, parameters, work.resolve("inputs"), y);
                run.feed(templates.resolve("samples"), scenario);
                run.start();
                run.awaitQuiet(Duration.ofMinutes(3));
                run.stop();
                runs.put(scenario, run);
                out.println("ran " + scenario.template());
                y += 700;
            }
            try (NiFiUi ui = NiFiUi.open(nifi.baseUri(), WIDTH, HEIGHT)) {
                for (final Map.Entry<TemplateScenario, TemplateRun> run : runs.entrySet()) {
                    final String groupId = run.getValue().groupId();
                    ui.showGroup(groupId, flow.groupFlow(groupId).path("processors").size());
                    ui.screenshot(images.resolve(canvasImage(run.getKey())));
                    out.println("wrote " + images.resolve(canvasImage(run.getKey())));
                }
                final String intake = runs.get(TemplateScenario.INVOICE_INTAKE).groupId();
                final String put = processorNamed(flow, intake, "Create invoices from CSV");
                ui.showProcessorDialog(intake, put, "Properties");
                ui.screenshot(images.resolve("put-ottimate-invoice-properties.png"));
                ui.closeDialog();
                ui.showServiceDialog(root, connection, "Properties");
                ui.screenshot(images.resolve("connection-service-properties.png"));
                ui.closeDialog();
                out.println("wrote the dialogs to " + images);
            }
        }
    }

    static String processorNamed(final NiFiFlow flow, final String groupId, final String name) {
        for (final JsonNode processor : flow.groupFlow(groupId).path("processors")) {
            if (name.equals(processor.path("component").path("name").asText())) {
                return processor.path("id").asText();
            }
        }
        throw new IllegalStateException("no processor named '" + name + "' in group " + groupId);
    }
}
