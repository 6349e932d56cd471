/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.reliability;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.ottimate.emulator.EmulatorProfile;
import com.ottimate.emulator.EmulatorSettings;
import com.ottimate.emulator.Fault;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.CountingRecordSetWriterFactory;
import com.ottimate.nifi.processors.EmulatedConnection;
import com.ottimate.nifi.processors.EmulatorTransport;
import com.ottimate.nifi.processors.RegisteredProcessors;
import com.ottimate.nifi.processors.SecretWatch;
import com.ottimate.nifi.processors.catalog.CatalogObject;
import com.ottimate.nifi.processors.catalog.PutOttimateCatalog;
import com.ottimate.nifi.processors.generic.InvokeOttimateAPI;
import com.ottimate.nifi.processors.invoices.ApproveOttimateInvoice;
import com.ottimate.nifi.processors.invoices.InputStrategy;
import com.ottimate.nifi.processors.invoices.MarkOttimateInvoicesExported;
import com.ottimate.nifi.processors.invoices.PutOttimateInvoice;
import com.ottimate.nifi.processors.invoices.UploadOttimateInvoiceFile;
import com.ottimate.nifi.processors.masterdata.AbstractPutOttimateMasterData;
import com.ottimate.nifi.processors.masterdata.PutOttimateDimension;
import com.ottimate.nifi.processors.masterdata.PutOttimateVendor;
import com.ottimate.nifi.processors.procurement.AbstractPutOttimateProcurement;
import com.ottimate.nifi.processors.procurement.LineLayout;
import com.ottimate.nifi.processors.procurement.PutOttimatePurchaseOrder;
import com.ottimate.nifi.processors.procurement.PutOttimateReceipt;
import com.ottimate.nifi.services.StandardOttimateConnectionService;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.csv.CSVReader;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.processor.Processor;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every writing processor against every fault, 1,000 objects each, faults drawn at random from a fixed seed: every
 * input ends on exactly one relationship, and once 'retry' (and the async loop-backs) are fed back, the emulator
 * holds each intended object exactly once; and no secret or token shows in any log line, attribute or provenance
 * event on the way. Writes target/reliability-matrix.md.
 */
class FaultMatrixTest {
    private static final int OBJECTS = 1_000;
    private static final Map<String, Fault> FAULTS = new LinkedHashMap<>();
    private static final List<String> REPORT = new ArrayList<>();

    static {
        FAULTS.put("429 + Retry-After", Fault.tooManyRequests(Duration.ofSeconds(1)));
        FAULTS.put("500/502/503/504", null);
        FAULTS.put("read timeout", Fault.delay(Duration.ofMillis(1500)));
        FAULTS.put("connection reset mid-response", Fault.truncate());
        FAULTS.put("token expired (401)", null);
        FAULTS.put("malformed JSON in a 2xx", Fault.malformedJson());
        FAULTS.put("emulator restart", null);
    }

    /** One writing processor: how to set it up, what to feed it, how to count what the emulator stored. */
    private record Scenario(String name, Supplier<Processor> processor, Setup setup, Feed feed, ToIntFunction<OttimateEmulator> stored,
                            List<Relationship> loopBack, boolean records, int recordsPerObject) {
        Scenario(final String name, final Supplier<Processor> processor, final Setup setup, final Feed feed,
                 final ToIntFunction<OttimateEmulator> stored, final List<Relationship> loopBack, final boolean records) {
            this(name, processor, setup, feed, stored, loopBack, records, 1);
        }
    }

    @FunctionalInterface
    private interface Setup {
        void configure(TestRunner runner, OttimateEmulator emulator) throws Exception;
    }

    @FunctionalInterface
    private interface Feed {
        /** Enqueues the work; answers how many inputs (flowfiles) it enqueued. */
        int enqueue(TestRunner runner, OttimateEmulator emulator);
    }

    private static final List<Relationship> RETRY = List.of(AbstractOttimateProcessor.REL_RETRY);
    /** Bulk calls the API may answer with a batch to follow (ASYNC_MASTER_DATA_BULK). */
    private static final List<Relationship> RETRY_OR_PENDING = List.of(AbstractOttimateProcessor.REL_RETRY, AbstractOttimateProcessor.REL_PENDING);

