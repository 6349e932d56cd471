/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Appends every exchange (request and answer) as one JSON line to a file under the directory named by the system
 * property {@code ottimate.traffic.dir}, so the contract suite can validate all test traffic in one place.
 * Off when the property is not set. Credentials are reduced to "present", in headers and in bodies (client secrets
 * sent as JSON, the access tokens the token endpoint hands out): the file holds no secret.
 */
final class TrafficRecorder {
    static final String PROPERTY = "ottimate.traffic.dir";
    private static final List<String> HEADERS = List.of("x-api-key", "authorization", "idempotency-key", "x-api-version", "content-type");

    private final Path file;
    private final Set<EmulatorProfile> profiles;

    private TrafficRecorder(final Path file, final Set<EmulatorProfile> profiles) {
        this.file = file;
        this.profiles = profiles;
    }

    /** @param profiles written on every line: the contract suite knows which departures from the document they make on purpose */
    static Optional<TrafficRecorder> fromSystemProperty(final int port, final Set<EmulatorProfile> profiles) {
        final String dir = System.getProperty(PROPERTY);
        if (dir == null || dir.isBlank()) {
            return Optional.empty();
        }
        try {
            Files.createDirectories(Path.of(dir));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.of(new TrafficRecorder(Path.of(dir, "traffic-" + ProcessHandle.current().pid() + "-" + port + ".jsonl"), profiles));
    }

    synchronized void record(final ApiRequest request, final ApiResponse response, final boolean injectedFault) {
        final ObjectNode line = Json.object();
        line.put("method", request.method());
        line.put("path", request.rawPath());
        line.put("query", request.rawQuery() == null ? "" : request.rawQuery());
        final ObjectNode headers = line.putObject("headers");
        for (final String name : HEADERS) {
            request.header(name).ifPresent(value -> headers.put(name, name.equals("content-type") || name.equals("x-api-version") ? value : "present"));
        }
        line.set("requestBody", redacted(requestBody(request)));
        line.put("status", response == null ? 0 : response.status());
        line.set("responseBody", response == null ? null : redacted(parse(response.body())));
        line.put("fault", injectedFault);
        if (!profiles.isEmpty()) {
            final ArrayNode names = line.putArray("profiles");
            profiles.forEach(profile -> names.add(profile.option()));
        }
        try {
            Files.write(file, (line + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode requestBody(final ApiRequest request) {
        if (request.multipart() != null) {
            final ObjectNode fields = Json.object();
            request.multipart().fields().forEach(fields::put);
            // a file part is shown by its name; "images" is an array of files in the API
            request.multipart().filePart().ifPresent(file -> {
                if (file.name().equals("images")) {
                    fields.putArray("images").add(file.filename());
                } else {
                    fields.put(file.name(), file.filename());
                }
            });
            return fields;
        }
        final String type = request.header("content-type").orElse("");
        if (type.startsWith("application/x-www-form-urlencoded")) {
            final ObjectNode form = Json.object();
            for (final Map.Entry<String, List<String>> field : QueryString.parse(request.bodyText()).entrySet()) {
                form.put(field.getKey(), field.getKey().contains("secret") ? "present" : field.getValue().getFirst());
            }
            return form;
        }
        return parse(request.body());
    }

    private static final List<String> SECRET_FIELDS = List.of("access_token", "refresh_token", "client_secret");

    private static JsonNode redacted(final JsonNode body) {
        if (body instanceof ObjectNode object) {
            for (final String name : SECRET_FIELDS) {
                if (object.hasNonNull(name)) {
                    object.put(name, "present");
                }
            }
        }
        return body;
    }

    private static JsonNode parse(final byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return Json.parse(body);
        } catch (final IOException notJson) {
            return Json.MAPPER.getNodeFactory().textNode("<not JSON: " + body.length + " bytes>");
        }
    }
}
