/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** PAGE_CAP: what a server with smaller pages than asked, and no totals, does to a list request and its answer. */
final class Pages {
    private Pages() {
    }

    /** The request as the server reads it: {@code limit} no larger than {@code cap}. */
    static ApiRequest capLimit(final ApiRequest request, final int cap) {
        final Map<String, List<String>> query = request.query();
        final List<String> limit = query.get("limit");
        if (limit != null && !limit.isEmpty()) {
            try {
                if (Integer.parseInt(limit.getFirst()) <= cap) {
                    return request;
                }
            } catch (final NumberFormatException e) {
                return request;
            }
        }
        final String rawQuery = query.entrySet().stream().filter(e -> !e.getKey().equals("limit"))
                .flatMap(e -> e.getValue().stream().map(v -> QueryString.encode(e.getKey()) + "=" + QueryString.encode(v)))
                .collect(Collectors.joining("&"));
        return new ApiRequest(request.method(), request.rawPath(), (rawQuery.isEmpty() ? "" : rawQuery + "&") + "limit=" + cap,
                request.headers(), request.body(), request.connection(), request.receivedAtNanos(), request.multipart());
    }

    /** A list answer without its {@code count} (and page arithmetic fields that would give it away). */
    static ApiResponse withoutCount(final ApiResponse response) {
        if (response.status() != 200) {
            return response;
        }
        try {
            final JsonNode body = Json.MAPPER.readTree(response.body());
            if (!(body instanceof ObjectNode object) || !object.has("count")) {
                return response;
            }
            object.remove("count");
            return new ApiResponse(response.status(), response.headers(), Json.MAPPER.writeValueAsBytes(object));
        } catch (final IOException e) {
            return response;
        }
    }
}
