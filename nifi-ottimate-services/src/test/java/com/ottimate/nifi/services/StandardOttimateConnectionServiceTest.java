/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.services;

import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.emulator.SelfSignedTls;
import com.ottimate.nifi.client.model.OttimateRequest;
import com.ottimate.nifi.client.model.OttimateResult;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.NoOpProcessor;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Validation and verification of the connection service, against the emulator over real HTTP. */
class StandardOttimateConnectionServiceTest {
    private OttimateEmulator emulator;
    private TestRunner runner;
    private StandardOttimateConnectionService service;

    @BeforeEach
    void setUp() throws IOException, InitializationException {
        emulator = OttimateEmulator.start();
        runner = TestRunners.newTestRunner(NoOpProcessor.class);
        service = new StandardOttimateConnectionService();
        runner.addControllerService("ottimate", service);
        runner.setProperty(service, StandardOttimateConnectionService.ENVIRONMENT, Environment.CUSTOM.getValue());
        runner.setProperty(service, StandardOttimateConnectionService.BASE_URL, emulator.baseUrl());
        runner.setProperty(service, StandardOttimateConnectionService.API_KEY, emulator.settings().apiKey());
        runner.setProperty(service, StandardOttimateConnectionService.CLIENT_ID, emulator.settings().clientId());
        runner.setProperty(service, StandardOttimateConnectionService.CLIENT_SECRET, emulator.settings().clientSecret());
    }

    @AfterEach
    void tearDown() {
        emulator.close();
    }

    private List<ConfigVerificationResult> verify() {
        return runner.verify(service, Map.of());
    }

    @Test
    void defaultsAreValidForProductionAndSandbox() {
        runner.setProperty(service, StandardOttimateConnectionService.ENVIRONMENT, Environment.PRODUCTION.getValue());
        runner.assertValid(service);
        runner.setProperty(service, StandardOttimateConnectionService.ENVIRONMENT, Environment.SANDBOX.getValue());
        runner.assertValid(service);
    }

    @Test
    void plainHttpIsOnlyAcceptedOnLoopback() {
        runner.assertValid(service);
        runner.setProperty(service, StandardOttimateConnectionService.BASE_URL, "http://localhost:8089/v1");
        runner.assertValid(service);
        runner.setProperty(service, StandardOttimateConnectionService.BASE_URL, "http://api.example.com/v1");
        runner.assertNotValid(service);
        runner.setProperty(service, StandardOttimateConnectionService.BASE_URL, "http://10.1.2.3/v1");
        runner.assertNotValid(service);
        runner.setProperty(service, StandardOttimateConnectionService.BASE_URL, "https://gateway.example.com/ottimate/v1");
        runner.assertValid(service);
        runner.setProperty(service, StandardOttimateConnectionService.TOKEN_URL, "http://auth.example.com/oauth/token");
        runner.assertNotValid(service);
    }

    @Test
    void baseUrlIsRequiredOnlyForCustom() {
        runner.removeProperty(service, StandardOttimateConnectionService.BASE_URL);
        runner.assertNotValid(service);
        runner.setProperty(service, StandardOttimateConnectionService.ENVIRONMENT, Environment.SANDBOX.getValue());
        runner.assertValid(service);
    }

    @Test
    void rateLimitCannotExceedTheApisLimits() {
        runner.setProperty(service, StandardOttimateConnectionService.RATE_LIMIT, "1001");
        runner.assertNotValid(service);
        runner.setProperty(service, StandardOttimateConnectionService.RATE_LIMIT, "1000");
        runner.setProperty(service, StandardOttimateConnectionService.RATE_LIMIT_BURST, "2001");
        runner.assertNotValid(service);
    }

    @Test
    void verificationFetchesATokenAndReadsOnePage() {
        final List<ConfigVerificationResult> results = verify();
        assertEquals(2, results.size());
        assertEquals(Outcome.SUCCESSFUL, results.get(0).getOutcome(), results.get(0).getExplanation());
        assertTrue(results.get(0).getExplanation().contains("valid for 3600 seconds"));
        assertEquals(Outcome.SUCCESSFUL, results.get(1).getOutcome(), results.get(1).getExplanation());
        assertEquals(1, emulator.journal().tokenRequests());
        assertEquals("limit=1", emulator.journal().matching("GET", "/accounts").getFirst().rawQuery());
    }

    @Test
    void verificationReportsWrongCredentials() {
        runner.setProperty(service, StandardOttimateConnectionService.CLIENT_SECRET, "nope-wrong");
        final List<ConfigVerificationResult> results = verify();
        assertEquals(Outcome.FAILED, results.get(0).getOutcome());
        assertTrue(results.get(0).getExplanation().contains("refused the client credentials"), results.get(0).getExplanation());
        assertFalse(results.get(0).getExplanation().contains("nope-wrong"));
        assertEquals(Outcome.SKIPPED, results.get(1).getOutcome());
    }

