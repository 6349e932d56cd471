/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.nifi.client.model.ApiError;
import com.ottimate.nifi.client.model.RequestBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import okhttp3.Request;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * {@code POST /oauth/token} with the client-credentials grant: form-encoded as documented, or JSON when the endpoint
 * refuses a form (some auth hosts take JSON only; the format that worked is kept). Redirects are never followed, and
 * nothing of an error answer but its code reaches a message: a gateway that echoes the form back must not leak the
 * secret.
 */
final class TokenEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(TokenEndpoint.class);
    /** A token is asked for again at least daily, however long the endpoint says it lives (365 days in one example). */
    static final Duration MAX_LIFETIME = Duration.ofDays(1);

    private final Transport http;
    private final ObjectMapper mapper;
    private final ClientSettings settings;
    private final RateLimiter rateLimiter;
    private final DailyQuota quota;
    private volatile boolean json;

    /** The token call takes a permit and a share of the daily quota too: the API counts it like any request. */
    TokenEndpoint(final Transport http, final ObjectMapper mapper, final ClientSettings settings, final RateLimiter rateLimiter,
                  final DailyQuota quota) {
        this.http = http;
        this.mapper = mapper;
        this.settings = settings;
        this.rateLimiter = rateLimiter;
        this.quota = quota;
    }

    AccessToken fetch() {
        final boolean asJson = json;
        final Transport.Answer response = send(asJson);
        if (!asJson && refusesForms(response)) {
            LOG.info("Token endpoint {} refused a form-encoded request (HTTP {}); asking with JSON", settings.tokenUri(), response.status());
            final Transport.Answer again = send(true);
            if (again.status() == 200) {
                json = true;
            }
            return answer(again);
        }
        return answer(response);
    }

    /** 415, or a 400 saying the request could not be read as sent: the endpoint wants another content type. */
    private boolean refusesForms(final Transport.Answer response) {
        if (response.status() == 415) {
            return true;
        }
        if (response.status() != 400) {
            return false;
        }
        final String code = ErrorBodies.code(mapper, response.body());
        return code.equals("unsupported_media_type") || code.equals("invalid_content_type");
    }

    private Transport.Answer send(final boolean asJson) {
        final Map<String, Secret> fields = new LinkedHashMap<>();
        fields.put("grant_type", Secret.of("client_credentials"));
        fields.put("client_id", Secret.of(settings.clientId()));
        fields.put("client_secret", settings.clientSecret());
        if (settings.scope() != null && !settings.scope().isBlank()) {
            fields.put("scope", Secret.of(settings.scope()));
        }
        final RequestBody body = asJson ? RequestBody.json(jsonText(fields)) : new RequestBody.Form(fields);
        final Request.Builder request = new Request.Builder().url(settings.tokenUri().toString())
                .header("Accept", "application/json")
                .header("User-Agent", settings.userAgent())
                .header("X-Api-Key", settings.apiKey().reveal())
                .post(body.httpBody());
        if (settings.apiVersion() != null) {
            request.header("X-API-Version", settings.apiVersion());
        }
        if (!quota.tryTake()) {
            throw new TokenException(false, 0, ApiError.local("daily_quota_reached", "Today's quota of " + quota.limit()
                    + " requests is used (it resets at midnight UTC); no token was requested"), null);
        }
        try {
            rateLimiter.acquire();
            return http.send(request);
        } catch (final Transport.ProxyRefused e) {
            throw new TokenException(true, 407, ErrorBodies.proxyRefused(settings, null), null);
        } catch (final Transport.ConnectTimeout e) {
            throw new TokenException(false, 0, ApiError.local("connect_timeout", "Could not connect to token endpoint " + settings.tokenUri()
                    + " within " + settings.connectTimeout()), null);
        } catch (final Transport.Timeout e) {
            throw new TokenException(false, 0, ApiError.local("timeout", "Token endpoint " + settings.tokenUri() + " did not answer within "
                    + settings.requestTimeout()), null);
        } catch (final SSLException e) {
            final boolean certificate = Transport.isCertificateProblem(e);
            throw new TokenException(certificate, 0, ApiError.local(certificate ? "tls_failure" : "tls_interrupted", "TLS handshake with "
                    + settings.tokenUri().getHost() + " failed: " + e.getMessage()), null);
        } catch (final IOException e) {
            throw new TokenException(false, 0, ApiError.local("connection_failed", "Could not reach token endpoint " + settings.tokenUri() + ": "
                    + describe(e)), null);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenException(false, 0, ApiError.local("interrupted", "Interrupted while requesting an access token"), null);
        }
    }

    private byte[] jsonText(final Map<String, Secret> fields) {
        final ObjectNode node = mapper.createObjectNode();
        fields.forEach((name, value) -> node.put(name, value.reveal()));
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    private AccessToken answer(final Transport.Answer response) {
        final int status = response.status();
        final String requestId = response.header("X-Request-Id").orElse(null);
        if (status == 200) {
            return parse(response.body(), requestId);
        }
        // the code only: an error body may repeat what was sent
        final String code = ErrorBodies.code(mapper, response.body());
        final boolean transientFailure = status == 429 || status >= 500;
        final ApiError described;
        if (transientFailure) {
            described = new ApiError(code.isEmpty() ? "http_" + status : code, "Token endpoint " + settings.tokenUri() + " answered HTTP " + status
                    + (code.isEmpty() ? "" : " (" + code + ")"), requestId);
        } else if (status >= 300 && status < 400) {
            described = new ApiError("token_redirect", "Token endpoint " + settings.tokenUri() + " answered with a redirect (HTTP " + status + ") to "
                    + response.header("Location").orElse("an unnamed place")
                    + "; credentials are never sent to a redirect target: set Token URL to the final address", requestId);
        } else if (status == 407) {
            described = ErrorBodies.proxyRefused(settings, requestId);
        } else if (status == 404) {
            described = new ApiError("not_found", "No token endpoint at " + settings.tokenUri()
                    + " (HTTP 404): check the Base URL (it ends with the API version, e.g. /v1) or the Token URL", requestId);
        } else if (code.equals("invalid_api_key")) {
            described = new ApiError(code, "Ottimate refused the API key (HTTP " + status + " invalid_api_key): check API Key (revoked, or of another "
                    + "environment)", requestId);
        } else {
            described = new ApiError(code.isEmpty() ? "http_" + status : code, "Token endpoint refused the client credentials (HTTP " + status
                    + (code.isEmpty() ? "" : " " + code) + "): check API Key, Client ID and Client Secret", requestId);
        }
        LOG.debug("Token request to {} answered {} ({})", settings.tokenUri(), status, code);
        throw new TokenException(!transientFailure, status, described, null);
    }

    private AccessToken parse(final byte[] body, final String requestId) {
        try {
            final JsonNode node = mapper.readTree(body);
            final JsonNode token = node == null ? null : node.get("access_token");
            if (token == null || !token.isTextual() || token.asText().isEmpty()) {
                throw new TokenException(false, 200, new ApiError("malformed_response", "Token endpoint answered 200 without an access_token", requestId), null);
            }
            final long expiresIn = node.path("expires_in").asLong(0);
            if (expiresIn <= 0) {
                LOG.warn("Token endpoint {} gave no expires_in; assuming one hour", settings.tokenUri());
            }
            LOG.debug("Obtained access token from {} (expires_in={}s)", settings.tokenUri(), expiresIn);
            final Duration lifetime = expiresIn > 0 ? Duration.ofSeconds(Math.min(expiresIn, MAX_LIFETIME.toSeconds())) : Duration.ofHours(1);
            return new AccessToken(Secret.of(token.asText()), lifetime);
        } catch (final IOException e) {
            throw new TokenException(false, 200, new ApiError("malformed_response", "Token endpoint answered 200 with a body that is not JSON", requestId), null);
        }
    }

    static String describe(final IOException e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }
}
