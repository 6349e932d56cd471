/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.client;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.time.Duration;

/** Tests' variations of a {@link ClientSettings}: the record's copy with one part changed, as many times as a test needs. */
final class Settings {
    private URI tokenUri;
    private Secret clientSecret;
    private Duration requestTimeout;
    private RetryPolicy retryPolicy;
    private SSLContext sslContext;
    private ProxySettings proxy;
    private Duration unansweredSettle;
    private final ClientSettings base;

    private Settings(final ClientSettings base) {
        this.base = base;
        this.tokenUri = base.tokenUri();
        this.clientSecret = base.clientSecret();
        this.requestTimeout = base.requestTimeout();
        this.retryPolicy = base.retryPolicy();
        this.sslContext = base.sslContext();
        this.proxy = base.proxy();
        this.unansweredSettle = base.unansweredSettle();
    }

    static Settings of(final ClientSettings base) {
        return new Settings(base);
    }

    Settings tokenUri(final URI uri) {
        this.tokenUri = uri;
        return this;
    }

    Settings clientSecret(final Secret secret) {
        this.clientSecret = secret;
        return this;
    }

    Settings requestTimeout(final Duration timeout) {
        this.requestTimeout = timeout;
        return this;
    }

    Settings retryPolicy(final RetryPolicy policy) {
        this.retryPolicy = policy;
        return this;
    }

    Settings sslContext(final SSLContext context) {
        this.sslContext = context;
        return this;
    }

    Settings proxy(final ProxySettings settings) {
        this.proxy = settings;
        return this;
    }

    Settings unansweredSettle(final Duration settle) {
        this.unansweredSettle = settle;
        return this;
    }

    ClientSettings get() {
        return new ClientSettings(base.baseUri(), tokenUri, base.apiKey(), base.clientId(), clientSecret, base.scope(), base.apiVersion(),
                base.connectTimeout(), requestTimeout, base.tokenRefreshWindow(), retryPolicy, base.rateLimitPerSecond(), base.rateLimitBurst(),
                sslContext, proxy, base.userAgent(), unansweredSettle);
    }
}