    @Test
    void verificationReportsAnUnreachableUrl() throws IOException {
        final int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        runner.setProperty(service, StandardOttimateConnectionService.BASE_URL, "http://127.0.0.1:" + closedPort + "/v1");
        final ConfigVerificationResult token = verify().getFirst();
        assertEquals(Outcome.FAILED, token.getOutcome());
        assertTrue(token.getExplanation().startsWith("Could not reach token endpoint http://127.0.0.1:" + closedPort), token.getExplanation());
    }

    @Test
    void verificationReportsAWrongBasePath() {
        runner.setProperty(service, StandardOttimateConnectionService.BASE_URL, "http://127.0.0.1:" + emulator.port() + "/v2");
        final ConfigVerificationResult token = verify().getFirst();
        assertEquals(Outcome.FAILED, token.getOutcome());
        assertTrue(token.getExplanation().contains("HTTP 404"), token.getExplanation());
    }

    @Test
    void verificationReportsAnUntrustedCertificateAndTrustsOneFromTheSslContextService() throws Exception {
        final SelfSignedTls tls = SelfSignedTls.create();
        try (OttimateEmulator https = OttimateEmulator.startTls(tls.serverContext())) {
            runner.setProperty(service, StandardOttimateConnectionService.BASE_URL, https.baseUrl());
            final ConfigVerificationResult untrusted = verify().getFirst();
            assertEquals(Outcome.FAILED, untrusted.getOutcome());
            assertTrue(untrusted.getExplanation().startsWith("TLS handshake with 127.0.0.1 failed"), untrusted.getExplanation());
            assertTrue(untrusted.getExplanation().contains("PKIX"), untrusted.getExplanation());
            assertEquals(0, https.journal().tokenRequests(), "no credential left before the server was trusted");

            final FixedSslContextProvider ssl = new FixedSslContextProvider(tls.trustingContext(), tls.trustManager());
            runner.addControllerService("ssl", ssl);
            runner.enableControllerService(ssl);
            runner.setProperty(service, StandardOttimateConnectionService.SSL_CONTEXT_SERVICE, "ssl");
            final List<ConfigVerificationResult> trusted = verify();
            assertEquals(Outcome.SUCCESSFUL, trusted.get(0).getOutcome(), trusted.get(0).getExplanation());
            assertEquals(Outcome.SUCCESSFUL, trusted.get(1).getOutcome(), trusted.get(1).getExplanation());
        }
    }

    @Test
    void sendsTheConfiguredApiVersionAndTokenUrl() {
        runner.setProperty(service, StandardOttimateConnectionService.API_VERSION, ApiVersion.V1_1_0.getValue());
        runner.setProperty(service, StandardOttimateConnectionService.TOKEN_URL, emulator.baseUrl() + "/oauth/token/");
        assertEquals(Outcome.SUCCESSFUL, verify().get(1).getOutcome());
        emulator.journal().all().forEach(r -> assertEquals("1.1.0", r.header("x-api-version").orElseThrow()));
        assertEquals("/v1/oauth/token/", emulator.journal().all().getFirst().rawPath());
    }

    @Test
    void enablesAndServesRequests() {
        runner.enableControllerService(service);
        final var result = service.execute(OttimateRequest.get("accounts").build());
        assertTrue(result instanceof OttimateResult.Success, result.toString());
        runner.disableControllerService(service);
    }

    @Test
    void credentialsNeverFollowARedirectToAnotherHost() throws Exception {
        try (OttimateEmulator elsewhere = OttimateEmulator.start()) {
            final com.sun.net.httpserver.HttpServer redirector = com.sun.net.httpserver.HttpServer.create(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            redirector.createContext("/", exchange -> {
                exchange.getResponseHeaders().set("Location", elsewhere.baseUrl() + "/oauth/token");
                exchange.sendResponseHeaders(302, -1);
                exchange.close();
            });
            redirector.start();
            try {
                runner.setProperty(service, StandardOttimateConnectionService.TOKEN_URL,
                        "http://127.0.0.1:" + redirector.getAddress().getPort() + "/oauth/token");
                final ConfigVerificationResult token = verify().getFirst();
                assertEquals(Outcome.FAILED, token.getOutcome());
                assertTrue(token.getExplanation().contains("answered with a redirect (HTTP 302)"), token.getExplanation());
                assertEquals(0, elsewhere.journal().all().size(), "nothing, and so no credential, reached the redirect target");
            } finally {
                redirector.stop(0);
            }
        }
    }
}