    private static List<Scenario> scenarios() {
        return List.of(
                new Scenario("PutOttimateInvoice (JSON)", PutOttimateInvoice::new, (r, e) -> { }, (r, e) -> {
                    IntStream.range(0, OBJECTS).forEach(i -> r.enqueue(invoice(i)));
                    return OBJECTS;
                }, e -> e.store().invoices().size(), RETRY, false),
                new Scenario("PutOttimateInvoice (records)", PutOttimateInvoice::new, (r, e) -> {
                    r.setProperty(PutOttimateInvoice.INPUT_STRATEGY, InputStrategy.RECORDS.getValue());
                    jsonRecords(r, PutOttimateInvoice.RECORD_READER, PutOttimateInvoice.RECORD_WRITER);
                }, (r, e) -> {
                    for (int f = 0; f < 10; f++) {
                        final int from = f * 100;
                        r.enqueue(IntStream.range(from, from + 100).mapToObj(FaultMatrixTest::invoice).collect(Collectors.joining(",", "[", "]")));
                    }
                    return 10;
                }, e -> e.store().invoices().size(), RETRY, true),
                new Scenario("PutOttimateInvoice (update, new lines)", PutOttimateInvoice::new, (r, e) -> {
                    r.setProperty(PutOttimateInvoice.SINGLE_INVOICE_ID, "${ottimate.invoice.id}");
                }, (r, e) -> {
                    IntStream.range(0, OBJECTS).forEach(i -> r.enqueue("{\"items\": [{\"name\": \"Freight\", \"quantity\": 1, \"price\": 2.50}]}",
                            Map.of("ottimate.invoice.id", e.seedInvoice(10, "U-" + i))));
                    return OBJECTS;
                    // each invoice holds exactly the one line sent: none lost, none added twice
                }, e -> (int) e.store().invoices().all().stream().filter(i -> i.path("items").size() == 1).count(), RETRY, false),
                new Scenario("ApproveOttimateInvoice", ApproveOttimateInvoice::new, (r, e) -> { }, (r, e) -> {
                    IntStream.range(0, OBJECTS).forEach(i -> r.enqueue("", Map.of("ottimate.invoice.id", e.seedInvoice(10, "A-" + i))));
                    return OBJECTS;
                }, e -> (int) e.store().invoices().all().stream().filter(i -> "ready-for-export".equals(i.path("status").asText())).count(), RETRY, false),
                new Scenario("MarkOttimateInvoicesExported", MarkOttimateInvoicesExported::new, (r, e) -> { }, (r, e) -> {
                    for (int f = 0; f < 10; f++) {
                        final int batch = f;
                        r.enqueue("", Map.of("ottimate.invoice.id", IntStream.range(0, 100).mapToObj(i -> e.seedInvoice(10, "M-" + batch + "-" + i))
                                .collect(Collectors.joining(","))));
                    }
                    return 10;
                }, e -> (int) e.store().invoices().all().stream().filter(i -> i.path("history").size() == 1).count(), RETRY, false),
                new Scenario("UploadOttimateInvoiceFile", UploadOttimateInvoiceFile::new, (r, e) -> {
                    r.setProperty(UploadOttimateInvoiceFile.LOCATION_ID, "10");
                    r.setProperty(UploadOttimateInvoiceFile.WAIT_FOR_EXTRACTION, "false");
                    e.setPollsToExtract(Integer.MAX_VALUE);
                }, (r, e) -> {
                    IntStream.range(0, OBJECTS).forEach(i -> r.enqueue("%PDF-1.7 " + i, Map.of("filename", "scan-" + i + ".pdf")));
                    return OBJECTS;
                }, e -> e.uploads().size(), RETRY, false),
                new Scenario("PutOttimateVendor", PutOttimateVendor::new, (r, e) -> {
                    jsonRecords(r, AbstractPutOttimateMasterData.RECORD_READER, AbstractPutOttimateMasterData.RECORD_WRITER);
                    r.setProperty(AbstractPutOttimateMasterData.COMPANY_ID, "1");
                }, (r, e) -> {
                    r.enqueue(IntStream.range(0, OBJECTS).mapToObj(i -> "{\"erp_vendor_id\": \"V-" + i + "\", \"erp_vendor_name\": \"Vendor " + i + "\"}")
                            .collect(Collectors.joining(",", "[", "]")));
                    return 1;
                }, e -> e.store().vendors().size(), RETRY_OR_PENDING, true),
                new Scenario("PutOttimateDimension", PutOttimateDimension::new, (r, e) -> {
                    jsonRecords(r, AbstractPutOttimateMasterData.RECORD_READER, AbstractPutOttimateMasterData.RECORD_WRITER);
                    r.setProperty(AbstractPutOttimateMasterData.COMPANY_ID, "1");
                }, (r, e) -> {
                    r.enqueue(IntStream.range(0, OBJECTS).mapToObj(i -> "{\"erp_type\": \"CLASS\", \"ottimate_type\": \"class\", \"name\": \"D" + i
                            + "\", \"code\": \"C" + i + "\", \"reference_id\": \"r" + i + "\", \"erp_dimension_id\": \"" + i + "\"}")
                            .collect(Collectors.joining(",", "[", "]")));
                    return 1;
                }, e -> e.store().dimensions().size(), RETRY_OR_PENDING, true),
                new Scenario("PutOttimateCatalog", PutOttimateCatalog::new, (r, e) -> {
                    jsonRecords(r, PutOttimateCatalog.RECORD_READER, PutOttimateCatalog.RECORD_WRITER);
                    r.setProperty(PutOttimateCatalog.COMPANY_ID, "1");
                    r.setProperty(PutOttimateCatalog.BATCH_SIZE, "100");
                }, (r, e) -> {
                    r.enqueue(IntStream.range(0, OBJECTS).mapToObj(i -> "{\"erp_vendor_id\": \"V-7\", \"item_name\": \"Item " + i
                            + "\", \"price\": 12.5, \"catalog_unique_key\": \"k" + i + "\"}").collect(Collectors.joining(",", "[", "]")));
                    return 1;
                }, e -> e.catalogEntries().size(), List.of(AbstractOttimateProcessor.REL_RETRY, PutOttimateCatalog.REL_PENDING), true),
                new Scenario("PutOttimateCatalog (prices, one by one)", PutOttimateCatalog::new, (r, e) -> {
                    jsonRecords(r, PutOttimateCatalog.RECORD_READER, PutOttimateCatalog.RECORD_WRITER);
                    r.setProperty(PutOttimateCatalog.COMPANY_ID, "1");
                    r.setProperty(PutOttimateCatalog.CATALOG_OBJECT, CatalogObject.PRICES.getValue());
                    r.setProperty(PutOttimateCatalog.OPERATION, PutOttimateCatalog.Operation.CREATE.getValue());
                    for (int entry = 0; entry < 10; entry++) {
                        e.catalogEntries().put("cte_fm" + entry, JsonNodeFactory.instance.objectNode().put("id", "cte_fm" + entry)
                                .put("ottimate_company_id", 1).put("erp_vendor_id", "V-7").put("item_name", "Item " + entry));
                    }
                }, (r, e) -> {
                    // create-only and keyless: each price is told apart by its entry and start date alone
                    r.enqueue(IntStream.range(0, OBJECTS).mapToObj(i -> "{\"catalog_entry_id\": \"cte_fm" + (i / 100) + "\", \"price\": \"9.90\", "
                            + "\"price_type\": \"company\", \"start_date\": \"" + LocalDate.parse("2026-01-01").plusDays(i % 100) + "\"}")
                            .collect(Collectors.joining(",", "[", "]")));
                    return 1;
                }, e -> e.catalogPrices().size(), RETRY, true),
                new Scenario("InvokeOttimateAPI (purchase orders)", InvokeOttimateAPI::new, (r, e) -> {
                    r.setProperty(InvokeOttimateAPI.METHOD, "POST");
                    r.setProperty(InvokeOttimateAPI.PATH, "purchase-orders");
                    // for servers that ignore Idempotency-Key: how to find a PO an unanswered attempt created
                    r.setProperty(InvokeOttimateAPI.DUPLICATE_CHECK, "purchase-orders?external_id=${po.external.id}");
                }, (r, e) -> {
                    IntStream.range(0, OBJECTS).forEach(i -> r.enqueue("{\"ottimate_location_id\": 10, \"po_number\": \"PO-" + i + "\", \"erp_vendor_id\": \"V-7\", "
                            + "\"external_id\": \"erp-PO-" + i + "\", \"date\": \"2026-11-02\", \"total_amount\": 5, "
                            + "\"items\": [{\"name\": \"Flour\", \"quantity\": 1, \"price\": 5}]}", Map.of("po.external.id", "erp-PO-" + i)));
                    return OBJECTS;
                }, e -> e.store().purchaseOrders().size(), RETRY, false),
                new Scenario("PutOttimatePurchaseOrder (nested lines)", PutOttimatePurchaseOrder::new, (r, e) -> {
                    jsonRecords(r, AbstractPutOttimateMasterData.RECORD_READER, AbstractPutOttimateMasterData.RECORD_WRITER);
                    r.setProperty(AbstractPutOttimateMasterData.COMPANY_ID, "1");
                    r.setProperty(AbstractPutOttimateProcurement.LOCATION_ID, "10");
                }, (r, e) -> {
                    // PO numbers repeat across vendors, as they do in ERPs; external_id tells the orders apart
                    r.enqueue(IntStream.range(0, OBJECTS).mapToObj(i -> "{\"external_id\": \"erp-PO-" + i + "\", \"po_number\": \"PO-" + (i / 4)
                            + "\", \"erp_vendor_id\": \"V-" + (i % 4) + "\", \"date\": \"2026-11-02\", \"total_amount\": 7.50, \"items\": "
                            + "[{\"name\": \"Flour\", \"quantity\": 1, \"price\": 5}, {\"name\": \"Salt\", \"quantity\": 1, \"price\": 2.50}]}")
                            .collect(Collectors.joining(",", "[", "]")));
                    return 1;
                }, e -> (int) e.store().purchaseOrders().all().stream().filter(po -> po.path("items").size() == 2).count(), RETRY_OR_PENDING, true),
                new Scenario("PutOttimateReceipt (a CSV row per line)", PutOttimateReceipt::new, (r, e) -> {
                    csvRecords(r);
                    r.setProperty(AbstractPutOttimateMasterData.COMPANY_ID, "1");
                    r.setProperty(AbstractPutOttimateProcurement.LINE_LAYOUT, LineLayout.ROW_PER_LINE.getValue());
                }, (r, e) -> {
                    final StringBuilder csv = new StringBuilder("external_id,receipt_number,po_external_id,erp_vendor_id,ottimate_location_id,date,"
                            + "total_amount,item_po_external_item_id,item_quantity\n");
                    for (int i = 0; i < OBJECTS; i++) {
                        for (int line = 1; line <= 3; line++) {
                            csv.append("GR-").append(i).append(",RCV-").append(i % 5).append(",erp-PO-").append(i).append(",V-").append(i % 4)
                                    .append(",10,2026-11-03,3.00,L-").append(line).append(",1\n");
                        }
                    }
                    r.enqueue(csv.toString());
                    return 1;
                }, e -> (int) e.store().receipts().all().stream().filter(receipt -> receipt.path("items").size() == 3).count(), RETRY_OR_PENDING, true, 3));
    }

