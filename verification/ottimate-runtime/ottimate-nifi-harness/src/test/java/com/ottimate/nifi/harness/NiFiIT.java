/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.emulator.EmulatorSettings;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.harness.NiFiFlow.QueuedFlowFile;
import com.ottimate.nifi.stateless.TemplateScenario;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bundle in the NiFi users run: an Apache NiFi 2.3.0 started once for the whole class, driven only through its
 * REST API, as a user's automation would. Every template imported, configured and run; every processor in every
 * arrangement its docs describe; records that only met an outage sent once under the same keys; Verify as the UI
 * calls it; sources at their default schedules; listing state across a restart; and no secret anywhere NiFi writes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NiFiIT {
    private static final Duration RUN_LIMIT = Duration.ofMinutes(3);
    private static final List<String> SECRETS = List.of(EmulatorSettings.defaults().clientSecret(), EmulatorSettings.defaults().apiKey(), "ott_at_");
    private static final List<QueuedFlowFile> EVERYTHING_OUT = new ArrayList<>();
    private static SharedNiFi shared;
    private static NiFiFlow flow;
    private static IdleSources idle;

    @BeforeAll
    static void startNiFi() throws Exception {
        shared = SharedNiFi.start();
        flow = shared.flow;
        assertTrue(shared.startMillis < 90_000, "NiFi started in " + shared.startMillis + " ms");
        // the sources left at their default schedules: started now, counted at the end
        idle = IdleSources.start(flow, shared.rootId);
    }

    @AfterAll
    static void stopNiFi() throws Exception {
        if (idle != null) {
            idle.close();
        }
        if (shared != null) {
            final String log = Files.readString(shared.nifi.appLog(), StandardCharsets.UTF_8);
            shared.close();
            assertTrue(log.contains("com.ottimate"), "the bundle's own log lines are in nifi-app.log");
            for (final String secret : SECRETS) {
                assertFalse(log.contains(secret), "nifi-app.log contains " + secret);
                for (final QueuedFlowFile out : EVERYTHING_OUT) {
                    assertFalse(out.attributes().toString().contains(secret) || out.text().contains(secret), "an output contains " + secret);
                }
            }
        }
    }

    private static Map<String, List<QueuedFlowFile>> runTemplate(final TemplateScenario scenario, final double y) throws Exception {
        final TemplateRun run = TemplateRun.prepare(flow, shared.rootId, SharedNiFi.TEMPLATES, scenario, scenario.parameters(shared.emulator).values(),
                shared.work("inputs"), y);
        assertEquals(List.of(), flow.invalidComponents(run.groupId()), scenario.template() + " has invalid components once configured");
        assertEquals(List.of(), flow.groupServices(run.groupId()).stream().map(s -> s.path("component").path("type").asText())
                .filter(type -> type.endsWith("StandardOttimateConnectionService")).toList(),
                scenario.template() + " brought its own connection service instead of using the shared one (one quota for all)");
        run.feed(SharedNiFi.SAMPLES, scenario);
        run.start();
        run.awaitQuiet(RUN_LIMIT);
        run.stop();
        final Map<String, List<QueuedFlowFile>> outputs = run.outputs();
        outputs.values().forEach(EVERYTHING_OUT::addAll);
        checkBulletinsHoldNoSecret();
        run.remove();
        return outputs;
    }

    private static void checkBulletinsHoldNoSecret() {
        for (final JsonNode bulletin : flow.bulletins()) {
            for (final String secret : SECRETS) {
                assertFalse(bulletin.toString().contains(secret), "a bulletin contains " + secret + ": " + bulletin);
            }
        }
    }

    /** The records of every flowfile that left through a port (JSON arrays written by the flow's JSON writer). */
    private static List<JsonNode> records(final List<QueuedFlowFile> outputs) {
        final List<JsonNode> records = new ArrayList<>();
        for (final QueuedFlowFile output : outputs) {
            try {
                final JsonNode json = NiFiClient.JSON.readTree(output.content());
                if (json.isArray()) {
                    json.forEach(records::add);
                } else {
                    records.add(json);
                }
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return records;
    }

    private static List<String> field(final List<JsonNode> records, final String name) {
        return records.stream().map(record -> record.path(name).asText()).sorted().toList();
    }

    private static OttimateEmulator emulator() {
        return shared.emulator;
    }

    @Test
    @Order(1)
    void everyTemplateImportsConfiguresAndRunsInNiFi() throws Exception {
        final Set<String> ran = new TreeSet<>();
        double y = 0;
        for (final TemplateScenario scenario : TemplateScenario.values()) {
            if (scenario.database()) {
                continue; // with their database: theErpDatabaseTemplates...
            }
            emulator().journal().clear();
            final Map<String, String> seeded = scenario.seed(emulator());
            final Map<String, List<QueuedFlowFile>> out = runTemplate(scenario, y += 800);
            ran.add(scenario.template());
            switch (scenario) {
                case INVOICE_INTAKE -> {
                    assertEquals(List.of("INV-1001", "INV-1002", "INV-1004", "INV-2001", "INV-2002"), field(records(out.get("created")), "invoice_number"));
                    assertEquals(List.of("INV-1003"), field(records(out.get("failure")), "invoice_number"));
                    assertEquals(6, emulator().journal().matching("POST", "/invoices").size(), "one create per record");
                }
                case INVOICE_EXPORT -> {
                    assertEquals(List.of(seeded.get("EXP-1"), seeded.get("EXP-2")).stream().sorted().toList(), field(records(out.get("invoices to export")), "id"));
                    assertEquals("2", out.get("marked exported").getFirst().attribute("ottimate.updated.count"));
                    assertEquals("exported", emulator().store().invoices().get(seeded.get("EXP-1")).orElseThrow().path("status").asText());
                    assertEquals("needs-attention", emulator().store().invoices().get(seeded.get("EXP-3")).orElseThrow().path("status").asText());
                    assertEquals(1, emulator().journal().matching("POST", "/invoices/mark-exported").size(), "both ids in one call");
                }
                case MASTER_DATA_SYNC -> {
                    assertEquals(List.of("V-100", "V-101", "V-102"), field(records(out.get("synced")).stream().filter(r -> r.has("erp_vendor_id")).toList(), "erp_vendor_id"));
                    assertEquals(List.of("Not a dimension type"), field(records(out.get("failure")), "name"));
                    assertEquals(1, emulator().journal().matching("POST", "/vendors/bulk-create").size());
                    assertEquals(1, emulator().journal().matching("POST", "/dimensions/bulk-create").size());
                }
                case CATALOG_PRICE_BOOK -> {
                    assertEquals(List.of("BTR-UNS", "MLK-WHL", "ONI-YEL", "TOM-ROMA"), field(records(out.get("upserted")), "sku"));
                    assertEquals(List.of("OIL-FRY"), field(records(out.get("failure")), "sku"));
                    assertEquals(1, emulator().journal().matching("POST", "/catalog/entries/bulk").size());
                    assertEquals(1, emulator().journal().filter(r -> r.rawPath().endsWith("/results")).size(), "the batch was followed on 'pending'");
                }
                case INVOICE_DOCUMENT_INTAKE -> {
                    assertEquals(1, out.get("extracted documents").size());
                    assertEquals("extracted", out.get("extracted documents").getFirst().attribute("ottimate.upload.status"));
                    assertEquals(Files.size(SharedNiFi.SAMPLES.resolve("invoice-sample.pdf")), out.get("extracted documents").getFirst().content().length);
                    assertEquals(1, emulator().journal().matching("POST", "/invoices/upload").size(), "uploaded once");
                }
                case APPROVAL_RULES -> {
                    assertEquals(List.of(seeded.get("APR-SMALL")), out.get("approved").stream().map(f -> f.attribute("ottimate.invoice.id")).toList());
                    assertEquals(List.of(seeded.get("APR-LARGE")), out.get("flagged for review").stream().map(f -> f.attribute("ottimate.invoice.id")).toList());
                    assertEquals(List.of(), out.get("failure"));
                    assertEquals("incomplete", emulator().store().invoices().get(seeded.get("APR-LARGE")).orElseThrow().path("status").asText());
                }
                case VENDOR_ENRICHMENT -> {
                    assertEquals(List.of("ERP-5001", "ERP-5002", "ERP-5004"), field(records(out.get("created")), "invoice_number"));
                    assertEquals(List.of("Dairy Direct", "Fresh Farms Produce", "Fresh Farms Produce"), field(records(out.get("created")), "erp_vendor_name"));
                    assertEquals(List.of("V-999"), field(records(out.get("unknown vendors")), "erp_vendor_id"));
                    assertEquals(1, emulator().journal().matching("GET", "/vendors").size(), "one listing for every record");
                    assertEquals(3, emulator().journal().matching("POST", "/invoices").size());
                }
                case INVOICES_TO_ERP_DATABASE, ERP_DATABASE_TO_OTTIMATE -> throw new IllegalStateException("run with a database below");
                case PURCHASE_ORDERS_AND_RECEIPTS -> {
                    assertEquals(List.of("ERP-PO-4711", "ERP-PO-4711", "ERP-PO-4712", "ERP-PO-4713"), field(records(out.get("orders upserted")), "external_id"));
                    assertEquals(List.of("ERP-PO-4714"), field(records(out.get("order failures")), "external_id"), "no po_number");
                    assertEquals(List.of("ERP-GR-9001", "ERP-GR-9001", "ERP-GR-9002"), field(records(out.get("receipts upserted")), "external_id"));
                    assertEquals(List.of("ERP-GR-9003"), field(records(out.get("receipts of unknown orders")), "external_id"));
                    assertEquals(List.of(), out.get("receipt failures"));
                    final Map<String, ObjectNode> orders = new TreeMap<>();
                    emulator().store().purchaseOrders().all().forEach(po -> orders.put(po.path("external_id").asText(), po));
                    assertEquals(Set.of("ERP-PO-4711", "ERP-PO-4712", "ERP-PO-4713"), orders.keySet(), "one order per external_id, PO-100 twice");
                    assertEquals(2, orders.get("ERP-PO-4711").path("items").size(), "updated with the extract's two lines");
                    assertEquals("300.00", orders.get("ERP-PO-4711").path("total_amount").decimalValue().setScale(2).toPlainString());
                    emulator().store().receipts().all().forEach(receipt -> assertEquals(orders.get(receipt.path("po_external_id").asText()).path("id").asText(),
                            receipt.path("ottimate_po_id").asText(), "each receipt names its own order's id"));
                    assertEquals(2, emulator().store().receipts().size());
                    assertEquals(1, emulator().journal().matching("POST", "/purchase-orders/bulk").size());
                    assertEquals(1, emulator().journal().matching("POST", "/receipts/bulk").size());
                }
            }
        }
        try (var files = Files.list(SharedNiFi.TEMPLATES)) {
            final Set<String> database = Set.of(TemplateScenario.INVOICES_TO_ERP_DATABASE.template(), TemplateScenario.ERP_DATABASE_TO_OTTIMATE.template());
            assertEquals(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).filter(n -> !database.contains(n))
                    .collect(Collectors.toCollection(TreeSet::new)), ran, "every template without a database (those run below)");
        }
        assertTrue(emulator().journal().tokenRequests() <= 1, "one shared connection: one token for every template");
    }

    @Test
    @Order(2)
    void everyProcessorIsValidAndRunsInEveryArrangementItsDocsDescribe() throws Exception {
        final UsageMatrix matrix = new UsageMatrix(flow, shared, emulator());
        final Map<String, List<String>> problems = matrix.runAll();
        EVERYTHING_OUT.addAll(matrix.outputs());
        assertEquals(Map.of(), problems, "arrangements that NiFi refused, that did not run, or that wrote undeclared attributes");
        assertTrue(matrix.cases() >= 25, "every processor in every arrangement: " + matrix.cases());
    }

    @Test
    @Order(3)
    void recordsThatMetOnlyAnOutageAreSentOnceUnderTheSameKeys() throws Exception {
        for (final TemplateScenario scenario : List.of(TemplateScenario.INVOICE_INTAKE, TemplateScenario.MASTER_DATA_SYNC, TemplateScenario.CATALOG_PRICE_BOOK)) {
            final OutageRoundTrip roundTrip = new OutageRoundTrip(flow, shared, scenario);
            final Map<String, List<QueuedFlowFile>> out = roundTrip.run();
            out.values().forEach(EVERYTHING_OUT::addAll);
            roundTrip.assertEachRecordOnceUnderOneKey(out);
        }
    }

    @Test
    @Order(4)
    void verifyAsTheUiCallsIt() throws Exception {
        new VerifyChecks(flow, shared).run();
        checkBulletinsHoldNoSecret();
    }

    @Test
    @Order(5)
    void sourcesAtTheirDefaultSchedulesStayWithinTheirRequestBudget() throws Exception {
        idle.assertWithinBudget(flow);
    }

    @Test
    @Order(6)
    void listingStateSurvivesARestartWithoutDuplicatesOrGaps() throws Exception {
        new RestartCheck(flow, shared).run();
    }

    @Test
    @Order(7)
    void theErpDatabaseTemplatesMoveInvoicesBetweenPostgreSqlAndOttimateRowForRow() throws Exception {
        try (ErpDatabase database = ErpDatabase.start(shared.work("erp-database"), SharedNiFi.TEMPLATES, SharedNiFi.HOME)) {
            final ErpDatabaseCheck check = new ErpDatabaseCheck(flow, shared, database);
            try {
                check.invoicesToTheErpDatabase();
                check.erpRowsToOttimate();
            } finally {
                EVERYTHING_OUT.addAll(check.outputs());
            }
        }
        checkBulletinsHoldNoSecret();
    }
}
