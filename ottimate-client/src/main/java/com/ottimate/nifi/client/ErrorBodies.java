/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ottimate.nifi.client.model.ApiError;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Turns an error answer into an {@link ApiError}: the envelope {@code {code, message, request_id}} when present. */
final class ErrorBodies {
    private static final int MAX_MESSAGE = 500;

    private ErrorBodies() {
    }

    static ApiError parse(final ObjectMapper mapper, final int status, final byte[] answer, final String headerRequestId) {
        final byte[] body = answer == null ? new byte[0] : answer;
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

    /** The {@code code} of an error envelope, only if it looks like one ({@code invalid_client}); else empty. */
    static String code(final ObjectMapper mapper, final byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        try {
            final JsonNode node = mapper.readTree(body);
            final JsonNode code = node == null ? null : node.has("code") ? node.get("code") : node.get("error");
            if (code != null && code.isTextual() && code.asText().matches("[A-Za-z0-9_.-]{1,64}")) {
                return code.asText();
            }
        } catch (final IOException notJson) {
            // no code to give
        }
        return "";
    }

    /** A proxy answered 407: its credentials are missing or wrong; waiting does not help. */
    static ApiError proxyRefused(final ClientSettings settings, final String requestId) {
        final ProxySettings proxy = settings.proxy();
        final String where = proxy == null ? "A proxy" : "The proxy " + proxy.host() + ":" + proxy.port();
        return new ApiError("proxy_auth_required", where + " answered 407 Proxy Authentication Required: "
                + (proxy != null && proxy.hasCredentials() ? "it refused the user and password of the Proxy Configuration Service"
                : "set a user and password (Basic) in the Proxy Configuration Service"), requestId);
    }

    /** {@code error} with every occurrence of a secret's text masked (an answer may quote what it was sent). */
    static ApiError scrub(final ApiError error, final Secret... secrets) {
        String message = error.message();
        for (final Secret secret : secrets) {
            if (secret != null && secret.reveal().length() >= 4 && message.contains(secret.reveal())) {
                message = message.replace(secret.reveal(), "********");
            }
        }
        return message.equals(error.message()) ? error : new ApiError(error.code(), message, error.requestId());
    }

    private static String clip(final String text) {
        return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "…";
    }
}