    private static void csvRecords(final TestRunner runner) throws Exception {
        final CSVReader csv = new CSVReader();
        runner.addControllerService("reader", csv);
        runner.setProperty(csv, "schema-access-strategy", "csv-header-derived");
        runner.enableControllerService(csv);
        final CountingRecordSetWriterFactory counting = new CountingRecordSetWriterFactory();
        runner.addControllerService("writer", counting);
        runner.enableControllerService(counting);
        runner.setProperty(AbstractPutOttimateMasterData.RECORD_READER, "reader");
        runner.setProperty(AbstractPutOttimateMasterData.RECORD_WRITER, "writer");
    }

    private static String invoice(final int i) {
        return "{\"ottimate_location_id\": 10, \"invoice_number\": \"F-" + i + "\", \"total_amount\": " + i + "}";
    }

    private static void jsonRecords(final TestRunner runner, final PropertyDescriptor reader,
                                    final PropertyDescriptor writer) throws Exception {
        final JsonTreeReader json = new JsonTreeReader();
        runner.addControllerService("reader", json);
        runner.enableControllerService(json);
        final CountingRecordSetWriterFactory counting = new CountingRecordSetWriterFactory();
        runner.addControllerService("writer", counting);
        runner.enableControllerService(counting);
        runner.setProperty(reader, "reader");
        runner.setProperty(writer, "writer");
    }

