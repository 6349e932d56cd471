/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.generic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.ottimate.nifi.client.IdentityMatch;
import com.ottimate.nifi.client.Lookup;
import com.ottimate.nifi.client.model.OttimateRequest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * InvokeOttimateAPI's Duplicate Check Path, {@code purchase-orders?external_id=PO-1}: a GET whose {@code field=value}
 * filters find what a POST creates. The filters are also the proof: an object is the POST's only when each of its
 * fields equals the filter's value (the API may not apply a filter at all, and then lists everything).
 */
record DuplicateCheck(OttimateRequest query, Map<String, String> filters) {

    /**
     * Parses what the property evaluated to. Values are taken as written except for {@code %XX}, which is decoded ('+'
     * stays '+', a '%' not followed by two hex digits stays '%').
     *
     * @throws IllegalArgumentException saying what is wrong: not a path below /v1, no filter, or a filter without a value
     */
    static DuplicateCheck parse(final String pathAndQuery) {
        final int question = pathAndQuery.indexOf('?');
        final String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
        final String[] segments = InvokeOttimateAPI.segments(path)
                .orElseThrow(() -> new IllegalArgumentException("Duplicate Check Path '" + pathAndQuery + "' is not a path below /v1"));
        final Map<String, String> filters = new LinkedHashMap<>();
        if (question >= 0) {
            for (final String pair : pathAndQuery.substring(question + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                final int eq = pair.indexOf('=');
                final String field = decode(eq < 0 ? pair : pair.substring(0, eq)).strip();
                final String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (field.isEmpty()) {
                    throw new IllegalArgumentException("Duplicate Check Path '" + pathAndQuery + "' has a filter without a field name");
                }
                if (value.isBlank()) {
                    throw new IllegalArgumentException("Duplicate Check Path '" + pathAndQuery + "' has no value for '" + field + "' (an "
                            + "attribute its Expression Language reads is missing?): without it the check would find any object");
                }
                filters.put(field, value);
            }
        }
        if (filters.isEmpty()) {
            throw new IllegalArgumentException("Duplicate Check Path '" + pathAndQuery + "' has no field=value filter: it must find this "
                    + "POST's object by a value only it sends, e.g. purchase-orders?external_id=${po.external_id}");
        }
        final OttimateRequest.Builder get = OttimateRequest.get(segments);
        filters.forEach(get::query);
        return new DuplicateCheck(get.build(), Map.copyOf(filters));
    }

    /** Reads the check's answer (every page, or the one object it names) and proves the POST by its filters. */
    Lookup lookup() {
        final Map<String, JsonNode> identity = new LinkedHashMap<>();
        filters.forEach((field, value) -> identity.put(field, TextNode.valueOf(value)));
        final IdentityMatch match = IdentityMatch.of("the object with " + filters, identity, null);
        return Lookup.listing(query, null, 100, Lookup.MAX_PAGES, match::judge);
    }

    /** Decodes {@code %XX} sequences (as UTF-8) and nothing else. */
    static String decode(final String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c == '%' && hex(text, i + 1) && hex(text, i + 2)) {
                bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean hex(final String text, final int index) {
        return index < text.length() && Character.digit(text.charAt(index), 16) >= 0;
    }
}
