/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors;

import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.services.StandardOttimateConnectionService;
import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.proxy.ProxyConfiguration;
import org.apache.nifi.proxy.ProxyConfigurationService;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.ssl.SSLContextProvider;
import org.apache.nifi.util.TestRunner;

import javax.net.ssl.SSLContext;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;
import java.net.Proxy;
import java.util.Optional;

/**
 * What a user configures to reach an emulator that runs with transport profiles: its token URL (a separate auth host),
 * an SSL Context Service trusting its certificate, a Proxy Configuration Service with the proxy's credentials. NiFi's
 * own implementations of those services are not served to our build; these stand in for them.
 */
public final class EmulatorTransport {
    private EmulatorTransport() {
    }

    public static void configure(final TestRunner runner, final StandardOttimateConnectionService service, final OttimateEmulator emulator)
            throws InitializationException {
        if (!emulator.tokenUrl().equals(emulator.baseUrl() + "/oauth/token")) {
            runner.setProperty(service, StandardOttimateConnectionService.TOKEN_URL, emulator.tokenUrl());
        }
        if (emulator.clientTls().isPresent()) {
            final Tls tls = new Tls(emulator.clientTls().get(), emulator.clientTrust().orElseThrow());
            runner.addControllerService("emulator-tls", tls);
            runner.enableControllerService(tls);
            runner.setProperty(service, StandardOttimateConnectionService.SSL_CONTEXT_SERVICE, "emulator-tls");
        }
        if (emulator.proxy().isPresent()) {
            final OttimateEmulator.ProxyAccess access = emulator.proxy().get();
            final ProxyConfiguration configuration = new ProxyConfiguration();
            configuration.setProxyType(Proxy.Type.HTTP);
            configuration.setProxyServerHost(access.host());
            configuration.setProxyServerPort(access.port());
            configuration.setProxyUserName(access.user());
            configuration.setProxyUserPassword(access.password());
            final ProxyService proxy = new ProxyService(configuration);
            runner.addControllerService("emulator-proxy", proxy);
            runner.enableControllerService(proxy);
            runner.setProperty(service, StandardOttimateConnectionService.PROXY_CONFIGURATION_SERVICE, "emulator-proxy");
        }
    }

    /** Hands out a ready SSLContext and its trust manager, as StandardSSLContextService would from a trust store. */
    static final class Tls extends AbstractControllerService implements SSLContextProvider {
        private final SSLContext context;
        private final X509TrustManager trustManager;

        Tls(final SSLContext context, final X509TrustManager trustManager) {
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

    /** Hands out a fixed proxy, as StandardProxyConfigurationService would. */
    static final class ProxyService extends AbstractControllerService implements ProxyConfigurationService {
        private final ProxyConfiguration configuration;

        ProxyService(final ProxyConfiguration configuration) {
            this.configuration = configuration;
        }

        @Override
        public ProxyConfiguration getConfiguration() {
            return configuration;
        }
    }
}
