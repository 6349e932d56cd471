package com.ottimate.nifi.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Turns an error answer into an {@link ApiError}: the envelope {@code {code, message, request_id}} when present. */
final class ErrorBodies {
    private static final int MAX_MESSAGE = 500;

    private ErrorBodies() {
    }

    static ApiError parse(final ObjectMapper mapper, final int status, final byte[] body, final String headerRequestId) {
        try {
            final JsonNode node = mapper.readTree(body);
            if (node != null && node.isObject() && node.hasNonNull("code")) {
                final JsonNode message = node.get("message");
                final String text = message == null || message.isNull() ? node.get("code").asText()
                        : message.isTextual() ? message.asText() : mapper.writeValueAsString(message);
                final String requestId = node.hasNonNull("request_id") ? node.get("request_id").asText() : headerRequestId;
                return new ApiError(node.get("code").asText(), clip(text), requestId);
            }
        } catch (final IOException notJson) {
            // fall through: report the raw text
        }
        final String text = new String(body, StandardCharsets.UTF_8).strip();
        return new ApiError("http_" + status, text.isEmpty() ? "HTTP " + status + " with no body" : clip(text), headerRequestId);
    }

    private static String clip(final String text) {
        return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "…";
    }
}
