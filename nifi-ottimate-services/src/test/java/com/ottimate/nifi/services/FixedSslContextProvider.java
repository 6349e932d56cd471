/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.services;

import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.ssl.SSLContextProvider;

import javax.net.ssl.SSLContext;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;
import java.util.Optional;

/** Stands in for NiFi's StandardSSLContextService (not served to our build): hands out a ready SSLContext and what it trusts. */
final class FixedSslContextProvider extends AbstractControllerService implements SSLContextProvider {
    private final SSLContext context;
    private final X509TrustManager trustManager;

    FixedSslContextProvider(final SSLContext context, final X509TrustManager trustManager) {
        this.context = context;
        this.trustManager = trustManager;
    }

    @Override
    public SSLContext createContext() {
        return context;
    }

    @Override
    public Optional<X509ExtendedKeyManager> createKeyManager() {
        return Optional.empty();
    }

    @Override
    public X509TrustManager createTrustManager() {
        return trustManager;
    }
}
