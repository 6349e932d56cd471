/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.contract;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Set;
import java.util.TreeSet;

/** One recorded request and the emulator's answer, as TrafficRecorder wrote it. */
record Exchange(String source, String method, String path, String query, JsonNode headers, JsonNode requestBody, int status,
                JsonNode responseBody, boolean fault, Set<String> profiles) {

    static Exchange of(final String source, final JsonNode line) {
        final Set<String> profiles = new TreeSet<>();
        line.path("profiles").forEach(profile -> profiles.add(profile.asText()));
        return new Exchange(source, line.path("method").asText(), line.path("path").asText(), line.path("query").asText(""),
                line.path("headers"), line.get("requestBody"), line.path("status").asInt(), line.get("responseBody"), line.path("fault").asBoolean(),
                profiles);
    }

    /** The emulator answered as a profile that departs from the document on purpose (Deviations.PROFILES): its answer is not checked. */
    boolean answerDepartsOnPurpose() {
        return profiles.stream().anyMatch(Deviations.PROFILES::containsKey);
    }

    /** The path below the server URL, e.g. /invoices/123 for /v1/invoices/123. */
    String apiPath() {
        return path.startsWith("/v1/") ? path.substring(3) : path;
    }

    boolean success() {
        return status >= 200 && status < 300;
    }

    @Override
    public String toString() {
        return method + " " + path + (query.isEmpty() ? "" : "?" + query) + " -> " + status + " [" + source + (profiles.isEmpty() ? "" : " " + profiles) + "]";
    }
}
