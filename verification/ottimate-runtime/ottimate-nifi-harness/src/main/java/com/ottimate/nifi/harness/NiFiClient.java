/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The HTTP side of NiFi's REST API ({@code /nifi-api}), as a user's automation calls it: JSON in, JSON out, errors as
 * exceptions that carry NiFi's own message. {@link NiFiFlow} builds on it.
 */
public final class NiFiClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String clientId = UUID.randomUUID().toString();

    public NiFiClient(final URI base) {
        this.base = base;
    }

    /** NiFi answered with an error status; the message is NiFi's own text (e.g. a validation error). */
    public static final class NiFiException extends RuntimeException {
        private final int status;

        NiFiException(final String request, final int status, final String body) {
            super(request + " -> HTTP " + status + ": " + body);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    public String clientId() {
        return clientId;
    }

    public URI base() {
        return base;
    }

    public JsonNode get(final String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), "GET " + path);
    }

    public byte[] getBytes(final String path) {
        final HttpRequest request = HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT).GET().build();
        final HttpResponse<byte[]> response = exchange(request, HttpResponse.BodyHandlers.ofByteArray());
        check("GET " + path, response.statusCode(), () -> new String(response.body(), StandardCharsets.UTF_8));
        return response.body();
    }

    public JsonNode post(final String path, final JsonNode body) {
        return send(json(HttpRequest.newBuilder(uri(path)), body).POST(bodyOf(body)), "POST " + path);
    }

    public JsonNode put(final String path, final JsonNode body) {
        return send(json(HttpRequest.newBuilder(uri(path)), body).PUT(bodyOf(body)), "PUT " + path);
    }

    public JsonNode delete(final String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE(), "DELETE " + path);
    }

    /** A multipart/form-data POST: text fields, then one file field. */
    public JsonNode upload(final String path, final List<String[]> fields, final String fileField, final Path file) {
        final String boundary = "----ottimate" + UUID.randomUUID().toString().replace("-", "");
        final List<byte[]> parts = new ArrayList<>();
        for (final String[] field : fields) {
            parts.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field[0] + "\"\r\n\r\n" + field[1] + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        try {
            parts.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField + "\"; filename=\"" + file.getFileName()
                    + "\"\r\nContent-Type: application/json\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            parts.add(Files.readAllBytes(file));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        parts.add(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        final HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArrays(parts));
        return send(request, "POST " + path);
    }

    /** {@code {"revision": {"version": 0, "clientId": ...}}} plus {@code component}: the body of every create. */
    public ObjectNode newEntity(final JsonNode component) {
        final ObjectNode entity = JSON.createObjectNode();
        entity.putObject("revision").put("version", 0).put("clientId", clientId);
        entity.set("component", component);
        return entity;
    }

    /** The revision of an entity as NiFi returned it, with our client id: updates must carry the current one. */
    public ObjectNode revisionOf(final JsonNode entity) {
        final ObjectNode revision = JSON.createObjectNode();
        revision.put("version", entity.path("revision").path("version").asLong()).put("clientId", clientId);
        return revision;
    }

    private static HttpRequest.Builder json(final HttpRequest.Builder builder, final JsonNode body) {
        return builder.header("Content-Type", "application/json").header("Accept", "application/json");
    }

    private static HttpRequest.BodyPublisher bodyOf(final JsonNode body) {
        try {
            return HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private URI uri(final String path) {
        return base.resolve(path.startsWith("/nifi-api") ? path : "/nifi-api" + (path.startsWith("/") ? path : "/" + path));
    }

    private JsonNode send(final HttpRequest.Builder builder, final String description) {
        final HttpResponse<String> response = exchange(builder.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        check(description, response.statusCode(), response::body);
        if (response.body() == null || response.body().isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(response.body());
        } catch (final IOException e) {
            // some endpoints answer plain text
            return JSON.getNodeFactory().textNode(response.body());
        }
    }

    private <T> HttpResponse<T> exchange(final HttpRequest request, final HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (final IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling NiFi", e);
        }
    }

    private static void check(final String description, final int status, final Supplier<String> body) {
        if (status < 200 || status >= 300) {
            throw new NiFiException(description, status, body.get());
        }
    }
}
