/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.emulator;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** One request as the emulator received it. Header names are lower-cased; a multipart body is in {@code multipart}, not {@code body}. */
public record ApiRequest(
        String method,
        String rawPath,
        String rawQuery,
        Map<String, List<String>> headers,
        byte[] body,
        String connection,
        long receivedAtNanos,
        Multipart multipart) {

    public Optional<String> header(final String name) {
        final List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    public Map<String, List<String>> query() {
        return QueryString.parse(rawQuery);
    }

    public Optional<String> queryParam(final String name) {
        final List<String> values = query().get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The path below {@code /v1}, e.g. {@code /invoices/123}. */
    public String apiPath() {
        return rawPath.startsWith("/v1/") ? rawPath.substring(3) : rawPath;
    }
}
