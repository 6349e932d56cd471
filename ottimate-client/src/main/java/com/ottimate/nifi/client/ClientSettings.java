/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.client;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;

/**
 * Everything the client needs to reach one Ottimate environment with one set of credentials.
 *
 * @param baseUri        API base including the version, e.g. {@code https://api.ottimate.com/v1}
 * @param tokenUri       OAuth token endpoint
 * @param apiVersion     value for {@code X-API-Version}, or null for the API's latest
 * @param scope          OAuth scope, or null
 * @param sslContext     TLS settings, or null for the JVM default trust store
 * @param trustManager   what {@code sslContext} trusts (an SSL Context Service's), or null for the JVM's default
 * @param proxy          HTTP proxy (loopback addresses bypass it), or null for direct connections
 * @param unansweredSettle how long after a write went unanswered the API may still apply it: a write with a look-up is not sent again before that
 */
public record ClientSettings(
        URI baseUri,
        URI tokenUri,
        Secret apiKey,
        String clientId,
        Secret clientSecret,
        String scope,
        String apiVersion,
        Duration connectTimeout,
        Duration requestTimeout,
        Duration tokenRefreshWindow,
        RetryPolicy retryPolicy,
        double rateLimitPerSecond,
        int rateLimitBurst,
        SSLContext sslContext,
        ProxySettings proxy,
        String userAgent,
        Duration unansweredSettle,
        X509TrustManager trustManager) {

    /** Ottimate's gateway ends a request after 29 s: after 30 s an unanswered write is either applied or never will be. */
    public static final Duration DEFAULT_UNANSWERED_SETTLE = Duration.ofSeconds(30);

    /** Settings whose SSL context alone says what to trust. */
    public ClientSettings(final URI baseUri, final URI tokenUri, final Secret apiKey, final String clientId, final Secret clientSecret,
                          final String scope, final String apiVersion, final Duration connectTimeout, final Duration requestTimeout,
                          final Duration tokenRefreshWindow, final RetryPolicy retryPolicy, final double rateLimitPerSecond,
                          final int rateLimitBurst, final SSLContext sslContext, final ProxySettings proxy, final String userAgent,
                          final Duration unansweredSettle) {
        this(baseUri, tokenUri, apiKey, clientId, clientSecret, scope, apiVersion, connectTimeout, requestTimeout, tokenRefreshWindow,
                retryPolicy, rateLimitPerSecond, rateLimitBurst, sslContext, proxy, userAgent, unansweredSettle, null);
    }

    public ClientSettings {
        Objects.requireNonNull(baseUri, "baseUri");
        Objects.requireNonNull(tokenUri, "tokenUri");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(retryPolicy, "retryPolicy");
        if (unansweredSettle == null) {
            unansweredSettle = DEFAULT_UNANSWERED_SETTLE;
        }
    }

    /** Sensible defaults for a base URL and credentials (used by tests, the demo and benchmarks). */
    public static ClientSettings defaults(final URI baseUri, final Secret apiKey, final String clientId, final Secret clientSecret) {
        return new ClientSettings(baseUri, URI.create(baseUri + "/oauth/token"), apiKey, clientId, clientSecret, null, null,
                Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofMinutes(5),
                RetryPolicy.of(3, Duration.ofMillis(500), Duration.ofSeconds(30)), 500, 1000, null, null, UserAgent.VALUE, DEFAULT_UNANSWERED_SETTLE);
    }
}
