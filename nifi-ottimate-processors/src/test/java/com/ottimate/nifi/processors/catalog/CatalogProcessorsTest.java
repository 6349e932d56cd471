/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.emulator.ApiRequest;
import com.ottimate.emulator.Fault;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.EmulatedConnection;
import com.ottimate.nifi.processors.ManualClock;
import com.ottimate.nifi.processors.PendingLoop;
import com.ottimate.nifi.processors.async.PendingWork;
import com.ottimate.nifi.processors.records.RecordOutcomes;
import com.ottimate.nifi.processors.records.RetrySet;
import org.apache.nifi.csv.CSVReader;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.processor.Processor;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PutOttimateCatalog and FetchOttimateCatalog over real HTTP against the emulator. */
class CatalogProcessorsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private OttimateEmulator emulator;

    @BeforeEach
    void setUp() throws Exception {
        emulator = OttimateEmulator.start();
    }

    @AfterEach
    void tearDown() {
        emulator.close();
    }

    static String priceBook(final int rows, final int badRow) {
        final StringBuilder csv = new StringBuilder("erp_vendor_id,item_name,sku,uom,size,price,catalog_unique_key\n");
        for (int i = 0; i < rows; i++) {
            csv.append("V-7,Item ").append(i).append(",SKU-").append(i).append(",CS,12x1L,").append(i == badRow ? "abc" : "12.50")
                    .append(",key-").append(i).append('\n');
        }
        return csv.toString();
    }

    private TestRunner bulkRunner(final Processor processor, final boolean csv) throws Exception {
        final TestRunner runner = EmulatedConnection.of(processor, emulator).enable().runner();
        final JsonRecordSetWriter writer = new JsonRecordSetWriter();
        runner.addControllerService("writer", writer);
        runner.enableControllerService(writer);
        if (csv) {
            final CSVReader reader = new CSVReader();
            runner.addControllerService("reader", reader);
            runner.enableControllerService(reader);
        } else {
            final JsonTreeReader reader = new JsonTreeReader();
            runner.addControllerService("reader", reader);
            runner.enableControllerService(reader);
        }
        runner.setProperty(PutOttimateCatalog.RECORD_READER, "reader");
        runner.setProperty(PutOttimateCatalog.RECORD_WRITER, "writer");
        runner.setProperty(PutOttimateCatalog.COMPANY_ID, "1");
        return runner;
    }

    static int drainPending(final TestRunner runner) {
        return PendingLoop.drain(runner);
    }

    private static List<JsonNode> records(final TestRunner runner, final Relationship relationship) throws Exception {
        final List<JsonNode> all = new ArrayList<>();
        for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(relationship)) {
            MAPPER.readTree(flowFile.getContent()).forEach(all::add);
        }
        return all;
    }

    @Test
    void createsPricesOfExistingEntriesInABulkBatchAndRefusesAPriceOfAnUnknownEntry() throws Exception {
        for (final String entry : List.of("cte_a", "cte_b")) {
            emulator.catalogEntries().put(entry, (ObjectNode) MAPPER.readTree("{\"id\": \"" + entry + "\", \"ottimate_company_id\": 1, "
                    + "\"erp_vendor_id\": \"V-7\", \"item_name\": \"Flour\"}"));
        }
        final TestRunner runner = bulkRunner(new PutOttimateCatalog(), false);
        runner.setProperty(PutOttimateCatalog.CATALOG_OBJECT, CatalogObject.PRICES.getValue());
        runner.enqueue("[{\"catalog_entry_id\": \"cte_a\", \"price\": \"12.50\", \"price_type\": \"location\", \"start_date\": \"2026-12-01\", "
                + "\"ottimate_location_id\": 10}, {\"catalog_entry_id\": \"cte_a\", \"price\": \"11.90\", \"price_type\": \"location\", "
                + "\"start_date\": \"2026-12-01\", \"ottimate_location_id\": 11}, {\"catalog_entry_id\": \"cte_b\", \"price\": \"3.05\", "
                + "\"price_type\": \"company\", \"start_date\": \"2026-12-15\"}, {\"catalog_entry_id\": \"cte_zz\", \"price\": \"1.00\"}]");
        runner.run();
        drainPending(runner);

        final List<JsonNode> created = records(runner, AbstractOttimateProcessor.REL_SUCCESS);
        assertEquals(3, created.size());
        final JsonNode first = emulator.catalogPrices().get(created.getFirst().get("ottimate_id").asText()).orElseThrow();
        assertEquals(0, new BigDecimal("12.50").compareTo(new BigDecimal(first.get("price").asText())), "answered as a decimal string: " + first);
        assertEquals(List.of("cte_zz"), records(runner, AbstractOttimateProcessor.REL_FAILURE).stream()
                .map(r -> r.get("catalog_entry_id").asText()).toList());
        final List<ApiRequest> posts = emulator.journal().matching("POST", "/catalog/prices/bulk");
        assertEquals(1, posts.size(), "four prices, one bulk call");
        assertEquals(4, json(posts.getFirst()).get("prices").size());
        assertTrue(json(posts.getFirst()).get("prices").get(0).get("price").isNumber(), "the document wants the price as a number");
        assertEquals(3, emulator.catalogPrices().size());
    }

    @Test
    void upsertsAPriceBookInAsyncBatchesAndSplitsRejectedRows() throws Exception {
        final TestRunner runner = bulkRunner(new PutOttimateCatalog(), true);
        // the first bulk call fails with a 503 and is accepted when retried with the same key
        emulator.faults().next(1, Fault.status(503).on("/catalog/entries/bulk"));
        runner.enqueue(priceBook(2_500, 1_234));
        runner.run();

        runner.assertAllFlowFilesTransferred(PutOttimateCatalog.REL_PENDING, 1);
        final MockFlowFile pending = runner.getFlowFilesForRelationship(PutOttimateCatalog.REL_PENDING).getFirst();
        assertEquals(3, PendingWork.of(pending).orElseThrow().jobs().size(), "three batches followed");
        final List<ApiRequest> posts = emulator.journal().matching("POST", "/catalog/entries/bulk");
        assertEquals(4, posts.size(), "ceil(2,500 / 1,000) = 3 batches, the first one sent twice");
        assertEquals(posts.get(0).header("idempotency-key"), posts.get(1).header("idempotency-key"));
        assertEquals(List.of(1000, 1000, 1000, 500), posts.stream().map(p -> json(p).get("entries").size()).toList());
        assertEquals(1, json(posts.getFirst()).get("ottimate_company_id").asInt());

        final int rounds = drainPending(runner);
        assertEquals(2, rounds, "one poll sees the batches running, the next finds them completed");
        runner.assertTransferCount(PutOttimateCatalog.REL_ORIGINAL, 1);
        runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst().assertAttributeEquals("record.count", "2499");
        final List<JsonNode> failed = records(runner, AbstractOttimateProcessor.REL_FAILURE);
        assertEquals(1, failed.size());
        assertEquals("Item 1234", failed.getFirst().get("item_name").asText());
        assertEquals("task_failed", failed.getFirst().get("ottimate_error_code").asText());
        assertTrue(failed.getFirst().get("ottimate_error_message").asText().contains("price"));
        assertEquals(2_499, emulator.catalogEntries().size(), "each entry once, although a batch was sent twice");
        assertEquals(3, emulator.journal().filter(r -> r.rawPath().endsWith("/results")).size());
    }

    @Test
    void aSynchronousAnswerIsHandledWithoutWaiting() throws Exception {
        emulator.setSynchronousCatalogBulk(true);
        final TestRunner runner = bulkRunner(new PutOttimateCatalog(), true);
        runner.enqueue(priceBook(30, 3));
        runner.run();
        runner.assertTransferCount(PutOttimateCatalog.REL_PENDING, 0);
        runner.assertTransferCount(PutOttimateCatalog.REL_ORIGINAL, 1);
        runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst().assertAttributeEquals("record.count", "29");
        assertEquals("207", records(runner, AbstractOttimateProcessor.REL_FAILURE).getFirst().get("ottimate_status_code").asText());
    }

    @Test
    void allowancesCreateAndUpdateOneByOne() throws Exception {
        final TestRunner entries = bulkRunner(new PutOttimateCatalog(), false);
        entries.setProperty(PutOttimateCatalog.OPERATION, PutOttimateCatalog.Operation.CREATE.getValue());
        entries.enqueue("[{\"erp_vendor_id\": \"V-7\", \"item_name\": \"Flour\", \"price\": 9.99}]");
        entries.run();
        final String entryId = records(entries, AbstractOttimateProcessor.REL_SUCCESS).getFirst().get("ottimate_id").asText();
        assertTrue(entryId.startsWith("cte_"));
        assertEquals("/v1/catalog/entries", emulator.journal().matching("POST", "/catalog/entries").getFirst().rawPath());

        final TestRunner update = bulkRunner(new PutOttimateCatalog(), false);
        update.setProperty(PutOttimateCatalog.OPERATION, PutOttimateCatalog.Operation.UPDATE.getValue());
        update.enqueue("[{\"id\": \"" + entryId + "\", \"price\": 10.49}, {\"price\": 1.0}, {\"id\": \"cte_missing\", \"price\": 1.0}]");
        update.run();
        assertEquals(1, records(update, AbstractOttimateProcessor.REL_SUCCESS).size());
        final List<JsonNode> failed = records(update, AbstractOttimateProcessor.REL_FAILURE);
        assertEquals(List.of("missing_id", "not_found"), failed.stream().map(f -> f.get("ottimate_error_code").asText()).toList());
        assertEquals("10.49", emulator.catalogEntries().get(entryId).orElseThrow().get("price").asText());
        assertEquals("{\"price\":10.49}", emulator.journal().matching("PATCH", "/catalog/entries/" + entryId).getFirst().bodyText());
        assertTrue(json(emulator.journal().matching("POST", "/catalog/entries").getFirst()).get("prices").isNull(), "creates carry prices/allowances");

        final TestRunner allowances = bulkRunner(new PutOttimateCatalog(), false);
        allowances.setProperty(PutOttimateCatalog.CATALOG_OBJECT, CatalogObject.ALLOWANCES.getValue());
        allowances.enqueue("[{\"catalog_entry_id\": \"" + entryId + "\", \"allowance_type\": \"rebate\", \"amount\": 1.5, \"start_date\": \"2026-12-01\"},"
                + " {\"catalog_entry_id\": \"cte_nope\", \"amount\": 1}]");
        allowances.run();
        drainPending(allowances);
        assertEquals(1, records(allowances, AbstractOttimateProcessor.REL_SUCCESS).size());
        assertTrue(records(allowances, AbstractOttimateProcessor.REL_FAILURE).getFirst().get("ottimate_error_message").asText().contains("catalog_entry_id"));
        final String allowanceId = emulator.catalogAllowances().all().getFirst().get("id").asText();

        final TestRunner createAllowance = bulkRunner(new PutOttimateCatalog(), false);
        createAllowance.setProperty(PutOttimateCatalog.CATALOG_OBJECT, CatalogObject.ALLOWANCES.getValue());
        createAllowance.setProperty(PutOttimateCatalog.OPERATION, PutOttimateCatalog.Operation.CREATE.getValue());
        createAllowance.enqueue("[{\"catalog_entry_id\": \"" + entryId + "\", \"allowance_type\": \"discount\", \"amount\": 0.5, \"start_date\": \"2026-12-01\"}]");
        createAllowance.run();
        assertEquals(1, records(createAllowance, AbstractOttimateProcessor.REL_SUCCESS).size());
        final ApiRequest allowancePost = emulator.journal().matching("POST", "/catalog/allowances").getLast();
        assertEquals("/v1/catalog/allowances", allowancePost.rawPath());
        assertEquals(1, json(allowancePost).get("ottimate_company_id").asInt());
        assertEquals(2, emulator.catalogAllowances().size());

        final TestRunner patchAllowance = bulkRunner(new PutOttimateCatalog(), false);
        patchAllowance.setProperty(PutOttimateCatalog.CATALOG_OBJECT, CatalogObject.ALLOWANCES.getValue());
        patchAllowance.setProperty(PutOttimateCatalog.OPERATION, PutOttimateCatalog.Operation.UPDATE.getValue());
        patchAllowance.setProperty(PutOttimateCatalog.ID_FIELD, "allowance_id");
        patchAllowance.enqueue("[{\"allowance_id\": \"" + allowanceId + "\", \"amount\": 2.25}]");
        patchAllowance.run();
        assertEquals(1, records(patchAllowance, AbstractOttimateProcessor.REL_SUCCESS).size());
        assertEquals(2.25, emulator.catalogAllowances().get(allowanceId).orElseThrow().get("amount").asDouble());
    }

    @Test
    void batchesStillRunningAtTheTimeoutSendTheFlowFileToRetryUnchangedAndItComesBackUnderTheSameKeys() throws Exception {
        final ManualClock clock = new ManualClock(Instant.parse("2026-11-26T09:00:00Z"));
        emulator.batches().setPollsToComplete(1000);
        final TestRunner runner = bulkRunner(new PutOttimateCatalog(clock), true);
        runner.setProperty(PutOttimateCatalog.BATCH_TIMEOUT, "10 mins");
        final String priceBook = priceBook(5, -1);
        runner.enqueue(priceBook);
        runner.run();
        clock.advance(Duration.ofMinutes(11));
        drainPending(runner);
        runner.assertTransferCount(PutOttimateCatalog.REL_ORIGINAL, 0);
        runner.assertTransferCount(AbstractOttimateProcessor.REL_SUCCESS, 0);
        runner.assertTransferCount(AbstractOttimateProcessor.REL_RETRY, 1);
        final MockFlowFile retry = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_RETRY).getFirst();
        retry.assertContentEquals(priceBook);
        retry.assertAttributeEquals("ottimate.error.code", "batch_timeout");
        retry.assertAttributeEquals(RecordOutcomes.RETRY_COUNT, "5");
        retry.assertAttributeNotExists(PendingWork.JOBS);
        assertTrue(retry.isPenalized());

        // Ottimate finishes the batch; the flowfile comes back through the same CSV reader and is sent under the same key
        emulator.batches().setPollsToComplete(0);
        runner.clearTransferState();
        runner.enqueue(retry);
        runner.run();
        drainPending(runner);
        runner.assertTransferCount(PutOttimateCatalog.REL_ORIGINAL, 1);
        runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst().assertAttributeEquals("record.count", "5");
        final List<ApiRequest> posts = emulator.journal().matching("POST", "/catalog/entries/bulk");
        assertEquals(2, posts.size());
        assertEquals(posts.get(0).header("idempotency-key"), posts.get(1).header("idempotency-key"), "the same key on both passes");
        assertEquals(5, emulator.catalogEntries().size(), "nothing twice");
        runner.getFlowFilesForRelationship(PutOttimateCatalog.REL_ORIGINAL).getFirst().assertAttributeNotExists(RetrySet.SETTLED);
    }

    @Test
    void readsEntriesAllowancesVariancesAndTheirInvoiceItems() throws Exception {
        final TestRunner load = bulkRunner(new PutOttimateCatalog(), true);
        load.enqueue(priceBook(130, -1));
        load.run();
        drainPending(load);
        final String entryId = emulator.catalogEntries().all().get(5).get("id").asText();
        emulator.seedVariance(entryId, 3);

        final TestRunner list = EmulatedConnection.of(new ListOttimateCatalog(), emulator).enable().runner();
        final JsonRecordSetWriter writer = new JsonRecordSetWriter();
        list.addControllerService("writer", writer);
        list.enableControllerService(writer);
        list.setProperty(ListOttimateCatalog.RECORD_WRITER, "writer");
        list.setProperty("Company ID", "1");
        list.run();
        list.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst().assertAttributeEquals("record.count", "130");
        assertEquals(2, emulator.journal().matching("GET", "/catalog/entries").size(), "130 entries, 100 per page");

        list.clearTransferState();
        list.setProperty(ListOttimateCatalog.RESOURCE, CatalogCollection.VARIANCES.getValue());
        list.run();
        assertEquals(entryId, records(list, AbstractOttimateProcessor.REL_SUCCESS).getFirst().get("id").asText());

        final TestRunner fetch = EmulatedConnection.of(new FetchOttimateCatalog(), emulator).enable().runner();
        fetch.addControllerService("writer", writer);
        fetch.enableControllerService(writer);
        fetch.setProperty(FetchOttimateCatalog.RECORD_WRITER, "writer");
        fetch.setProperty(FetchOttimateCatalog.RESOURCE, FetchOttimateCatalog.Resource.VARIANCE_INVOICE_ITEMS.getValue());
        fetch.enqueue("", Map.of("ottimate.catalog.entry.id", entryId));
        fetch.run();
        final List<JsonNode> items = records(fetch, AbstractOttimateProcessor.REL_SUCCESS);
        assertEquals(3, items.size());
        assertEquals("0.75", items.getFirst().get("price_variance").asText());
        assertEquals("/v1/catalog/variances/" + entryId + "/invoice-items", emulator.journal().matching("GET", "/catalog/variances/").getFirst().rawPath());

        fetch.clearTransferState();
        fetch.setProperty(FetchOttimateCatalog.RESOURCE, FetchOttimateCatalog.Resource.ENTRY_BY_ID.getValue());
        fetch.enqueue("", Map.of("ottimate.catalog.entry.id", entryId));
        fetch.enqueue("", Map.of("ottimate.catalog.entry.id", "cte_unknown"));
        fetch.run(2);
        fetch.assertTransferCount(AbstractOttimateProcessor.REL_SUCCESS, 1);
        fetch.assertTransferCount(AbstractOttimateProcessor.REL_NOT_FOUND, 1);
        assertEquals("Item 5", MAPPER.readTree(fetch.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst().getContent())
                .get("item_name").asText());

        fetch.clearTransferState();
        fetch.setProperty(FetchOttimateCatalog.RESOURCE, FetchOttimateCatalog.Resource.ALLOWANCES.getValue());
        fetch.setProperty("Company ID", "${company}");
        fetch.enqueue("", Map.of("company", "1"));
        fetch.run();
        fetch.assertTransferCount(FetchOttimateCatalog.REL_ORIGINAL, 1);
        assertEquals("limit=100&ottimate_company_id=1&page=1", emulator.journal().matching("GET", "/catalog/allowances").getFirst().rawQuery());
    }

    private static JsonNode json(final ApiRequest request) {
        try {
            return MAPPER.readTree(request.body());
        } catch (final Exception e) {
            throw new AssertionError(e);
        }
    }
}