    @Test
    void everyRegisteredWriterHasAScenario() {
        final Set<String> covered = scenarios().stream().map(s -> s.processor().get().getClass().getSimpleName()).collect(Collectors.toSet());
        assertEquals(Set.copyOf(RegisteredProcessors.writers()), covered, "every writing processor meets every fault");
    }

    @Test
    void everyWritingProcessorSurvivesEveryFaultWithoutLossOrDuplicatesOrLeaks() throws Exception {
        final List<String> problems = new ArrayList<>();
        long seed = 20261126L;
        final EmulatorSettings credentials = EmulatorSettings.defaults();
        try (SecretWatch watch = new SecretWatch(List.of(credentials.clientSecret(), credentials.apiKey()))) {
            for (final Scenario scenario : scenarios()) {
                for (final Map.Entry<String, Fault> fault : FAULTS.entrySet()) {
                    final String cell = scenario.name() + " × " + fault.getKey();
                    try {
                        problems.addAll(run(scenario, fault.getKey(), fault.getValue(), seed++, cell, watch));
                    } catch (final Exception | AssertionError e) {
                        problems.add(cell + ": " + e);
                    }
                }
            }
            // every logger at TRACE, every attribute and provenance event of every processor, under every fault
            assertTrue(watch.lines() > 10_000, "log lines were watched: " + watch.lines());
            problems.addAll(watch.leaks());
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private List<String> run(final Scenario scenario, final String faultName, final Fault fault, final long seed, final String cell,
                             final SecretWatch watch) throws Exception {
        return run(scenario, Set.of(), faultName, fault, seed, cell, watch, REPORT);
    }

    private List<String> run(final Scenario scenario, final Set<EmulatorProfile> profiles, final String faultName, final Fault fault, final long seed,
                             final String cell, final SecretWatch watch, final List<String> report) throws Exception {
        try (OttimateEmulator emulator = OttimateEmulator.start(profiles)) {
            emulator.journal().setRecordBodies(false);
            final EmulatedConnection connection = EmulatedConnection.of(scenario.processor().get(), emulator);
            final TestRunner runner = connection.runner();
            EmulatorTransport.configure(runner, connection.service(), emulator);
            runner.setProperty(connection.service(), StandardOttimateConnectionService.REQUEST_TIMEOUT, "1 sec");
            runner.setProperty(connection.service(), StandardOttimateConnectionService.RATE_LIMIT, "1000");
            runner.setProperty(connection.service(), StandardOttimateConnectionService.RATE_LIMIT_BURST, "2000");
            runner.setProperty(connection.service(), StandardOttimateConnectionService.DAILY_QUOTA, "0");
            // the emulator's slowest answer (the read time-out fault) comes after 1.5 s
            runner.setProperty(connection.service(), StandardOttimateConnectionService.UNANSWERED_SETTLE, "2 sec");
            connection.enable();
            scenario.setup().configure(runner, emulator);
            final double probability = faultName.equals("read timeout") ? 0.005 : 0.08;
            switch (faultName) {
                case MIXED -> emulator.faults().random(seed, 0.04, List.of(Fault.tooManyRequests(Duration.ofSeconds(1)), Fault.status(500),
                        Fault.status(503), Fault.truncate(), Fault.malformedJson(), Fault.action(emulator::expireTokens)));
                case "500/502/503/504" -> emulator.faults().random(seed, probability,
                        List.of(Fault.status(500), Fault.status(502), Fault.status(503), Fault.status(504)));
                case "token expired (401)" -> emulator.faults().random(seed, probability, List.of(Fault.action(emulator::expireTokens)));
                case "emulator restart" -> { }
                default -> emulator.faults().random(seed, probability, List.of(fault));
            }
            final int inputs = scenario.feed().enqueue(runner, emulator);
            final Map<Relationship, Integer> ended = new HashMap<>();
            int recordsSucceeded = 0;
            int round = 0;
            int toRun = inputs;
            while (toRun > 0 && round < 60) {
                if (faultName.equals("emulator restart") && round == 0) {
                    runner.run(Math.max(1, toRun / 2));
                    emulator.restart();
                    runner.run(toRun - Math.max(1, toRun / 2));
                } else {
                    runner.run(toRun);
                }
                final List<MockFlowFile> again = new ArrayList<>();
                runner.getProvenanceEvents().forEach(event -> watch.check(event.getTransitUri() + " " + event.getDetails() + " " + event.getAttributes(),
                        cell + " provenance"));
                runner.clearProvenanceEvents();
                for (final Relationship relationship : runner.getProcessor().getRelationships()) {
                    final List<MockFlowFile> out = runner.getFlowFilesForRelationship(relationship);
                    out.forEach(flowFile -> watch.check(flowFile.getAttributes().toString(), cell + " attributes"));
                    if (scenario.records() && relationship.equals(AbstractOttimateProcessor.REL_SUCCESS)) {
                        recordsSucceeded += out.stream().mapToInt(f -> Integer.parseInt(f.getAttribute("record.count"))).sum();
                    }
                    if (scenario.loopBack().contains(relationship)) {
                        again.addAll(out);
                    } else if (!scenario.records() || relationship.getName().equals("original") || relationship.getName().equals("failure")) {
                        ended.merge(relationship, out.size(), Integer::sum);
                    }
                }
                runner.clearTransferState();
                if (again.stream().anyMatch(MockFlowFile::isPenalized)) {
                    Thread.sleep(200); // a flow would wait out the penalty before the flowfile comes back
                }
                again.forEach(runner::enqueue);
                toRun = again.size();
                round++;
            }
            emulator.faults().clear();
            final List<String> problems = new ArrayList<>();
            final int stored = scenario.stored().applyAsInt(emulator);
            final int endedTotal = ended.values().stream().mapToInt(Integer::intValue).sum();
            final int failed = ended.getOrDefault(AbstractOttimateProcessor.REL_FAILURE, 0);
            if (toRun > 0) {
                problems.add(cell + ": " + toRun + " flowfiles still looping after " + round + " rounds");
            }
            if (!scenario.records() && endedTotal != inputs) {
                problems.add(cell + ": " + inputs + " flowfiles in, " + endedTotal + " out " + ended);
            }
            if (failed > 0) {
                problems.add(cell + ": " + failed + " flowfiles on failure: a transient fault must not end there");
            }
            if (scenario.records() && recordsSucceeded != OBJECTS * scenario.recordsPerObject()) {
                problems.add(cell + ": " + OBJECTS * scenario.recordsPerObject() + " records in, " + recordsSucceeded + " in success record sets");
            }
            if (stored != OBJECTS) {
                problems.add(cell + ": the emulator holds " + stored + " of " + OBJECTS + " objects" + unexpected(emulator));
            }
            synchronized (report) {
                report.add(String.format("| %s | %s | %d | %d | %d | %d |", scenario.name(), profiles.isEmpty() ? faultName
                                : profiles.iterator().next().option(), inputs,
                        scenario.records() ? ended.getOrDefault(runner.getProcessor().getRelationships().stream()
                                .filter(r -> r.getName().equals("original")).findFirst().orElse(AbstractOttimateProcessor.REL_SUCCESS), 0) : endedTotal,
                        Math.max(0, stored - OBJECTS), Math.max(0, OBJECTS - stored)));
            }
            return problems;
        }
    }

    /** For a cell that went wrong: the requests about the first invoice that does not hold exactly one line. */
    private static String unexpected(final OttimateEmulator emulator) {
        return emulator.store().invoices().all().stream().filter(i -> i.has("items") && i.path("items").size() != 1).findFirst()
                .map(invoice -> "; e.g. invoice " + invoice.get("id").asText() + " with " + invoice.path("items").size() + " lines after "
                        + emulator.journal().filter(r -> r.rawPath().contains(invoice.get("id").asText())).stream()
                        .map(r -> r.method() + " " + r.apiPath()).toList())
                .orElse("");
    }

    /** A mix of every transient fault, drawn at random, for the profile matrix. */
    private static final String MIXED = "mixed faults";
    private static final List<String> PROFILE_REPORT = new ArrayList<>();

    /**
     * Every writing processor against an API that behaves less kindly than documented, one profile at a time, with a
     * seeded mix of transient faults on top: still every input on exactly one relationship, nothing on failure, and
     * every object stored exactly once, also where the server ignores Idempotency-Key or repeats PATCH lines.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(EmulatorProfile.class)
    void everyWritingProcessorHoldsItsPromisesUnder(final EmulatorProfile profile) throws Exception {
        final List<String> problems = new ArrayList<>();
        long seed = 20261201L + profile.ordinal() * 100L;
        final EmulatorSettings credentials = EmulatorSettings.defaults();
        try (SecretWatch watch = new SecretWatch(List.of(credentials.clientSecret(), credentials.apiKey(), "proxy-password-do-not-log"))) {
            for (final Scenario scenario : scenarios()) {
                final String cell = scenario.name() + " × " + profile.option();
                try {
                    problems.addAll(run(scenario, Set.of(profile), MIXED, null, seed++, cell, watch, PROFILE_REPORT));
                } catch (final Exception | AssertionError e) {
                    problems.add(cell + ": " + e);
                }
            }
            problems.addAll(watch.leaks());
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @AfterAll
    static void writeReport() throws IOException {
        final String header = "| Processor | %s | Inputs (flowfiles) | Outputs (flowfiles) | Duplicates | Losses |\n|---|---|---|---|---|---|\n";
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/reliability-matrix.md"), header.formatted("Fault") + String.join("\n", REPORT) + "\n", StandardCharsets.UTF_8);
        Files.writeString(Path.of("target/profile-matrix.md"), header.formatted("Profile") + String.join("\n", PROFILE_REPORT) + "\n",
                StandardCharsets.UTF_8);
    }
}
