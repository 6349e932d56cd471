/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.client;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.node.TextNode;
import com.ottimate.emulator.ApiRequest;
import com.ottimate.emulator.EmulatorProfile;
import com.ottimate.emulator.EmulatorSettings;
import com.ottimate.emulator.Fault;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.client.model.OttimateRequest;
import com.ottimate.nifi.client.model.OttimateResult;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The request path against an API that behaves less kindly than documented: the emulator's profiles for auth, transport
 * and answers, and the defects a review found in the client, each with the test that failed before its fix.
 */
class ClientUnderProfilesTest {
    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final ManualTicker ticker = new ManualTicker();

    private static ClientSettings settings(final OttimateEmulator emulator) {
        final EmulatorSettings s = emulator.settings();
        ClientSettings settings = Settings.of(ClientSettings.defaults(URI.create(emulator.baseUrl()), Secret.of(s.apiKey()), s.clientId(), Secret.of(s.clientSecret())))
                .tokenUri(URI.create(emulator.tokenUrl()))
                .retryPolicy(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofSeconds(30), () -> 1.0)).get();
        if (emulator.clientTls().isPresent()) {
            settings = Settings.of(settings).sslContext(emulator.clientTls().get()).get();
        }
        return settings;
    }

    private OttimateClient client(final ClientSettings settings) {
        return OttimateClient.builder(settings).sleeper(sleeper).ticker(ticker).build();
    }

    private static OttimateRequest listInvoices() {
        return OttimateRequest.get("invoices").query("limit", "1").build();
    }

    private static OttimateRequest createInvoice(final String number) {
        return OttimateRequest.post("invoices").json(("{\"ottimate_location_id\": 10, \"invoice_number\": \"" + number + "\"}")
                .getBytes(StandardCharsets.UTF_8)).idempotencyKey("key-" + number).build();
    }

    @Test
    void aFailingTokenEndpointIsCalledOnceForEveryThreadWaitingOnIt() throws Exception {
        // a token endpoint that takes 500 ms to fail: the 7 threads queued behind the first call must share its failure
        final AtomicInteger calls = new AtomicInteger();
        final HttpServer failing = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        failing.createContext("/", exchange -> {
            calls.incrementAndGet();
            sleep(500);
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        failing.setExecutor(Executors.newFixedThreadPool(8));
        failing.start();
        try (OttimateEmulator emulator = OttimateEmulator.start();
             OttimateClient client = client(Settings.of(settings(emulator)).tokenUri(URI.create("http://127.0.0.1:" + failing.getAddress().getPort() + "/oauth/token"))
                     .retryPolicy(RetryPolicy.of(0, Duration.ofMillis(1), Duration.ofMillis(1))).get())) {
            final ExecutorService threads = Executors.newFixedThreadPool(8);
            final List<Future<Long>> waits = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                waits.add(threads.submit(() -> {
                    final long started = System.nanoTime();
                    assertInstanceOf(OttimateResult.Retryable.class, client.execute(listInvoices()));
                    return (System.nanoTime() - started) / 1_000_000;
                }));
            }
            long longest = 0;
            for (final Future<Long> wait : waits) {
                longest = Math.max(longest, wait.get());
            }
            threads.shutdown();
            assertEquals(1, calls.get(), "one token call for 8 waiting threads");
            assertTrue(longest < 1_500, "nobody waited for a second failing call: " + longest + " ms");
            assertEquals(0, emulator.journal().matching("GET", "/invoices").size(), "nothing sent without a token");
        } finally {
            failing.stop(0);
        }
    }

    private static void sleep(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aRevokedApiKeyFailsAtOnceWithAClearMessageInsteadOfLoopingOnTokenRenewal() throws Exception {
        try (OttimateEmulator emulator = OttimateEmulator.start(Set.of(EmulatorProfile.SEPARATE_AUTH_HOST))) {
            // the auth host does not check the API key, so a token is issued; the API paths then refuse the key
            final ClientSettings wrongKey = new ClientSettings(URI.create(emulator.baseUrl()), URI.create(emulator.tokenUrl()), Secret.of("revoked-key"),
                    emulator.settings().clientId(), Secret.of(emulator.settings().clientSecret()), null, null, Duration.ofSeconds(5),
                    Duration.ofSeconds(20), Duration.ofMinutes(5), RetryPolicy.of(3, Duration.ofMillis(10), Duration.ofSeconds(1)), 500, 1000,
                    null, null, UserAgent.VALUE, null);
            try (OttimateClient client = client(wrongKey)) {
                final OttimateResult.Rejected rejected = assertInstanceOf(OttimateResult.Rejected.class, client.execute(listInvoices()));
                assertEquals("invalid_api_key", rejected.error().code());
                assertTrue(rejected.error().message().contains("API Key"), rejected.error().message());
                assertFalse(rejected.error().message().contains("revoked-key"));
            }
            assertEquals(1, emulator.journal().matching("GET", "/invoices").size(), "no retry, no token renewal loop");
            assertEquals(1, emulator.journal().tokenRequests());
            assertTrue(emulator.journal().matching("POST", "/oauth/token").stream().allMatch(r -> r.rawPath().equals("/oauth/token")),
                    "tokens came from the auth host");
        }
    }

    @Test
    void aTokenEndpointThatTakesJsonOnlyIsAskedAgainWithJsonAndRemembered() throws Exception {
        try (OttimateEmulator emulator = OttimateEmulator.start(Set.of(EmulatorProfile.JSON_TOKEN)); OttimateClient client = client(settings(emulator))) {
            assertInstanceOf(OttimateResult.Success.class, client.execute(listInvoices()));
            emulator.expireTokens();
            assertInstanceOf(OttimateResult.Success.class, client.execute(listInvoices()));
            final List<ApiRequest> tokens = emulator.journal().matching("POST", "/oauth/token");
            assertEquals(List.of("application/x-www-form-urlencoded", "application/json", "application/json"),
                    tokens.stream().map(r -> r.header("content-type").orElseThrow().split(";")[0]).toList(), "form once, then JSON, kept");
        }
    }

    @Test
    void httpsThroughAProxyThatWantsBasicCredentialsOnConnect() throws Exception {
        try (OttimateEmulator emulator = OttimateEmulator.start(Set.of(EmulatorProfile.PROXY_BASIC, EmulatorProfile.SEPARATE_AUTH_HOST))) {
            final OttimateEmulator.ProxyAccess proxy = emulator.proxy().orElseThrow();
            final ClientSettings base = settings(emulator);
            try (OttimateClient anonymous = client(Settings.of(base).proxy(ProxySettings.anonymous(proxy.host(), proxy.port())).get())) {
                final OttimateResult.Rejected refused = assertInstanceOf(OttimateResult.Rejected.class, anonymous.execute(listInvoices()));
                assertEquals("proxy_auth_required", refused.error().code());
                assertTrue(refused.error().message().contains("set a user and password"), refused.error().message());
            }
            try (OttimateClient wrong = client(Settings.of(base).proxy(new ProxySettings(proxy.host(), proxy.port(), proxy.user(), Secret.of("wrong"))).get())) {
                final OttimateResult.Rejected refused = assertInstanceOf(OttimateResult.Rejected.class, wrong.execute(listInvoices()));
                assertTrue(refused.error().message().contains("refused the user and password"), refused.error().message());
                assertFalse(refused.error().message().contains("wrong"));
            }
            try (OttimateClient client = client(Settings.of(base).proxy(new ProxySettings(proxy.host(), proxy.port(), proxy.user(), Secret.of(proxy.password()))).get())) {
                final OttimateResult.Success listed = assertInstanceOf(OttimateResult.Success.class, client.execute(listInvoices()));
                assertTrue(listed.uri().toString().startsWith("https://api.ottimate.test:"), "reached by name through the tunnel: " + listed.uri());
            }
            assertTrue(emulator.proxy().orElseThrow().tunnels() >= 2, "the token host and the API host, both through the proxy");
        }
    }

    @Test
    void loopbackAddressesBypassTheProxy() throws Exception {
        try (OttimateEmulator emulator = OttimateEmulator.start();
             OttimateClient client = client(Settings.of(settings(emulator)).proxy(new ProxySettings("proxy.invalid", 3128, "user", null)).get())) {
            // the proxy does not exist: the request only works because loopback goes direct; a user without a password is fine
            assertInstanceOf(OttimateResult.Success.class, client.execute(listInvoices()));
        }
    }

    @Test
    void tlsHandshakesDroppedByALoadBalancerAreRetriedNotFailed() throws Exception {
        try (OttimateEmulator emulator = OttimateEmulator.start(Set.of(EmulatorProfile.TLS_DROPS))) {
            for (int i = 0; i < 3; i++) {
                // a new client each time: a new connection, whose handshake may be the one dropped
                try (OttimateClient client = client(settings(emulator))) {
                    assertInstanceOf(OttimateResult.Success.class, client.execute(createInvoice("TLS-" + i)), "attempt " + i);
                }
            }
            assertTrue(emulator.droppedHandshakes() >= 2, "handshakes were dropped: " + emulator.droppedHandshakes());
            assertEquals(3, emulator.store().invoices().size());
        }
    }

    @Test
    void anEndlessAnswerIsCutAtTheCapAndAskedAgain() throws Exception {
        try (OttimateEmulator emulator = OttimateEmulator.start(Set.of(EmulatorProfile.HUGE_RESPONSES)); OttimateClient client = client(settings(emulator))) {
            int endless = 0;
            for (int i = 0; i < 60; i++) {
                final OttimateResult result = client.execute(listInvoices());
                assertInstanceOf(OttimateResult.Success.class, result, "read " + i);
                endless += ((OttimateResult.Success) result).attempts() - 1;
            }
            assertTrue(endless >= 1, "some answers were endless and were asked again");
            assertTrue(Runtime.getRuntime().totalMemory() < 1_000_000_000L, "memory stayed bounded");
        }
    }

    @Test
    void deprecationAndSunsetNoticesBecomeOneWarningPerEndpoint() throws Exception {
        final List<String> warnings = new CopyOnWriteArrayList<>();
        try (OttimateEmulator emulator = OttimateEmulator.start(Set.of(EmulatorProfile.DEPRECATION_NOTICES));
             OttimateClient client = OttimateClient.builder(settings(emulator)).sleeper(sleeper).ticker(ticker).warnings(warnings::add).build()) {
            for (int i = 0; i < 3; i++) {
                client.execute(listInvoices());
                client.execute(OttimateRequest.get("invoices", "inv-" + i).build());
            }
        }
        assertEquals(2, warnings.size(), "one per endpoint: " + warnings);
        assertTrue(warnings.getFirst().contains("GET /invoices") && warnings.getFirst().contains("Sunset"), warnings.getFirst());
        assertTrue(warnings.get(1).contains("GET /invoices/{id}"), warnings.get(1));
    }

    @Test
    void aPatchAnswered412IsSentAgain() throws Exception {
        try (OttimateEmulator emulator = OttimateEmulator.start(Set.of(EmulatorProfile.PATCH_CONFLICTS)); OttimateClient client = client(settings(emulator))) {
            final String id = emulator.seedInvoice(10, "P-1");
            final OttimateResult result = client.execute(OttimateRequest.patch("invoices", id).json("{\"notes\": \"checked\"}".getBytes(StandardCharsets.UTF_8)).build());
            final OttimateResult.Success success = assertInstanceOf(OttimateResult.Success.class, result);
            assertEquals(2, success.attempts(), "412, then applied");
            assertEquals("checked", emulator.store().invoices().get(id).orElseThrow().path("notes").asText());
        }
    }

    @Test
    void aDeleteWhoseFirstAnswerWasLostAndThenFindsNothingHasSucceeded() throws Exception {
        try (OttimateEmulator emulator = OttimateEmulator.start(); OttimateClient client = client(settings(emulator))) {
            final String id = emulator.seedInvoice(10, "D-1");
            final OttimateResult added = client.execute(OttimateRequest.post("invoices", id, "approvers")
                    .json("{\"approver\": {\"email\": \"ann@example.com\"}}".getBytes(StandardCharsets.UTF_8)).idempotencyKey("add-ann").build());
            final String approval = assertInstanceOf(OttimateResult.Success.class, added).body().path("id").asText();
            // the delete is applied, but its answer comes after the client gave up; the retry finds nothing left to delete
            emulator.faults().next(1, Fault.delay(Duration.ofMillis(1500)).on("/invoices/" + id + "/approvers"));
            final OttimateResult removed;
            // waits really slept: the retry comes after the first attempt was applied
            try (OttimateClient impatient = OttimateClient.builder(Settings.of(settings(emulator)).requestTimeout(Duration.ofSeconds(1))
                    .retryPolicy(new RetryPolicy(3, Duration.ofMillis(1000), Duration.ofSeconds(5), () -> 1.0)).get()).ticker(ticker).build()) {
                removed = impatient.execute(OttimateRequest.delete("invoices", id, "approvers").query("approval_id", approval).build());
            }
            final OttimateResult.Success success = assertInstanceOf(OttimateResult.Success.class, removed);
            assertTrue(success.replayed());
            assertEquals(2, emulator.journal().matching("DELETE", "/invoices/" + id + "/approvers").size());
        }
    }

    private static OttimateRequest.Builder createWithLookup(final String number) {
        final IdentityMatch identity = IdentityMatch.of("invoice " + number, Map.of("invoice_number",
                TextNode.valueOf(number)), "created_at_utc");
        return OttimateRequest.post("invoices")
                .json(("{\"ottimate_location_id\": 10, \"invoice_number\": \"" + number + "\"}").getBytes(StandardCharsets.UTF_8)).idempotencyKey("key-" + number)
                .lookup(Lookup.listing(OttimateRequest.get("invoices").query("search", number).build(), "results", 100, Lookup.MAX_PAGES,
                        (candidates, window) -> identity.judge(candidates, window)));
    }

    @Test
    void aCreateWhoseAnswerWasLostIsLookedUpBeforeItIsSentAgainWhereTheServerIgnoresKeys() throws Exception {
        try (OttimateEmulator emulator = OttimateEmulator.start(Set.of(EmulatorProfile.IGNORES_IDEMPOTENCY_KEY));
             OttimateClient client = client(Settings.of(settings(emulator)).unansweredSettle(Duration.ZERO).get())) {
            emulator.faults().next(1, Fault.truncate().on("/invoices"));
            final OttimateResult.Success success = assertInstanceOf(OttimateResult.Success.class, client.execute(createWithLookup("L-1").build()));
            assertTrue(success.replayed(), "found, not created again");
            assertEquals(1, emulator.store().invoices().size(), "one invoice");
            assertEquals(1, emulator.journal().matching("POST", "/invoices").size());
        }
    }

    @Test
    void aCreateStillInFlightIsNotSentAgainBeforeTheApiCanNoLongerApplyIt() throws Exception {
        try (OttimateEmulator emulator = OttimateEmulator.start(Set.of(EmulatorProfile.IGNORES_IDEMPOTENCY_KEY));
             OttimateClient client = OttimateClient.builder(Settings.of(settings(emulator)).requestTimeout(Duration.ofSeconds(1)).unansweredSettle(Duration.ofSeconds(3)).get())
                     .sleeper(sleeper).ticker(ticker).clock(emulator.clock()).build()) {
            // the API takes 1.5 s: the client gives up after 1 s, the invoice is created after it did
            emulator.faults().next(1, Fault.delay(Duration.ofMillis(1500)).on("/invoices"));
            final OttimateResult.Retryable waiting = assertInstanceOf(OttimateResult.Retryable.class, client.execute(createWithLookup("F-1").build()));
            assertEquals("unanswered_write", waiting.error().code());
            assertTrue(waiting.unanswered() != null);
            // back too early from retry (the clock has not moved past the settle time): still not sent, still not looked up
            final OttimateResult.Retryable early = assertInstanceOf(OttimateResult.Retryable.class,
                    client.execute(createWithLookup("F-1").unanswered(waiting.unanswered()).build()));
            assertEquals(waiting.unanswered(), early.unanswered());
            assertEquals(0, emulator.journal().matching("GET", "/invoices").size(), "not looked up before the settle time");
            final long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (emulator.store().invoices().size() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            emulator.clock().advance(Duration.ofSeconds(3));
            final OttimateResult.Success found = assertInstanceOf(OttimateResult.Success.class,
                    client.execute(createWithLookup("F-1").unanswered(waiting.unanswered()).build()));
            assertTrue(found.replayed());
            assertEquals(1, emulator.store().invoices().size(), "the late first attempt's invoice, and no second");
            assertEquals(1, emulator.journal().matching("POST", "/invoices").size());
        }
    }

    @Test
    void tokenEndpointErrorsNeverRepeatWhatWasSent() throws Exception {
        // a gateway that echoes the request body into its error answer
        final HttpServer echo = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        echo.createContext("/", exchange -> {
            final byte[] sent = exchange.getRequestBody().readAllBytes();
            final byte[] answer = ("{\"code\": \"invalid_request\", \"message\": \"could not read " + new String(sent, StandardCharsets.UTF_8) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(400, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        echo.start();
        try (OttimateEmulator emulator = OttimateEmulator.start()) {
            final String secret = emulator.settings().clientSecret();
            final ClientSettings settings = Settings.of(settings(emulator)).tokenUri(URI.create("http://127.0.0.1:" + echo.getAddress().getPort() + "/oauth/token")).get();
            try (OttimateClient client = client(settings)) {
                final OttimateResult result = client.execute(listInvoices());
                final OttimateResult.Rejected rejected = assertInstanceOf(OttimateResult.Rejected.class, result);
                assertFalse(rejected.error().message().contains(secret), rejected.error().message());
                assertEquals("invalid_request", rejected.error().code());
            }
        } finally {
            echo.stop(0);
        }
    }

    @Test
    void aHostileAnswerCostsBoundedWorkNotAStackOverflow() throws Exception {
        final String deep = "[".repeat(10_000) + "]".repeat(10_000);
        final StreamConstraintsException refused = org.junit.jupiter.api.Assertions.assertThrows(
                StreamConstraintsException.class, () -> ExactJson.mapper().readTree(deep));
        assertTrue(refused.getMessage().contains("nesting depth"), refused.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(StreamConstraintsException.class,
                () -> ExactJson.mapper().readTree("1" + "0".repeat(2_000)));
        assertEquals(new BigDecimal("1234.5600"), ExactJson.mapper().readTree("{\"a\": 1234.5600}").get("a").decimalValue(), "and exact");
    }

    @Test
    void aTokenLifetimeOfCenturiesIsKeptToADay() {
        assertEquals(Duration.ofDays(1).minusMinutes(5), TokenProvider.usableLifetime(
                Duration.ofSeconds(Math.min(Long.MAX_VALUE / 4, TokenEndpoint.MAX_LIFETIME.toSeconds())), Duration.ofMinutes(5)));
        final AtomicInteger loads = new AtomicInteger();
        final TokenProvider provider = new TokenProvider(() -> {
            loads.incrementAndGet();
            return new AccessToken(Secret.of("t"), TokenEndpoint.MAX_LIFETIME);
        }, Duration.ofMinutes(5), ticker);
        provider.current();
        ticker.advance(Duration.ofHours(23).plusMinutes(56));
        provider.current();
        assertEquals(2, loads.get(), "asked again within a day");
    }
}
