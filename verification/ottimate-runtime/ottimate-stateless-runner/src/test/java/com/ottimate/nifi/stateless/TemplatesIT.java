/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.stateless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.emulator.EmulatorSettings;
import com.ottimate.emulator.OttimateEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every template in templates/ runs in Apache NiFi's Stateless engine, loaded from the built NARs (ours, the rebuilt
 * engine, record services and standard processors NARs, and NiFi's services API NAR), against the emulator: what
 * leaves the flow's output ports and what the emulator holds afterwards.
 */
class TemplatesIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path TEMPLATES = Path.of(System.getProperty("templates.directory"));
    private static final Path SAMPLES = TEMPLATES.resolve("samples");
    private static final Duration RUN_LIMIT = Duration.ofMinutes(1);
    private static final Set<String> TEMPLATES_RUN = new TreeSet<>();
    private static final List<FlowOutput> EVERYTHING_OUT = new ArrayList<>();
    private static final List<String> BULLETINS = new ArrayList<>();
    private static StatelessEngine engine;
    private OttimateEmulator emulator;
    private Map<String, String> seeded;

    @BeforeAll
    static void bootEngine() throws IOException {
        engine = StatelessEngine.boot(Path.of(System.getProperty("nars.directory")), Path.of(System.getProperty("stateless.work.directory")));
    }

    @BeforeEach
    void startEmulator() throws IOException {
        emulator = OttimateEmulator.start();
    }

    @AfterEach
    void stopEmulator() {
        emulator.close();
    }

    /** Seeds the emulator, loads the scenario's template with its parameters and enqueues its sample inputs. */
    private StatelessFlow load(final TemplateScenario scenario) throws IOException {
        seeded = scenario.seed(emulator);
        TEMPLATES_RUN.add(scenario.template());
        final StatelessFlow flow = engine.load(TEMPLATES.resolve(scenario.template()), scenario.parameters(emulator).overrides());
        scenario.enqueueSamples(flow, SAMPLES);
        return flow;
    }

    private static FlowResult run(final StatelessFlow flow) throws InterruptedException {
        final FlowResult result = flow.runUntilIdle(RUN_LIMIT, ContentHandler.KEEP);
        assertTrue(result.successful(), () -> "the flow failed: " + result.failure());
        result.outputs().values().forEach(EVERYTHING_OUT::addAll);
        BULLETINS.addAll(flow.bulletins());
        return result;
    }

    private static byte[] sample(final String name) throws IOException {
        return Files.readAllBytes(SAMPLES.resolve(name));
    }

    /** The records of every flowfile that left through a port (JSON arrays written by the flow's JSON writer). */
    private static List<JsonNode> records(final FlowResult result, final String port) {
        final List<JsonNode> records = new ArrayList<>();
        for (final FlowOutput output : result.at(port)) {
            assertEquals("application/json", output.attribute("mime.type"), port);
            try {
                final JsonNode json = MAPPER.readTree(output.content());
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

    private List<String> stored(final Stream<JsonNode> objects, final String name) {
        return objects.map(object -> object.path(name).asText()).sorted().toList();
    }

    @Test
    void invoiceIntakeCreatesOneInvoicePerRecordFromCsvAndJson() throws Exception {
        try (StatelessFlow flow = load(TemplateScenario.INVOICE_INTAKE)) {
            assertEquals(Set.of("CSV invoices", "JSON invoices"), flow.inputPorts());
            final FlowResult result = run(flow);

            final List<JsonNode> created = records(result, "created");
            assertEquals(List.of("INV-1001", "INV-1002", "INV-1004", "INV-2001", "INV-2002"), field(created, "invoice_number"));
            assertTrue(created.stream().allMatch(record -> record.path("ottimate_id").asText().length() > 10), "each created record carries its id");
            final List<JsonNode> refused = records(result, "failure");
            assertEquals(List.of("INV-1003"), field(refused, "invoice_number"));
            assertEquals("validation_error", refused.getFirst().path("ottimate_error_code").asText());

            assertEquals(List.of("INV-1001", "INV-1002", "INV-1004", "INV-2001", "INV-2002"),
                    stored(emulator.store().invoices().all().stream().map(JsonNode.class::cast), "invoice_number"));
            assertEquals(6, emulator.journal().matching("POST", "/invoices").size(), "one create per record, the refused one included");
            assertEquals(1, emulator.journal().tokenRequests(), "one token for the whole flow");
        }
    }

    @Test
    void invoiceExportMarksOnlyWhatWasDeliveredAndListsIncrementally() throws Exception {
        try (StatelessFlow flow = load(TemplateScenario.INVOICE_EXPORT)) {
            final String first = seeded.get("EXP-1");
            final String second = seeded.get("EXP-2");
            final String notReady = seeded.get("EXP-3");
            final FlowResult listed = run(flow);
            final List<FlowOutput> toExport = listed.at("invoices to export");
            assertEquals(1, toExport.size(), "one record set per run");
            assertEquals(List.of(first, second).stream().sorted().toList(), field(records(listed, "invoices to export"), "id"));
            assertEquals("2", toExport.getFirst().attribute("record.count"));
            assertEquals(List.of(), listed.at("marked exported"));
            assertEquals("ready-for-export", emulator.store().invoices().get(first).orElseThrow().path("status").asText(),
                    "nothing is marked before it was delivered");

            // the ERP took them: the records come back through 'delivered invoices'
            flow.enqueue("delivered invoices", toExport.getFirst().content(), Map.of("filename", "delivered.json"));
            final FlowResult marked = run(flow);
            assertEquals(List.of(), marked.at("invoices to export"), "the listing is incremental: nothing new");
            assertEquals(1, marked.at("marked exported").size());
            assertEquals("2", marked.at("marked exported").getFirst().attribute("ottimate.updated.count"));
            assertEquals("exported", emulator.store().invoices().get(first).orElseThrow().path("status").asText());
            assertEquals("exported", emulator.store().invoices().get(second).orElseThrow().path("status").asText());
            assertEquals("needs-attention", emulator.store().invoices().get(notReady).orElseThrow().path("status").asText());
            assertEquals(1, emulator.journal().matching("POST", "/invoices/mark-exported").size(), "both ids in one call");
        }
    }

    @Test
    void masterDataSyncUpsertsVendorsAndDimensionsInBulk() throws Exception {
        try (StatelessFlow flow = load(TemplateScenario.MASTER_DATA_SYNC)) {
            final FlowResult result = run(flow);

            final List<JsonNode> synced = records(result, "synced");
            assertEquals(List.of("V-100", "V-101", "V-102"), field(synced.stream().filter(r -> r.has("erp_vendor_id")).toList(), "erp_vendor_id"));
            assertEquals(List.of("Front of House", "Kitchen"), field(synced.stream().filter(r -> r.has("erp_dimension_id")).toList(), "name"));
            assertEquals(List.of("Not a dimension type"), field(records(result, "failure"), "name"));
            assertEquals(List.of("Dairy Direct", "Fresh Farms Produce", "Kitchen Equipment Co"),
                    stored(emulator.store().vendors().all().stream().map(JsonNode.class::cast), "erp_vendor_name"));
            assertEquals(2, emulator.store().dimensions().size());
            assertEquals(1, emulator.journal().matching("POST", "/vendors/bulk").size(), "3 vendors in one bulk call");
            assertEquals(1, emulator.journal().matching("POST", "/dimensions/bulk").size(), "3 dimensions in one bulk call");
        }
    }

    @Test
    void catalogPriceBookIsUpsertedInOneBatchAndFollowedToItsResults() throws Exception {
        try (StatelessFlow flow = load(TemplateScenario.CATALOG_PRICE_BOOK)) {
            final FlowResult result = run(flow);

            assertEquals(List.of("BTR-UNS", "MLK-WHL", "ONI-YEL", "TOM-ROMA"), field(records(result, "upserted"), "sku"));
            assertEquals(List.of("OIL-FRY"), field(records(result, "failure"), "sku"));
            assertEquals(List.of("18.20", "21.75", "32.50", "96.00"), stored(emulator.catalogEntries().all().stream().map(JsonNode.class::cast), "price"),
                    "prices arrive as the decimal strings of the price book");
            assertEquals(1, emulator.journal().matching("POST", "/catalog/entries/bulk").size(), "ceil(5 / 1000) bulk calls");
            assertTrue(emulator.journal().summary().matches(".*GET /batch/\\{id}/progress x[1-9].*GET /batch/\\{id}/results x1.*"),
                    () -> "the 202 batch was followed through the 'pending' loop to its results: " + emulator.journal().summary());
        }
    }

    @Test
    void invoiceDocumentIsUploadedAndFollowedUntilExtracted() throws Exception {
        try (StatelessFlow flow = load(TemplateScenario.INVOICE_DOCUMENT_INTAKE)) {
            final FlowResult result = run(flow);

            final List<FlowOutput> extracted = result.at("extracted documents");
            assertEquals(1, extracted.size(), () -> "outputs: " + result.outputs());
            assertEquals("extracted", extracted.getFirst().attribute("ottimate.upload.status"));
            assertEquals(1, emulator.journal().matching("POST", "/invoices/upload").size(), "uploaded once");
            assertEquals(1, emulator.journal().matching("GET", "/invoices/uploads").size(), "then looked up once, after one pass through 'extracting'");
            assertEquals(sample("invoice-sample.pdf").length, extracted.getFirst().content().length, "the document itself comes out");
            final JsonNode invoice = emulator.store().invoices().all().getFirst();
            // sent under a name tagged from the flowfile's key (Unique File Name), so a lost answer can be proven
            assertTrue(invoice.path("notes").asText().matches("Extracted from invoice-sample-nf[0-9a-f]{12}\\.pdf"), invoice.path("notes").asText());
            assertEquals(10, invoice.path("ottimate_location_id").asInt());
        }
    }

    @Test
    void approvalRuleApprovesSmallInvoicesAndFlagsLargeOnes() throws Exception {
        try (StatelessFlow flow = load(TemplateScenario.APPROVAL_RULES)) {
            final String small = seeded.get("APR-SMALL");
            final String large = seeded.get("APR-LARGE");
            final FlowResult result = run(flow);

            assertEquals(List.of(small), result.at("approved").stream().map(out -> out.attribute("ottimate.invoice.id")).toList());
            assertEquals(List.of(large), result.at("flagged for review").stream().map(out -> out.attribute("ottimate.invoice.id")).toList());
            assertEquals(List.of(), result.at("failure"));
            assertEquals("ready-for-export", emulator.store().invoices().get(small).orElseThrow().path("status").asText());
            final JsonNode flagged = emulator.store().invoices().get(large).orElseThrow();
            assertEquals("incomplete", flagged.path("status").asText());
            assertTrue(flagged.toString().contains("Total 2400.00 is over the auto-approve limit of 500"), flagged::toString);
            assertEquals("needs-attention", emulator.store().invoices().get(seeded.get("APR-NOT-QUEUED")).orElseThrow().path("status").asText());
        }
    }

    @Test
    void vendorEnrichmentFillsVendorNamesFromOneListingAndHoldsBackUnknownVendors() throws Exception {
        try (StatelessFlow flow = load(TemplateScenario.VENDOR_ENRICHMENT)) {
            final FlowResult result = run(flow);

            final List<JsonNode> created = records(result, "created");
            assertEquals(List.of("ERP-5001", "ERP-5002", "ERP-5004"), field(created, "invoice_number"));
            assertEquals(List.of("V-999"), field(records(result, "unknown vendors"), "erp_vendor_id"));
            assertEquals(List.of(), result.at("failure"));
            final Map<String, String> names = new TreeMap<>();
            emulator.store().invoices().all().forEach(invoice -> names.put(invoice.path("invoice_number").asText(),
                    invoice.path("ottimate_vendor_name").asText()));
            assertEquals(Map.of("ERP-5001", "Fresh Farms Produce", "ERP-5002", "Dairy Direct", "ERP-5004", "Fresh Farms Produce"), names,
                    "each invoice carries the vendor's name as Ottimate has it");
            assertEquals(1, emulator.journal().matching("GET", "/vendors").size(), "one listing for every record");
            assertEquals(3, emulator.journal().matching("POST", "/invoices").size(), "no create spent on the unknown vendor");
        }
    }

    @Test
    void purchaseOrdersAndReceiptsAreUpsertedByExternalIdAndEachReceiptNamesItsOwnOrder() throws Exception {
        try (StatelessFlow flow = load(TemplateScenario.PURCHASE_ORDERS_AND_RECEIPTS)) {
            final FlowResult result = run(flow);
            assertEquals(List.of("ERP-PO-4711", "ERP-PO-4711", "ERP-PO-4712", "ERP-PO-4713"), field(records(result, "orders upserted"), "external_id"));
            assertEquals(List.of("ERP-PO-4714"), field(records(result, "order failures"), "external_id"), "no po_number");
            assertEquals(List.of("ERP-GR-9001", "ERP-GR-9001", "ERP-GR-9002"), field(records(result, "receipts upserted"), "external_id"));
            assertEquals(List.of("ERP-GR-9003"), field(records(result, "receipts of unknown orders"), "external_id"));
            assertEquals(List.of(), result.at("receipt failures"));
            final Map<String, ObjectNode> orders = new TreeMap<>();
            emulator.store().purchaseOrders().all().forEach(po -> orders.put(po.path("external_id").asText(), po));
            assertEquals(Set.of("ERP-PO-4711", "ERP-PO-4712", "ERP-PO-4713"), orders.keySet(), "one order per external_id, PO-100 twice");
            assertEquals(2, orders.get("ERP-PO-4711").path("items").size(), "updated with the extract's two lines");
            assertEquals("300.00", orders.get("ERP-PO-4711").path("total_amount").decimalValue().setScale(2).toPlainString());
            emulator.store().receipts().all().forEach(receipt -> assertEquals(orders.get(receipt.path("po_external_id").asText()).path("id").asText(),
                    receipt.path("ottimate_po_id").asText(), "each receipt names its own order's id"));
            assertEquals(2, emulator.store().receipts().size());
            assertEquals(1, emulator.journal().matching("POST", "/purchase-orders/bulk").size());
            assertEquals(1, emulator.journal().matching("POST", "/receipts/bulk").size());
        }
    }

    @AfterAll
    static void everyTemplateRanAndNoSecretLeft() throws IOException {
        try (Stream<Path> files = Files.list(TEMPLATES)) {
            // the database templates run in a full NiFi against PostgreSQL (NiFiIT), where their tables are compared row for row
            final Set<String> database = Stream.of(TemplateScenario.values()).filter(TemplateScenario::database).map(TemplateScenario::template)
                    .collect(Collectors.toSet());
            assertEquals(files.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".json")).filter(name -> !database.contains(name))
                    .collect(Collectors.toCollection(TreeSet::new)), TEMPLATES_RUN, "every template in templates/ without a database is run here");
        }
        final EmulatorSettings settings = EmulatorSettings.defaults();
        final List<String> secrets = List.of(settings.clientSecret(), settings.apiKey(), "ott_at_" /* the shape of every issued token */);
        final String log = Files.readString(Path.of(System.getProperty("org.slf4j.simpleLogger.logFile")));
        assertTrue(log.contains("PutOttimateInvoice"), "the engine's log is captured");
        assertTrue(BULLETINS.stream().anyMatch(bulletin -> bulletin.contains("validation_error")), () -> "refused records raise bulletins: " + BULLETINS);
        for (final String secret : secrets) {
            assertTrue(!log.contains(secret), "the engine log contains " + secret);
            for (final String bulletin : BULLETINS) {
                assertTrue(!bulletin.contains(secret), "a bulletin contains " + secret);
            }
            for (final FlowOutput output : EVERYTHING_OUT) {
                assertTrue(!output.attributes().toString().contains(secret) && !output.text().contains(secret), "an output contains " + secret);
            }
        }
    }
}
