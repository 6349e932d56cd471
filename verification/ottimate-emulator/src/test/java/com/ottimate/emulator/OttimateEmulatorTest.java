/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The emulator's own contract: what it enforces, over real HTTP. */
class OttimateEmulatorTest {
    private OttimateEmulator emulator;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws IOException {
        emulator = OttimateEmulator.start();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private String token() throws Exception {
        final EmulatorSettings s = emulator.settings();
        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/oauth/token"))
                .header("X-Api-Key", s.apiKey())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + s.clientId() + "&client_secret=" + s.clientSecret()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        final JsonNode body = Json.MAPPER.readTree(response.body());
        assertEquals(3600, body.get("expires_in").asInt());
        return body.get("access_token").asText();
    }

    private HttpResponse<String> post(final String path, final String token, final String key, final String json) throws Exception {
        final HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path))
                .header("X-Api-Key", emulator.settings().apiKey())
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (key != null) {
            builder.header("Idempotency-Key", key);
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void recordedTrafficHoldsNoAccessTokenNorSecret() throws Exception {
        final String dir = System.getProperty(TrafficRecorder.PROPERTY);
        org.junit.jupiter.api.Assumptions.assumeTrue(dir != null, "traffic is recorded in the build");
        final String token = token();
        try (OttimateEmulator jsonAuth = OttimateEmulator.start(Set.of(EmulatorProfile.JSON_TOKEN))) {
            final EmulatorSettings s = jsonAuth.settings();
            http.send(HttpRequest.newBuilder(URI.create(jsonAuth.baseUrl() + "/oauth/token")).header("X-Api-Key", s.apiKey())
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\": \"client_credentials\", "
                            + "\"client_id\": \"" + s.clientId() + "\", \"client_secret\": \"" + s.clientSecret() + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        final StringBuilder recorded = new StringBuilder();
        try (var files = Files.list(Path.of(dir))) {
            for (final Path file : files.toList()) {
                recorded.append(Files.readString(file));
            }
        }
        assertTrue(recorded.toString().contains("\"access_token\":\"present\""), "token answers were recorded");
        assertFalse(recorded.toString().contains(token), "an access token in the traffic files");
        assertFalse(recorded.toString().contains(emulator.settings().clientSecret()), "the client secret in the traffic files");
    }

    @Test
    void rejectsWrongClientSecretWithoutIssuingAToken() throws Exception {
        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/oauth/token"))
                .header("X-Api-Key", emulator.settings().apiKey())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=emulator-client&client_secret=wrong"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, response.statusCode());
        assertEquals("invalid_client", Json.MAPPER.readTree(response.body()).get("code").asText());
    }

    @Test
    void requiresApiKeyAndValidBearer() throws Exception {
        final String token = token();
        assertEquals(401, post("/invoices", "not-a-token", null, "{}").statusCode());
        emulator.expireTokens();
        final HttpResponse<String> expired = post("/invoices", token, null, "{}");
        assertEquals(401, expired.statusCode());
        assertEquals("token_not_valid", Json.MAPPER.readTree(expired.body()).get("code").asText());
    }

    @Test
    void replaysSameKeyAndBodyAndRejectsSameKeyWithOtherBody() throws Exception {
        final String token = token();
        final String invoice = "{\"ottimate_location_id\": 10, \"invoice_number\": \"INV-1\"}";
        final HttpResponse<String> first = post("/invoices", token, "key-1", invoice);
        final HttpResponse<String> replay = post("/invoices", token, "key-1", invoice);
        assertEquals(201, first.statusCode(), first.body());
        assertEquals(201, replay.statusCode());
        assertEquals(first.body(), replay.body());
        assertEquals("true", replay.headers().firstValue("X-Idempotent-Replayed").orElse(""));
        assertEquals(1, emulator.store().invoices().size());
        final HttpResponse<String> mismatch = post("/invoices", token, "key-1", "{\"ottimate_location_id\": 10, \"invoice_number\": \"INV-2\"}");
        assertEquals(422, mismatch.statusCode());
        assertEquals(1, emulator.store().invoices().size());
    }

    @Test
    void validatesInvoiceBodies() throws Exception {
        final HttpResponse<String> response = post("/invoices", token(), null, "{\"invoice_number\": 5, \"total_amount\": \"ten\", \"color\": \"red\"}");
        assertEquals(400, response.statusCode());
        final JsonNode message = Json.MAPPER.readTree(response.body()).get("message");
        assertTrue(message.has("ottimate_location_id"));
        assertTrue(message.has("invoice_number"));
        assertTrue(message.has("total_amount"));
        assertTrue(message.has("color"));
        assertEquals(400, post("/invoices", token(), null, "{not json").statusCode());
    }

    @Test
    void injectsStatusFaultsWithRetryAfterThenRecovers() throws Exception {
        final String token = token();
        emulator.faults().next(1, Fault.tooManyRequests(Duration.ofSeconds(7)).on("/invoices"));
        final HttpResponse<String> limited = post("/invoices", token, "k", "{\"ottimate_location_id\": 10, \"invoice_number\": \"A\"}");
        assertEquals(429, limited.statusCode());
        assertEquals("7", limited.headers().firstValue("Retry-After").orElse(""));
        assertEquals(0, emulator.store().invoices().size());
        assertEquals(201, post("/invoices", token, "k", "{\"ottimate_location_id\": 10, \"invoice_number\": \"A\"}").statusCode());
    }

    @Test
    void dropsAndTruncatesConnections() throws Exception {
        final String token = token();
        emulator.faults().next(1, Fault.drop());
        assertThrows(IOException.class, () -> post("/invoices", token, "d", "{\"ottimate_location_id\": 10, \"invoice_number\": \"A\"}"));
        assertEquals(0, emulator.store().invoices().size());
        emulator.faults().next(1, Fault.truncate());
        assertThrows(IOException.class, () -> post("/invoices", token, "d", "{\"ottimate_location_id\": 10, \"invoice_number\": \"A\"}"));
        assertEquals(1, emulator.store().invoices().size(), "a truncated response still created the invoice");
        final HttpResponse<String> replay = post("/invoices", token, "d", "{\"ottimate_location_id\": 10, \"invoice_number\": \"A\"}");
        assertEquals("true", replay.headers().firstValue("X-Idempotent-Replayed").orElse(""));
        assertEquals(1, emulator.store().invoices().size());
    }

    @Test
    void aLateRequestClosesUnansweredAndIsAppliedWhenItsTimeComesOnTheEmulatorsClock() throws Exception {
        final String token = token();
        emulator.faults().next(1, Fault.applyLate(Duration.ofSeconds(20)).on("/invoices"));
        assertThrows(IOException.class, () -> post("/invoices", token, "late", "{\"ottimate_location_id\": 10, \"invoice_number\": \"A\"}"));
        assertEquals(0, emulator.store().invoices().size(), "not applied yet");
        emulator.clock().advance(Duration.ofSeconds(19));
        assertEquals(1, emulator.applyDue(), "still under way");
        assertEquals(0, emulator.store().invoices().size());
        emulator.clock().advance(Duration.ofSeconds(1));
        // the next request lets it land first: the look-up sees it
        final HttpResponse<String> listed = http.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/invoices?search=A"))
                .header("X-Api-Key", emulator.settings().apiKey()).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(1, Json.MAPPER.readTree(listed.body()).path("results").size(), listed.body());
        assertEquals(0, emulator.applyDue());
        final HttpResponse<String> resent = post("/invoices", token, "late", "{\"ottimate_location_id\": 10, \"invoice_number\": \"A\"}");
        assertEquals("true", resent.headers().firstValue("X-Idempotent-Replayed").orElse(""), "the late apply stored its key");
        assertEquals(1, emulator.store().invoices().size());
    }

    @Test
    void aRequestDeliveredTwiceIsAppliedTwiceAndAnsweredTheSecondTime() throws Exception {
        final String token = token();
        emulator.faults().next(1, Fault.deliveredTwice());
        final HttpResponse<String> keyed = post("/invoices", token, "twice", "{\"ottimate_location_id\": 10, \"invoice_number\": \"A\"}");
        assertEquals("true", keyed.headers().firstValue("X-Idempotent-Replayed").orElse(""), "the second delivery is a replay");
        assertEquals(1, emulator.store().invoices().size());
        emulator.faults().next(1, Fault.deliveredTwice());
        assertEquals(201, post("/invoices", token, null, "{\"ottimate_location_id\": 10, \"invoice_number\": \"B\"}").statusCode());
        assertEquals(3, emulator.store().invoices().size(), "without a key, both deliveries create");
    }

    @Test
    void enforcesRateLimitWith429AndRetryAfter() throws Exception {
        emulator.close();
        emulator = OttimateEmulator.start(EmulatorSettings.defaults().withRateLimit(1, 2), 0);
        final String token = token();
        post("/invoices", token, null, "{}");
        final HttpResponse<String> limited = post("/invoices", token, null, "{}");
        assertEquals(429, limited.statusCode());
        assertTrue(Integer.parseInt(limited.headers().firstValue("Retry-After").orElseThrow()) >= 1);
    }
}
