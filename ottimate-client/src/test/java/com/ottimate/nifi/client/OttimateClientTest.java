/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.client;

import com.ottimate.emulator.ApiRequest;
import com.ottimate.emulator.EmulatorSettings;
import com.ottimate.emulator.Fault;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.client.model.OttimateRequest;
import com.ottimate.nifi.client.model.OttimateResult;
import com.ottimate.nifi.client.model.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared request path, over real HTTP against the emulator. */
class OttimateClientTest {
    private OttimateEmulator emulator;
    private RecordingSleeper sleeper;
    private ManualTicker ticker;
    private OttimateClient client;

    @BeforeEach
    void setUp() throws Exception {
        emulator = OttimateEmulator.start();
        sleeper = new RecordingSleeper();
        ticker = new ManualTicker();
        client = client(settings());
    }

    @AfterEach
    void tearDown() {
        client.close();
        emulator.close();
    }

    private ClientSettings settings() {
        final EmulatorSettings s = emulator.settings();
        return Settings.of(ClientSettings.defaults(URI.create(emulator.baseUrl()), Secret.of(s.apiKey()), s.clientId(), Secret.of(s.clientSecret())))
                .retryPolicy(new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(30), () -> 1.0)).get();
    }

    private OttimateClient client(final ClientSettings settings) {
        return OttimateClient.builder(settings).sleeper(sleeper).ticker(ticker).build();
    }

    private static OttimateRequest createInvoice(final String key, final String number) {
        return OttimateRequest.post("invoices")
                .json(("{\"ottimate_location_id\": 10, \"invoice_number\": \"" + number + "\"}").getBytes(StandardCharsets.UTF_8))
                .idempotencyKey(key)
                .build();
    }

    @Test
    void anUploadIsReadOnTheCallersThreadAndNoOtherThreadTouchesIt() throws Exception {
        final byte[] file = "%PDF-1.7 invoice".getBytes(StandardCharsets.UTF_8);
        final List<Thread> readers = java.util.Collections.synchronizedList(new ArrayList<>());
        final RequestBody.Multipart body = RequestBody.Multipart.of(Map.of("ottimate_location_id", "10"), "file", "invoice.pdf", "application/pdf",
                file.length, () -> new java.io.ByteArrayInputStream(file) {
                    @Override
                    public synchronized int read(final byte[] into, final int offset, final int length) {
                        readers.add(Thread.currentThread());
                        return super.read(into, offset, length);
                    }
                });
        final OttimateResult result = client.execute(OttimateRequest.post("invoices", "upload").body(body).idempotencyKey("upload-1").atMostOnce().build());
        assertInstanceOf(OttimateResult.Success.class, result, result.toString());
        assertFalse(readers.isEmpty());
        assertTrue(readers.stream().allMatch(t -> t == Thread.currentThread()), "read on " + readers);
        assertEquals(file.length, emulator.uploads().getFirst().get("size").asLong());
    }

    @Test
    void connectionsAreKeptForTheNextCallOfEveryConcurrentTask() throws Exception {
        final ExecutorService tasks = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 3; round++) {
                final List<Future<OttimateResult>> calls = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    calls.add(tasks.submit(() -> client.execute(OttimateRequest.get("invoices").build())));
                }
                for (final Future<OttimateResult> call : calls) {
                    assertInstanceOf(OttimateResult.Success.class, call.get());
                }
            }
        } finally {
            tasks.shutdown();
        }
        // 8 tasks, 3 rounds: at most one connection per task, all reused (OkHttp's default pool of 5 would reconnect)
        assertTrue(emulator.connectionsOpened() <= 8 + 1, "connections opened: " + emulator.connectionsOpened());
    }

    @Test
    void sendsBothCredentialsIdempotencyKeyAndUserAgent() {
        final OttimateResult result = client.execute(createInvoice("key-1", "INV-1"));
        final OttimateResult.Success success = assertInstanceOf(OttimateResult.Success.class, result);
        assertEquals(201, success.status());
        assertEquals("INV-1", success.body().get("invoice_number").asText());

        final ApiRequest token = emulator.journal().matching("POST", "/oauth/token").getFirst();
        assertEquals("application/x-www-form-urlencoded", token.header("content-type").orElseThrow());
        assertTrue(token.bodyText().contains("grant_type=client_credentials"));
        assertEquals(emulator.settings().apiKey(), token.header("x-api-key").orElseThrow());

        final ApiRequest sent = emulator.journal().matching("POST", "/invoices").getFirst();
        assertEquals(emulator.settings().apiKey(), sent.header("x-api-key").orElseThrow());
        assertTrue(sent.header("authorization").orElseThrow().startsWith("Bearer ott_at_"));
        assertEquals("key-1", sent.header("idempotency-key").orElseThrow());
        assertEquals("application/json", sent.header("content-type").orElseThrow());
        assertTrue(sent.header("user-agent").orElseThrow().startsWith("nifi-ottimate-bundle/"), sent.header("user-agent").orElseThrow());
        assertFalse(sent.header("x-api-version").isPresent(), "Latest sends no X-API-Version");
    }

    @Test
    void fiftyThreadsAskingAtOnceCauseOneTokenRequest() throws Exception {
        final int threads = 50;
        final ExecutorService pool = Executors.newFixedThreadPool(threads);
        final CountDownLatch start = new CountDownLatch(1);
        final List<Future<OttimateResult>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            final int n = i;
            results.add(pool.submit(() -> {
                start.await();
                return client.execute(createInvoice("k-" + n, "INV-" + n));
            }));
        }
        start.countDown();
        for (final Future<OttimateResult> result : results) {
            assertInstanceOf(OttimateResult.Success.class, result.get());
        }
        pool.shutdown();
        assertEquals(1, emulator.journal().tokenRequests());
        assertEquals(threads, emulator.store().invoices().size());
    }

    @Test
    void renewsTheTokenBeforeItExpires() {
        emulator.setTokenLifetime(Duration.ofHours(1));
        client.execute(OttimateRequest.get("accounts").build());
        ticker.advance(Duration.ofMinutes(54));
        client.execute(OttimateRequest.get("accounts").build());
        assertEquals(1, emulator.journal().tokenRequests(), "still inside the usable lifetime (1 h less the 5 min window)");
        ticker.advance(Duration.ofMinutes(1).plusSeconds(1));
        final OttimateResult result = client.execute(OttimateRequest.get("accounts").build());
        assertInstanceOf(OttimateResult.Success.class, result);
        assertEquals(2, emulator.journal().tokenRequests(), "renewed 5 minutes before expiry, with no 401 seen");
    }

    @Test
    void readsExpiresInEveryTime() {
        emulator.setTokenLifetime(Duration.ofSeconds(60));
        client.execute(OttimateRequest.get("accounts").build());
        ticker.advance(Duration.ofSeconds(31));
        client.execute(OttimateRequest.get("accounts").build());
        assertEquals(2, emulator.journal().tokenRequests(), "a 60 s token is renewed at half its life when the window is longer");
    }

    @Test
    void a401RenewsTheTokenOnceAndSucceeds() {
        client.execute(OttimateRequest.get("accounts").build());
        emulator.expireTokens();
        final OttimateResult result = client.execute(createInvoice("after-401", "INV-401"));
        assertInstanceOf(OttimateResult.Success.class, result);
        assertEquals(2, emulator.journal().tokenRequests());
        assertEquals(2, emulator.journal().matching("POST", "/invoices").size());
        assertEquals(1, emulator.store().invoices().size());
        assertTrue(sleeper.sleeps().isEmpty(), "a 401 renewal does not back off");
    }

    @Test
    void honoursRetryAfterOn429() {
        emulator.faults().next(1, Fault.tooManyRequests(Duration.ofSeconds(7)).on("/invoices"));
        final OttimateResult result = client.execute(createInvoice("ra", "INV-RA"));
        assertInstanceOf(OttimateResult.Success.class, result);
        assertEquals(List.of(Duration.ofSeconds(7)), sleeper.sleeps());
        assertEquals(2, result.attempts());
    }

    @Test
    void backsOffExponentiallyWithoutRetryAfter() {
        emulator.faults().next(3, Fault.status(503).on("/invoices"));
        final OttimateResult result = client.execute(createInvoice("exp", "INV-EXP"));
        assertInstanceOf(OttimateResult.Success.class, result);
        assertEquals(List.of(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800)), sleeper.sleeps());
    }

    @Test
    void a503ThenSuccessCreatesTheInvoiceOnceWithTheSameKey() {
        emulator.faults().next(1, Fault.status(503).on("/invoices"));
        final OttimateResult result = client.execute(createInvoice("same-key", "INV-503"));
        assertInstanceOf(OttimateResult.Success.class, result);
        final Set<String> keys = emulator.journal().matching("POST", "/invoices").stream()
                .map(r -> r.header("idempotency-key").orElseThrow()).collect(Collectors.toSet());
        assertEquals(Set.of("same-key"), keys);
        assertEquals(2, emulator.journal().matching("POST", "/invoices").size());
        assertEquals(1, emulator.store().invoices().size());
    }

    @Test
    void truncatedAndMalformedAnswersAreRetriedAndReplayedNotDuplicated() {
        emulator.faults().next(1, Fault.truncate().on("/invoices")).next(1, Fault.malformedJson().on("/invoices"));
        final OttimateResult result = client.execute(createInvoice("ambiguous", "INV-AMB"));
        final OttimateResult.Success success = assertInstanceOf(OttimateResult.Success.class, result);
        assertTrue(success.replayed());
        assertEquals("INV-AMB", success.body().get("invoice_number").asText());
        assertEquals(1, emulator.store().invoices().size());
        assertEquals(3, success.attempts());
    }

    @Test
    void givesUpAsRetryableWhenRetriesAreSpent() {
        emulator.faults().next(4, Fault.status(502).on("/invoices"));
        final OttimateResult.Retryable result = assertInstanceOf(OttimateResult.Retryable.class, client.execute(createInvoice("spent", "X")));
        assertEquals(502, result.status());
        assertEquals(4, result.attempts());
        assertEquals(0, emulator.store().invoices().size());
    }

    @Test
    void doesNotHoldAThreadForALongRetryAfter() {
        emulator.faults().next(1, Fault.tooManyRequests(Duration.ofMinutes(5)).on("/invoices"));
        final OttimateResult.Retryable result = assertInstanceOf(OttimateResult.Retryable.class, client.execute(createInvoice("long", "X")));
        assertEquals(429, result.status());
        assertTrue(sleeper.sleeps().isEmpty());
    }

    @Test
    void timesOutAndRetries() {
        client.close();
        client = client(Settings.of(settings()).requestTimeout(Duration.ofMillis(300)).get());
        emulator.faults().next(1, Fault.delay(Duration.ofSeconds(2)).on("/accounts"));
        final OttimateResult result = client.execute(OttimateRequest.get("accounts").build());
        assertInstanceOf(OttimateResult.Success.class, result);
        assertEquals(2, result.attempts());
    }

    @Test
    void validationErrorsAreRejectedWithoutRetry() {
        final OttimateResult result = client.execute(OttimateRequest.post("invoices").json("{\"invoice_number\": 7}".getBytes(StandardCharsets.UTF_8))
                .idempotencyKey("bad").build());
        final OttimateResult.Rejected rejected = assertInstanceOf(OttimateResult.Rejected.class, result);
        assertEquals(400, rejected.status());
        assertEquals("validation_error", rejected.error().code());
        assertTrue(rejected.error().message().contains("ottimate_location_id"), rejected.error().message());
        assertEquals(1, rejected.attempts());
        assertTrue(sleeper.sleeps().isEmpty());
    }

    @Test
    void notFoundIsItsOwnOutcome() {
        assertInstanceOf(OttimateResult.NotFound.class, client.execute(OttimateRequest.get("invoices", "no-such-id").build()));
    }

    @Test
    void wrongSecretIsRejectedClearlyWithoutLeakingIt() {
        client.close();
        client = client(Settings.of(settings()).clientSecret(Secret.of("wrong-secret-value")).get());
        final OttimateResult.Rejected rejected = assertInstanceOf(OttimateResult.Rejected.class, client.execute(OttimateRequest.get("accounts").build()));
        assertEquals(401, rejected.status());
        assertTrue(rejected.error().message().contains("refused the client credentials"), rejected.error().message());
        assertFalse(rejected.toString().contains("wrong-secret-value"));
        assertEquals(0, emulator.journal().matching("GET", "/accounts").size());
    }

    @Test
    void idsCannotChangeTheRequestPath() {
        client.execute(OttimateRequest.get("invoices", "../vendors").build());
        client.execute(OttimateRequest.get("invoices", "a/b c%2F").build());
        final List<String> paths = emulator.journal().filter(r -> r.method().equals("GET")).stream().map(ApiRequest::rawPath).toList();
        assertEquals(List.of("/v1/invoices/%2E%2E%2Fvendors", "/v1/invoices/a%2Fb%20c%252F"), paths);
    }

    @Test
    void rejectsIdempotencyKeysThatCouldInjectHeaders() {
        final IllegalArgumentException error = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> OttimateRequest.post("invoices").idempotencyKey("abc\r\nX-Evil: 1"));
        assertTrue(error.getMessage().contains("Idempotency key"));
    }

    @Test
    void secretsNeverShowInToString() {
        final ClientSettings settings = settings();
        assertFalse(settings.toString().contains(emulator.settings().clientSecret()));
        assertFalse(settings.toString().contains(emulator.settings().apiKey()));
        final AccessToken token = new AccessToken(Secret.of("tok-123"), Duration.ofSeconds(5));
        assertFalse(token.toString().contains("tok-123"));
        assertFalse(new RequestBody.Form(Map.of("client_secret", Secret.of("s3cr3t"))).toString().contains("s3cr3t"));
    }
}
