/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.stateless.CommandLineOptions;
import com.ottimate.nifi.stateless.TemplateScenario;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * README command one: starts Apache NiFi 2.3.0 (built by ottimate-nifi-assembly) with the Ottimate emulator beside it,
 * and runs every template in templates/ in it as a user would: import through the REST API, the shared connection and
 * the parameters set, the sample inputs fed in; then prints what left each output port, what was sent to Ottimate, and
 * the bulletins; the database templates write and read a throw-away PostgreSQL, whose tables it prints. Finishes on its
 * own and stops NiFi and the database.
 */
public final class NiFiDemo {

    private NiFiDemo() {
    }

    public static void main(final String[] args) throws Exception {
        final Map<String, String> options = CommandLineOptions.parse(args, 0);
        final Path home = Path.of(options.getOrDefault("nifi-home", "nifi"));
        final Path templates = Path.of(options.getOrDefault("templates", "templates"));
        final Path work = Path.of(options.getOrDefault("work", "target/nifi-demo")).toAbsolutePath();
        final PrintStream out = System.out;
        final long started = System.nanoTime();
        deleteTree(work);
        try (OttimateEmulator emulator = OttimateEmulator.start();
             NiFiInstance nifi = NiFiInstance.prepare(home, work.resolve("nifi"), NiFiInstance.freePort());
             ErpDatabase database = ErpDatabase.start(work.resolve("erp-database"), templates, home)) {
            out.println("Ottimate emulator at " + emulator.baseUrl());
            out.println("ERP staging database (throw-away PostgreSQL) at " + database.postgres().jdbcUrl());
            nifi.start();
            out.printf("Apache NiFi %s at %s/nifi (%.0f s to start, %d MB resident)%n",
                    nifi.client().get("/flow/about").path("about").path("version").asText(), nifi.baseUri(),
                    (System.nanoTime() - started) / 1e9, nifi.residentMegabytes());
            final NiFiFlow flow = new NiFiFlow(nifi.client());
            final String root = flow.rootGroupId();
            new OttimateConnectionSetup(flow, templates).apply(root, TemplateScenario.INVOICE_INTAKE.parameters(emulator).values());
            double y = 0;
            for (final TemplateScenario scenario : TemplateScenario.values()) {
                run(flow, root, templates, work, scenario, emulator, database, y, out);
                y += 700;
            }
        }
        out.printf("%nDone in %.0f s; NiFi stopped. bin/nifi start keeps one running with every template imported (http://127.0.0.1:8080/nifi).%n",
                (System.nanoTime() - started) / 1e9);
    }

    private static void run(final NiFiFlow flow, final String root, final Path templates, final Path work, final TemplateScenario scenario,
                            final OttimateEmulator emulator, final ErpDatabase database, final double y, final PrintStream out) throws Exception {
        emulator.journal().clear();
        scenario.seed(emulator);
        out.println();
        out.println("== templates/" + scenario.template());
        final Map<String, String> parameters = new HashMap<>(scenario.parameters(emulator).values());
        if (scenario == TemplateScenario.ERP_DATABASE_TO_OTTIMATE) {
            database.postgres().execute(templates.resolve("samples/erp-invoices.sql"));
        }
        if (scenario.database()) {
            parameters.putAll(database.parameters(3));
        }
        final TemplateRun run = TemplateRun.prepare(flow, root, templates, scenario, parameters, work.resolve("inputs"), y);
        final List<String> invalid = flow.invalidComponents(run.groupId());
        if (!invalid.isEmpty()) {
            out.println("  invalid in NiFi: " + invalid);
        }
        run.feed(templates.resolve("samples"), scenario);
        run.start();
        run.awaitQuiet(Duration.ofMinutes(3));
        run.stop();
        OutputSummary.print(run.outputs(), out);
        out.println("  sent to Ottimate:    " + emulator.journal().summary());
        if (scenario == TemplateScenario.INVOICES_TO_ERP_DATABASE) {
            database.print("invoices", "id, invoice_number, erp_vendor_id, invoice_date, total_amount, currency, status", "invoice_number, erp_vendor_id", out);
            database.print("invoice_lines", "ottimate_invoice_id, name, quantity, price", "ottimate_invoice_id, name", out);
        } else if (scenario == TemplateScenario.ERP_DATABASE_TO_OTTIMATE) {
            database.print("erp_invoices", "erp_row_id, invoice_number, erp_vendor_id, total_amount, ottimate_id, ottimate_error_code", "erp_row_id", out);
        }
        final List<JsonNode> bulletins = flow.bulletins().stream()
                .filter(b -> b.path("groupId").asText().equals(run.groupId())).toList();
        OutputSummary.printBulletins(bulletins, out);
    }

    static void deleteTree(final Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(path)) {
            for (final Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
