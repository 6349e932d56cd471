package com.ottimate.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** {@code POST /v1/oauth/token}: OAuth2 client credentials, form-encoded. */
final class OAuthRoutes {
    private final EmulatorSettings settings;
    private final TokenIssuer tokens;

    OAuthRoutes(final EmulatorSettings settings, final TokenIssuer tokens) {
        this.settings = settings;
        this.tokens = tokens;
    }

    void register(final Router router) {
        router.add("POST", "/oauth/token", (request, params) -> token(request));
    }

    private ApiResponse token(final ApiRequest request) {
        final String contentType = request.header("content-type").orElse("");
        if (!contentType.startsWith("application/x-www-form-urlencoded")) {
            return ApiResponse.error(400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded");
        }
        final Map<String, List<String>> form = QueryString.parse(new String(request.body(), StandardCharsets.UTF_8));
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

    private static String first(final Map<String, List<String>> form, final String name) {
        final List<String> values = form.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }
}
