/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.emulator;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a route answers. The server adds request ids and fault effects on the way out. */
public record ApiResponse(int status, Map<String, String> headers, byte[] body) {

    public static ApiResponse json(final int status, final Object body) {
        return new ApiResponse(status, new LinkedHashMap<>(Map.of("Content-Type", "application/json")), Json.bytes(body));
    }

    public static ApiResponse error(final int status, final String code, final Object message) {
        return json(status, Json.errorEnvelope(code, message));
    }

    public ApiResponse withHeader(final String name, final String value) {
        final Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ApiResponse(status, copy, body);
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
