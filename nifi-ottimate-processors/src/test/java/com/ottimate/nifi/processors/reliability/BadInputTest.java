/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.reliability;

import com.ottimate.emulator.ApiRequest;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.EmulatedConnection;
import com.ottimate.nifi.processors.OttimateAttributes;
import com.ottimate.nifi.processors.generic.InvokeOttimateAPI;
import com.ottimate.nifi.processors.invoices.FetchOttimateInvoice;
import com.ottimate.nifi.processors.invoices.InputStrategy;
import com.ottimate.nifi.processors.invoices.ListOttimateInvoices;
import com.ottimate.nifi.processors.invoices.UploadOttimateInvoiceFile;
import com.ottimate.nifi.processors.invoices.PutOttimateInvoice;
import org.apache.nifi.csv.CSVReader;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hostile and broken inputs: each gets a clear error on 'failure' (or 'not found'), none crashes, none reaches the API unescaped. */
class BadInputTest {
    private OttimateEmulator emulator;

    @BeforeEach
    void setUp() throws Exception {
        emulator = OttimateEmulator.start();
    }

    @AfterEach
    void tearDown() {
        emulator.close();
    }

    static Stream<Arguments> invoices() {
        final String big = "x".repeat(10 * 1024 * 1024);
        return Stream.of(
                Arguments.of("empty content", new byte[0], "invalid_json", 0, "empty"),
                Arguments.of("invalid JSON", bytes("{\"invoice_number\": "), "invalid_json", 0, "not valid JSON"),
                Arguments.of("wrong types", bytes("{\"ottimate_location_id\": \"ten\", \"invoice_number\": 5}"), "validation_error", 1, "ottimate_location_id"),
                Arguments.of("huge number", bytes("{\"ottimate_location_id\": 10, \"invoice_number\": \"H\", \"total_amount\": 1e400}"), "validation_error", 1, "total_amount"),
                Arguments.of("unknown field", bytes("{\"ottimate_location_id\": 10, \"invoice_number\": \"U\", \"colour\": \"red\"}"), "validation_error", 1, "colour"),
                Arguments.of("missing required fields", bytes("{}"), "validation_error", 1, "invoice_number"),
                Arguments.of("10 MB single field", bytes("{\"ottimate_location_id\": 10, \"invoice_number\": \"B\", \"notes\": \"" + big + "\"}"), "validation_error", 1, "notes"),
                Arguments.of("non-UTF-8 bytes", new byte[]{'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}, "invalid_json", 0, "UTF-8"),
                Arguments.of("JSON array, not an object", bytes("[{\"ottimate_location_id\": 10}]"), "invalid_json", 0, "array"));
    }

    private static byte[] bytes(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invoices")
    void badInvoiceContentFailsClearly(final String name, final byte[] content, final String code, final int requests, final String mentions) throws Exception {
        final TestRunner runner = EmulatedConnection.of(new PutOttimateInvoice(), emulator).enable().runner();
        runner.enqueue(content);
        runner.run();
        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_FAILURE, 1);
        final MockFlowFile out = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_FAILURE).getFirst();
        out.assertAttributeEquals(OttimateAttributes.ERROR_CODE, code);
        assertTrue(out.getAttribute(OttimateAttributes.ERROR_MESSAGE).contains(mentions), name + ": " + out.getAttribute(OttimateAttributes.ERROR_MESSAGE));
        assertEquals(requests, emulator.journal().matching("POST", "/invoices").size(), name);
        assertFalse(runner.getLogger().getErrorMessages().isEmpty(), "a bulletin for " + name);
    }

    @Test
    void raggedCsvRowsFailTheInputClearlyAndNothingIsLost() throws Exception {
        final TestRunner runner = EmulatedConnection.of(new PutOttimateInvoice(), emulator).enable().runner();
        runner.setProperty(PutOttimateInvoice.INPUT_STRATEGY, InputStrategy.RECORDS.getValue());
        final CSVReader reader = new CSVReader();
        runner.addControllerService("reader", reader);
        runner.enableControllerService(reader);
        final JsonRecordSetWriter writer = new JsonRecordSetWriter();
        runner.addControllerService("writer", writer);
        runner.enableControllerService(writer);
        runner.setProperty(PutOttimateInvoice.RECORD_READER, "reader");
        runner.setProperty(PutOttimateInvoice.RECORD_WRITER, "writer");
        runner.enqueue("ottimate_location_id,invoice_number,total_amount\n10,OK-1,5\n10\n10,OK-2,6,extra,columns\n");
        runner.run();
        // the CSV reader refuses the file: the whole input goes to failure with the reader's reason, nothing half-sent
        runner.assertTransferCount(PutOttimateInvoice.REL_ORIGINAL, 0);
        runner.assertTransferCount(AbstractOttimateProcessor.REL_FAILURE, 1);
        final MockFlowFile failed = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_FAILURE).getFirst();
        failed.assertAttributeEquals(OttimateAttributes.ERROR_CODE, "invalid_records");
        assertTrue(failed.getAttribute(OttimateAttributes.ERROR_MESSAGE).contains("cannot be read"), failed.getAttribute(OttimateAttributes.ERROR_MESSAGE));
        final int sent = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).stream()
                .mapToInt(f -> Integer.parseInt(f.getAttribute("record.count"))).sum();
        assertEquals(sent, emulator.store().invoices().size(), "whatever went out before the bad row is reported in the success set");
    }

    @Test
    void idsWithPathCharactersNeverChangeTheRequestPath() throws Exception {
        final TestRunner runner = EmulatedConnection.of(new FetchOttimateInvoice(), emulator).enable().runner();
        for (final String id : List.of("../vendors", "a%2Fb", "with space", "..")) {
            runner.enqueue("", Map.of("ottimate.invoice.id", id));
        }
        runner.run(4);
        runner.assertTransferCount(AbstractOttimateProcessor.REL_NOT_FOUND, 3);
        // '..' is refused before any request: %2E%2E is still '..' to a server or proxy that decodes before normalizing
        runner.assertTransferCount(AbstractOttimateProcessor.REL_FAILURE, 1);
        runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_FAILURE).getFirst().assertAttributeEquals(OttimateAttributes.ERROR_CODE, "invalid_id");
        final List<String> paths = emulator.journal().matching("GET", "/invoices").stream().map(ApiRequest::rawPath).toList();
        assertEquals(List.of("/v1/invoices/%2E%2E%2Fvendors", "/v1/invoices/a%252Fb", "/v1/invoices/with%20space"), paths);
    }

    @Test
    void headerInjectionThroughExpressionLanguageNeverReachesTheApi() throws Exception {
        final TestRunner put = EmulatedConnection.of(new PutOttimateInvoice(), emulator).enable().runner();
        put.setProperty(PutOttimateInvoice.IDEMPOTENCY_KEY, "${key}");
        put.enqueue("{\"ottimate_location_id\": 10, \"invoice_number\": \"X\"}", Map.of("key", "k\r\nX-Admin: true"));
        put.run();
        put.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_FAILURE, 1);
        put.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_FAILURE).getFirst().assertAttributeEquals(OttimateAttributes.ERROR_CODE, "invalid_idempotency_key");

        final TestRunner invoke = EmulatedConnection.of(new InvokeOttimateAPI(), emulator).enable().runner();
        invoke.setProperty(InvokeOttimateAPI.PATH, "receipts/${id}");
        invoke.enqueue("", Map.of("id", "1\r\nX-Admin: true"));
        invoke.run();
        invoke.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_FAILURE, 1);
        invoke.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_FAILURE).getFirst().assertAttributeEquals(OttimateAttributes.ERROR_CODE, "invalid_path");
        assertTrue(emulator.journal().all().stream().noneMatch(r -> r.headers().containsKey("x-admin")));
        assertEquals(0, emulator.journal().filter(r -> !r.apiPath().startsWith("/oauth")).size(), "nothing was sent");
    }

    @Test
    void includeLineItemsSendsExpandItems() throws Exception {
        emulator.seedInvoice(10, "LINES-1");
        final TestRunner listing = EmulatedConnection.of(new ListOttimateInvoices(), emulator).enable().runner();
        listing.setProperty("Output Strategy", "ONE_PER_OBJECT");
        listing.setProperty("Include Line Items", "true");
        listing.run();
        assertTrue(emulator.journal().matching("GET", "/invoices").stream().allMatch(r -> r.queryParam("expand").orElse("").equals("items")));
        listing.setProperty("Include Line Items", "false");
        emulator.journal().clear();
        listing.run();
        assertTrue(emulator.journal().matching("GET", "/invoices").stream().noneMatch(r -> r.queryParam("expand").isPresent()));
    }

    @Test
    void literalValuesThatCannotWorkAreRefusedBeforeTheProcessorRuns() throws Exception {
        final TestRunner listing = EmulatedConnection.of(new ListOttimateInvoices(), emulator).enable().runner();
        listing.setProperty("Output Strategy", "ONE_PER_OBJECT");
        listing.setProperty("Invoice Date From", "2026-05-02");
        listing.setProperty("Invoice Date To", "2026-05-01");
        listing.assertNotValid();
        listing.setProperty("Invoice Date To", "2026-05-02");
        listing.assertValid();
        listing.setProperty("Invoice Date To", "${literal('2026-05-01')}");
        listing.assertValid();
        listing.setProperty("Custom Fields", "region=east");
        listing.assertNotValid();

        final TestRunner query = EmulatedConnection.of(new FetchOttimateInvoice(), emulator).enable().runner();
        query.setProperty(FetchOttimateInvoice.FETCH_STRATEGY, FetchOttimateInvoice.FetchStrategy.BY_QUERY.getValue());
        query.setProperty("Modified From", "2026-05-02T00:00:00Z");
        query.setProperty("Modified To", "2026-05-01 23:59:59");
        query.assertNotValid();
        query.setProperty(FetchOttimateInvoice.FETCH_STRATEGY, FetchOttimateInvoice.FetchStrategy.BY_ID.getValue());
        query.assertValid();

        final TestRunner upload = EmulatedConnection.of(new UploadOttimateInvoiceFile(), emulator).enable().runner();
        upload.setProperty(UploadOttimateInvoiceFile.LOCATION_ID, "10");
        upload.setProperty(UploadOttimateInvoiceFile.METADATA, "source: mailbox");
        upload.assertNotValid();
        upload.setProperty(UploadOttimateInvoiceFile.METADATA, "{\"source\": \"mailbox\"}");
        upload.assertValid();
        assertEquals(List.of(), emulator.journal().filter(r -> !r.apiPath().equals("/oauth/token")), "validation sends nothing");
    }
}
