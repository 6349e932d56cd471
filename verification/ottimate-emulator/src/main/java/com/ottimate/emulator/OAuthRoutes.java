/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code POST /v1/oauth/token}: OAuth2 client credentials, form-encoded. */
final class OAuthRoutes {
    private final EmulatorSettings settings;
    private final TokenIssuer tokens;
    private final boolean jsonOnly;

    /** @param jsonOnly the JSON_TOKEN profile: a JSON body only, 415 for a form */
    OAuthRoutes(final EmulatorSettings settings, final TokenIssuer tokens, final boolean jsonOnly) {
        this.settings = settings;
        this.tokens = tokens;
        this.jsonOnly = jsonOnly;
    }

    void register(final Router router) {
        router.add("POST", "/oauth/token", (request, params) -> token(request));
    }

    ApiResponse token(final ApiRequest request) {
        final String contentType = request.header("content-type").orElse("");
        final Map<String, List<String>> form;
        if (jsonOnly) {
            if (!contentType.startsWith("application/json")) {
                return ApiResponse.error(415, "unsupported_media_type", "Content-Type must be application/json");
            }
            form = jsonFields(request);
        } else if (!contentType.startsWith("application/x-www-form-urlencoded")) {
            return ApiResponse.error(400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded");
        } else {
            form = QueryString.parse(new String(request.body(), StandardCharsets.UTF_8));
        }
        if (!"client_credentials".equals(first(form, "grant_type"))) {
            return ApiResponse.error(400, "unsupported_grant_type", "grant_type must be client_credentials");
        }
        if (!settings.clientId().equals(first(form, "client_id")) || !settings.clientSecret().equals(first(form, "client_secret"))) {
            return ApiResponse.error(401, "invalid_client", "Client authentication failed");
        }
        final String scope = first(form, "scope");
        if (scope != null && !scope.isEmpty() && !"accounts.can_access_dashboard".equals(scope)) {
            return ApiResponse.error(400, "invalid_scope", "Only accounts.can_access_dashboard is supported");
        }
        final ObjectNode body = Json.object();
        body.put("access_token", tokens.issue());
        body.put("token_type", "Bearer");
        body.put("expires_in", tokens.lifetime().toSeconds());
        body.put("scope", scope == null ? "" : scope);
        return ApiResponse.json(200, body);
    }

    private static Map<String, List<String>> jsonFields(final ApiRequest request) {
        final Map<String, List<String>> fields = new LinkedHashMap<>();
        try {
            Json.MAPPER.readTree(request.body()).properties().forEach(e -> fields.put(e.getKey(), List.of(e.getValue().asText())));
        } catch (final IOException | RuntimeException e) {
            // an unreadable body has no fields: refused below
        }
        return fields;
    }

    private static String first(final Map<String, List<String>> form, final String name) {
        final List<String> values = form.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }
}
