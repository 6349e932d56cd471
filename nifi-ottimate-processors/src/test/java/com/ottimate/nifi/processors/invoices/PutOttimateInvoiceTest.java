/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.invoices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.emulator.ApiRequest;
import com.ottimate.emulator.Fault;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.EmulatedConnection;
import com.ottimate.nifi.processors.LogCapture;
import com.ottimate.nifi.processors.OttimateAttributes;
import com.ottimate.nifi.services.StandardOttimateConnectionService;
import org.apache.nifi.provenance.ProvenanceEventRecord;
import org.apache.nifi.provenance.ProvenanceEventType;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PutOttimateInvoice over real HTTP against the emulator. */
class PutOttimateInvoiceTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String INVOICE = """
            {"ottimate_location_id": 10, "invoice_number": "INV-1001", "erp_vendor_id": "V-7",
             "invoice_date": "2026-11-02", "total_amount": 125.50,
             "items": [{"name": "Tomatoes", "quantity": 10, "price": 12.55}]}""";

    private OttimateEmulator emulator;
    private EmulatedConnection connection;
    private TestRunner runner;

    @BeforeEach
    void setUp() throws Exception {
        emulator = OttimateEmulator.start();
        connection = EmulatedConnection.of(new PutOttimateInvoice(), emulator).enable();
        runner = connection.runner();
    }

    @AfterEach
    void tearDown() {
        emulator.close();
    }

    private static String invoice(final String number) {
        return "{\"ottimate_location_id\": 10, \"invoice_number\": \"" + number + "\", \"total_amount\": 10}";
    }

    private List<ApiRequest> invoicePosts() {
        return emulator.journal().matching("POST", "/invoices");
    }

    @Test
    void createsAnInvoiceAndReportsWhatHappened() throws Exception {
        final MockFlowFile input = runner.enqueue(INVOICE);
        runner.run();

        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_SUCCESS, 1);
        final MockFlowFile out = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst();
        final ObjectNode stored = emulator.store().invoices().all().getFirst();
        out.assertAttributeEquals(OttimateAttributes.INVOICE_ID, stored.get("id").asText());
        out.assertAttributeEquals(OttimateAttributes.STATUS_CODE, "201");
        out.assertAttributeEquals(OttimateAttributes.ATTEMPTS, "1");
        out.assertAttributeEquals(OttimateAttributes.REPLAYED, "false");
        out.assertAttributeEquals("mime.type", "application/json");
        out.assertAttributeExists(OttimateAttributes.REQUEST_ID);
        out.assertAttributeNotExists(OttimateAttributes.ERROR_CODE);
        final JsonNode content = MAPPER.readTree(out.getContent());
        assertEquals("INV-1001", content.get("invoice_number").asText());
        assertEquals(stored.get("id").asText(), content.get("id").asText());

        final ApiRequest sent = invoicePosts().getFirst();
        assertEquals(input.getAttribute("uuid"), sent.header("idempotency-key").orElseThrow(), "default key is the flowfile uuid");
        out.assertAttributeEquals(OttimateAttributes.IDEMPOTENCY_KEY, input.getAttribute("uuid"));
        assertEquals(MAPPER.readTree(INVOICE), MAPPER.readTree(sent.body()));
        assertEquals(emulator.settings().apiKey(), sent.header("x-api-key").orElseThrow());
        assertTrue(sent.header("authorization").orElseThrow().startsWith("Bearer "));

        final ProvenanceEventRecord event = runner.getProvenanceEvents().getFirst();
        assertEquals(ProvenanceEventType.SEND, event.getEventType());
        assertEquals(emulator.baseUrl() + "/invoices", event.getTransitUri());
        assertEquals(1L, runner.getCounterValue("Invoices created"));
    }

    @Test
    void sendsTheContentAsItCameAndKeepsItOnSuccessWhenAskedTo() throws Exception {
        runner.setProperty(PutOttimateInvoice.SUCCESS_CONTENT, SuccessContent.ORIGINAL.getValue());
        // spacing and key order of the user's own: the create sends these very bytes, nothing serialized again
        final String content = "{ \"total_amount\" : 10.50,\n  \"invoice_number\": \"INV-7\", \"ottimate_location_id\": 10 }\n";
        runner.enqueue(content, Map.of("mime.type", "application/x-invoice+json"));
        runner.run();

        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_SUCCESS, 1);
        final MockFlowFile out = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst();
        out.assertContentEquals(content);
        out.assertAttributeEquals("mime.type", "application/x-invoice+json");
        out.assertAttributeEquals(OttimateAttributes.INVOICE_ID, emulator.store().invoices().all().getFirst().get("id").asText());
        out.assertAttributeEquals(OttimateAttributes.STATUS_CODE, "201");
        assertEquals(content, invoicePosts().getFirst().bodyText());
        assertEquals(ProvenanceEventType.SEND, runner.getProvenanceEvents().getFirst().getEventType());
    }

    @Test
    void anInvoiceThatNamesAFieldTwiceIsRefusedUnsent() {
        runner.enqueue("{\"ottimate_location_id\": 10, \"invoice_number\": \"INV-1\", \"invoice_number\": \"INV-2\"}");
        runner.run();

        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_FAILURE, 1);
        final MockFlowFile out = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_FAILURE).getFirst();
        out.assertAttributeEquals(OttimateAttributes.ERROR_CODE, "invalid_json");
        assertTrue(out.getAttribute(OttimateAttributes.ERROR_MESSAGE).contains("invoice_number"), out.getAttribute(OttimateAttributes.ERROR_MESSAGE));
        assertEquals(0, invoicePosts().size());
    }

    @Test
    void updatesAnExistingInvoiceWithPatch() throws Exception {
        runner.enqueue(invoice("INV-9"));
        runner.run();
        final String id = emulator.store().invoices().all().getFirst().get("id").asText();
        runner.clearTransferState();

        runner.setProperty(PutOttimateInvoice.INVOICE_ID, "${ottimate.invoice.id}");
        runner.enqueue("{\"notes\": \"checked by AP\", \"total_amount\": 11.5}", Map.of("ottimate.invoice.id", id));
        runner.run();

        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_SUCCESS, 1);
        final MockFlowFile out = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst();
        out.assertAttributeEquals(OttimateAttributes.INVOICE_ID, id);
        out.assertAttributeEquals(OttimateAttributes.STATUS_CODE, "200");
        final ApiRequest patch = emulator.journal().matching("PATCH", "/invoices/").getFirst();
        assertEquals("/v1/invoices/" + id, patch.rawPath());
        assertFalse(patch.header("idempotency-key").isPresent(), "PATCH is idempotent by itself");
        assertEquals("checked by AP", emulator.store().invoices().get(id).orElseThrow().get("notes").asText());
        assertEquals(1, emulator.store().invoices().size());
        assertEquals(1L, runner.getCounterValue("Invoices updated"));
    }

    @Test
    void updatingAnUnknownInvoiceFails() {
        runner.setProperty(PutOttimateInvoice.INVOICE_ID, "${ottimate.invoice.id}");
        runner.enqueue("{\"notes\": \"x\"}", Map.of("ottimate.invoice.id", "../vendors"));
        runner.run();
        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_FAILURE, 1);
        final MockFlowFile out = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_FAILURE).getFirst();
        out.assertAttributeEquals(OttimateAttributes.STATUS_CODE, "404");
        out.assertAttributeEquals(OttimateAttributes.ERROR_CODE, "not_found");
        assertEquals("/v1/invoices/%2E%2E%2Fvendors", emulator.journal().matching("PATCH", "/invoices").getFirst().rawPath(),
                "an id with path characters stays one path segment");
    }

    @Test
    void twoHundredInvoicesFromFourThreadsNeedOneTokenRequest() {
        for (int i = 0; i < 200; i++) {
            runner.enqueue(invoice("INV-" + i));
        }
        runner.setThreadCount(4);
        runner.run(200);

        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_SUCCESS, 200);
        assertEquals(1, emulator.journal().tokenRequests());
        assertEquals(200, emulator.store().invoices().size());
        assertEquals(200, invoicePosts().size());
        final Set<String> numbers = emulator.store().invoices().all().stream().map(i -> i.get("invoice_number").asText()).collect(Collectors.toSet());
        assertEquals(200, numbers.size());
    }

    @Test
    void anExpiredTokenIsRenewedOnceAndTheInvoiceStillGoesThrough() {
        runner.enqueue(invoice("A"));
        runner.run();
        emulator.expireTokens();
        runner.enqueue(invoice("B"));
        runner.run();

        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_SUCCESS, 2);
        assertEquals(2, emulator.journal().tokenRequests());
        assertEquals(3, invoicePosts().size(), "A once, B refused with 401 then sent again");
        assertEquals(2, emulator.store().invoices().size());
    }

    @Test
    void honoursRetryAfterOn429() {
        emulator.faults().next(1, Fault.tooManyRequests(Duration.ofSeconds(2)).on("/invoices"));
        runner.enqueue(invoice("RA"));
        runner.run();

        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_SUCCESS, 1);
        runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst().assertAttributeEquals(OttimateAttributes.ATTEMPTS, "2");
        assertTrue(connection.sleeps().contains(Duration.ofSeconds(2)), "waited what Retry-After asked: " + connection.sleeps());
        assertEquals(1, emulator.store().invoices().size());
    }

    @Test
    void a503ThenSuccessCreatesTheInvoiceExactlyOnce() {
        emulator.faults().next(1, Fault.status(503).on("/invoices"));
        runner.enqueue(invoice("ONCE"));
        runner.run();

        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_SUCCESS, 1);
        assertEquals(2, invoicePosts().size());
        assertEquals(1, invoicePosts().stream().map(r -> r.header("idempotency-key").orElseThrow()).distinct().count(),
                "both attempts carried the same Idempotency-Key");
        assertEquals(1, emulator.store().invoices().size());
    }

    @Test
    void anAnswerCutOffAfterTheInvoiceWasCreatedIsFoundNotCreatedAgain() {
        // the invoice is created but the answer breaks off: the API is done with it, so the invoice is looked for at once
        emulator.faults().next(1, Fault.truncate().on("/invoices"));
        runner.enqueue(invoice("AMBIGUOUS"));
        runner.run();

        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_SUCCESS, 1);
        final MockFlowFile created = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst();
        created.assertAttributeEquals(OttimateAttributes.REPLAYED, "true");
        created.assertAttributeEquals(OttimateAttributes.INVOICE_ID, emulator.store().invoices().all().getFirst().get("id").asText());
        assertEquals(1, emulator.store().invoices().size());
        assertEquals(1, emulator.journal().matching("POST", "/invoices").size(), "not sent again");
        assertEquals(1, emulator.journal().filter(r -> r.method().equals("GET") && r.queryParam("search").orElse("").equals("AMBIGUOUS")).size());
    }

    @Test
    void spentRetriesGoToRetryAndFeedingThemBackNeverDuplicates() {
        // the API is down for every attempt; what comes back from retry looks before it sends
        emulator.faults().outage("/invoices", 503, Duration.ofMinutes(1));
        runner.enqueue(invoice("LATER"));
        runner.run();

        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_RETRY, 1);
        final MockFlowFile retry = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_RETRY).getFirst();
        assertTrue(retry.isPenalized());
        retry.assertAttributeEquals(OttimateAttributes.STATUS_CODE, "503");
        assertEquals(0, emulator.store().invoices().size());
        assertFalse(runner.getLogger().getWarnMessages().isEmpty(), "a retry is reported as a warning bulletin");

        emulator.faults().endOutage();
        runner.clearTransferState();
        runner.enqueue(retry);
        runner.run();
        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_SUCCESS, 1);
        runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst().assertAttributeNotExists(OttimateAttributes.UNANSWERED_SINCE);
        assertEquals(1, emulator.store().invoices().size(), "created once, when the API was back");
    }

    @Test
    void invalidJsonFailsWithAClearMessageAndSendsNothing() {
        runner.enqueue("{\"ottimate_location_id\": 10, \"invoice_number\": ");
        runner.enqueue("");
        runner.enqueue("[1, 2]");
        runner.enqueue("{\"a\": 1} trailing");
        runner.enqueue(new byte[]{'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
        runner.run(5);

        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_FAILURE, 5);
        final List<String> messages = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_FAILURE).stream()
                .peek(f -> f.assertAttributeEquals(OttimateAttributes.ERROR_CODE, "invalid_json"))
                .map(f -> f.getAttribute(OttimateAttributes.ERROR_MESSAGE)).toList();
        assertTrue(messages.get(0).startsWith("Flowfile content is not valid JSON") && messages.get(0).contains("line 1"), messages.get(0));
        assertEquals("Flowfile content is empty; expected one JSON object", messages.get(1));
        assertEquals("Flowfile content is a JSON array; expected one JSON object", messages.get(2));
        assertTrue(messages.get(3).contains("not valid JSON"), messages.get(3));
        assertTrue(messages.get(4).contains("UTF-8"), messages.get(4));
        assertTrue(invoicePosts().isEmpty());
        assertEquals(5, runner.getLogger().getErrorMessages().size(), "each bad input raises a bulletin");
    }

    @Test
    void aBodyTheApiRejectsFailsWithTheApisReason() {
        runner.enqueue("{\"invoice_number\": 42, \"total_amount\": \"lots\"}");
        runner.run();

        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_FAILURE, 1);
        final MockFlowFile out = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_FAILURE).getFirst();
        out.assertAttributeEquals(OttimateAttributes.STATUS_CODE, "400");
        out.assertAttributeEquals(OttimateAttributes.ERROR_CODE, "validation_error");
        out.assertAttributeEquals(OttimateAttributes.ATTEMPTS, "1");
        final String message = out.getAttribute(OttimateAttributes.ERROR_MESSAGE);
        assertTrue(message.contains("ottimate_location_id") && message.contains("total_amount"), message);
        out.assertContentEquals("{\"invoice_number\": 42, \"total_amount\": \"lots\"}", StandardCharsets.UTF_8);
        assertEquals(1, invoicePosts().size(), "a 400 is not retried");
        assertTrue(runner.getLogger().getErrorMessages().getFirst().getMsg().contains("refused"));
    }

    @Test
    void idempotencyKeyCanComeFromABusinessKey() {
        runner.setProperty(PutOttimateInvoice.IDEMPOTENCY_KEY, "erp-${erp.invoice.id}");
        runner.enqueue(invoice("B-1"), Map.of("erp.invoice.id", "4711"));
        runner.enqueue(invoice("B-1"), Map.of("erp.invoice.id", "4711"));
        runner.run(2);

        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_SUCCESS, 2);
        assertEquals(List.of("erp-4711", "erp-4711"), invoicePosts().stream().map(r -> r.header("idempotency-key").orElseThrow()).toList());
        assertEquals(1, emulator.store().invoices().size(), "the same business invoice in two flowfiles is created once");
    }

    @Test
    void anIdempotencyKeyThatCouldInjectHeadersIsRefusedLocally() {
        runner.setProperty(PutOttimateInvoice.IDEMPOTENCY_KEY, "${key}");
        runner.enqueue(invoice("X"), Map.of("key", "abc\r\nX-Evil: yes"));
        runner.enqueue(invoice("Y"), Map.of("key", ""));
        runner.run(2);

        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_FAILURE, 2);
        runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_FAILURE)
                .forEach(f -> f.assertAttributeEquals(OttimateAttributes.ERROR_CODE, "invalid_idempotency_key"));
        assertTrue(invoicePosts().isEmpty());
    }

    @Test
    void secretsAndTokensNeverAppearInLogsAttributesOrProvenance() {
        final List<String> logLines;
        try (LogCapture logs = new LogCapture()) {
            runner.enqueue(invoice("S-1"));
            runner.run();
            emulator.expireTokens();
            emulator.faults().next(1, Fault.status(503).on("/invoices"));
            runner.enqueue(invoice("S-2"));
            runner.enqueue("{\"invoice_number\": 1}");
            runner.enqueue("not json");
            runner.run(3);
            emulator.faults().next(4, Fault.status(500).on("/invoices"));
            runner.enqueue(invoice("S-3"));
            runner.run();
            logLines = logs.lines();
        }
        final Set<String> secrets = new LinkedHashSet<>(List.of(emulator.settings().clientSecret(), emulator.settings().apiKey()));
        emulator.journal().all().forEach(r -> r.header("authorization").ifPresent(h -> secrets.add(h.substring("Bearer ".length()))));
        assertEquals(4, secrets.size(), "two tokens were issued and used");

        final List<String> everything = new ArrayList<>(logLines);
        Stream.of(AbstractOttimateProcessor.REL_SUCCESS, AbstractOttimateProcessor.REL_FAILURE, AbstractOttimateProcessor.REL_RETRY)
                .flatMap(rel -> runner.getFlowFilesForRelationship(rel).stream())
                .forEach(f -> everything.add(f.getAttributes().toString()));
        runner.getProvenanceEvents().forEach(e -> everything.add(e.getTransitUri() + " " + e.getDetails() + " " + e.getAttributes()));
        runner.getLogger().getErrorMessages().forEach(m -> everything.add(m.toString()));
        runner.getLogger().getWarnMessages().forEach(m -> everything.add(m.toString()));
        everything.add(connection.service().toString());

        assertTrue(logLines.size() > 10, "logging was captured: " + logLines.size());
        for (final String secret : secrets) {
            for (final String line : everything) {
                assertFalse(line.contains(secret), "secret leaked in: " + line);
            }
        }
    }

    @Test
    void wrongCredentialsFailClearlyWithoutLeakingTheSecret() {
        runner.disableControllerService(connection.service());
        runner.setProperty(connection.service(), StandardOttimateConnectionService.CLIENT_SECRET, "definitely-wrong-secret");
        runner.enableControllerService(connection.service());
        runner.enqueue(invoice("C"));
        runner.run();

        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_FAILURE, 1);
        final MockFlowFile out = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_FAILURE).getFirst();
        out.assertAttributeEquals(OttimateAttributes.STATUS_CODE, "401");
        out.assertAttributeEquals(OttimateAttributes.ERROR_CODE, "invalid_client");
        assertTrue(out.getAttribute(OttimateAttributes.ERROR_MESSAGE).contains("check API Key, Client ID and Client Secret"));
        assertFalse(out.getAttributes().toString().contains("definitely-wrong-secret"));
        assertTrue(invoicePosts().isEmpty());
    }
}
