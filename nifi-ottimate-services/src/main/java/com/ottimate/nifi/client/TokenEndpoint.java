package com.ottimate.nifi.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code POST /oauth/token} with the client-credentials grant, form-encoded. Redirects are never followed. */
final class TokenEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(TokenEndpoint.class);

    private final HttpClient http;
    private final ObjectMapper mapper;
    private final ClientSettings settings;
    private final RateLimiter rateLimiter;
    private final DailyQuota quota;

    /** The token call takes a permit and a share of the daily quota too: the API counts it like any request. */
    TokenEndpoint(final HttpClient http, final ObjectMapper mapper, final ClientSettings settings, final RateLimiter rateLimiter,
                  final DailyQuota quota) {
        this.http = http;
        this.mapper = mapper;
        this.settings = settings;
        this.rateLimiter = rateLimiter;
        this.quota = quota;
    }

    AccessToken fetch() {
        final Map<String, Secret> form = new LinkedHashMap<>();
        form.put("grant_type", Secret.of("client_credentials"));
        form.put("client_id", Secret.of(settings.clientId()));
        form.put("client_secret", settings.clientSecret());
        if (settings.scope() != null && !settings.scope().isBlank()) {
            form.put("scope", Secret.of(settings.scope()));
        }
        final RequestBody body = new RequestBody.Form(form);
        final HttpRequest.Builder request = HttpRequest.newBuilder(settings.tokenUri())
                .timeout(settings.requestTimeout())
                .header("Content-Type", body.contentType())
                .header("Accept", "application/json")
                .header("User-Agent", settings.userAgent())
                .header("X-Api-Key", settings.apiKey().reveal())
                .POST(body.publisher());
        if (settings.apiVersion() != null) {
            request.header("X-API-Version", settings.apiVersion());
        }
        if (!quota.tryTake()) {
            throw new TokenException(false, 0, ApiError.local("daily_quota_reached", "Today's quota of " + quota.limit()
                    + " requests is used (it resets at midnight UTC); no token was requested"), null);
        }
        final HttpResponse<byte[]> response;
        try {
            rateLimiter.acquire();
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (final HttpConnectTimeoutException e) {
            throw new TokenException(false, 0, ApiError.local("connect_timeout", "Could not connect to token endpoint " + settings.tokenUri()
                    + " within " + settings.connectTimeout()), null);
        } catch (final HttpTimeoutException e) {
            throw new TokenException(false, 0, ApiError.local("timeout", "Token endpoint " + settings.tokenUri() + " did not answer within " + settings.requestTimeout()), null);
        } catch (final SSLException e) {
            throw new TokenException(true, 0, ApiError.local("tls_failure", "TLS handshake with " + settings.tokenUri().getHost() + " failed: " + e.getMessage()), null);
        } catch (final IOException e) {
            throw new TokenException(false, 0, ApiError.local("connection_failed", "Could not reach token endpoint " + settings.tokenUri() + ": " + describe(e)), null);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenException(false, 0, ApiError.local("interrupted", "Interrupted while requesting an access token"), null);
        }
        final int status = response.statusCode();
        final String requestId = response.headers().firstValue("X-Request-Id").orElse(null);
        if (status == 200) {
            return parse(response.body(), requestId);
        }
        final ApiError error = ErrorBodies.parse(mapper, status, response.body(), requestId);
        final boolean transientFailure = status == 429 || status >= 500;
        final ApiError described;
        if (transientFailure) {
            described = error;
        } else if (status >= 300 && status < 400) {
            described = new ApiError("token_redirect", "Token endpoint " + settings.tokenUri() + " answered with a redirect (HTTP " + status + ") to "
                    + response.headers().firstValue("Location").orElse("an unnamed place")
                    + "; credentials are never sent to a redirect target: set Token URL to the final address", requestId);
        } else if (status == 404) {
            described = new ApiError("not_found", "No token endpoint at " + settings.tokenUri()
                    + " (HTTP 404): check the Base URL (it ends with the API version, e.g. /v1) or the Token URL", requestId);
        } else {
            described = new ApiError(error.code(), "Token endpoint refused the client credentials (HTTP " + status + " " + error.code()
                    + "): check API Key, Client ID and Client Secret", requestId);
        }
        LOG.debug("Token request to {} answered {} ({})", settings.tokenUri(), status, error.code());
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
            return new AccessToken(Secret.of(token.asText()), Duration.ofSeconds(expiresIn > 0 ? expiresIn : 3600));
        } catch (final IOException e) {
            throw new TokenException(false, 200, new ApiError("malformed_response", "Token endpoint answered 200 with a body that is not JSON", requestId), null);
        }
    }

    static String describe(final IOException e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }
}
