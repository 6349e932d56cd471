/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Instant;
import java.util.UUID;

/** The emulator's own JSON helpers (deliberately not shared with the connector). */
public final class Json {
    /** Decimals read exactly, as the API's decimal fields are: 1e400 is a number too large, not Infinity. */
    public static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private Json() {
    }

    public static byte[] bytes(final Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode parse(final byte[] body) throws IOException {
        return MAPPER.readTree(body);
    }

    /** The JSON {@code text} holds, or null when it is not JSON. */
    static JsonNode parseOrNull(final String text) {
        try {
            return MAPPER.readTree(text);
        } catch (final IOException e) {
            return null;
        }
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** The documented error envelope {@code {code, message, request_id, timestamp}}. */
    public static ObjectNode errorEnvelope(final String code, final Object message) {
        final ObjectNode envelope = object();
        envelope.put("code", code);
        envelope.set("message", MAPPER.valueToTree(message));
        envelope.put("request_id", UUID.randomUUID().toString());
        envelope.put("timestamp", Instant.now().toString());
        return envelope;
    }
}
