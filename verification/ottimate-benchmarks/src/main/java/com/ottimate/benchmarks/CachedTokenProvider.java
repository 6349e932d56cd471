/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.oauth2.AccessToken;
import org.apache.nifi.oauth2.OAuth2AccessTokenProvider;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * Stands in for NiFi's StandardOauth2AccessTokenProvider (nifi-oauth2-provider-service is not served to our build):
 * client credentials, the token cached until it expires. It sends the X-Api-Key the token endpoint needs, which
 * the standard provider cannot add, so this is a generous stand-in.
 */
final class CachedTokenProvider extends AbstractControllerService implements OAuth2AccessTokenProvider {
    private final String tokenUrl;
    private final String apiKey;
    private final String clientId;
    private final String clientSecret;
    private volatile AccessToken token;

    CachedTokenProvider(final String tokenUrl, final String apiKey, final String clientId, final String clientSecret) {
        this.tokenUrl = tokenUrl;
        this.apiKey = apiKey;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    @Override
    public synchronized AccessToken getAccessDetails() {
        if (token == null || token.isExpired()) {
            refreshAccessDetails();
        }
        return token;
    }

    @Override
    public synchronized void refreshAccessDetails() {
        try (HttpClient http = HttpClient.newHttpClient()) {
            final String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                    + "&client_secret=" + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
            final JsonNode body = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create(tokenUrl)).header("X-Api-Key", apiKey)
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            token = new AccessToken(body.get("access_token").asText(), null, "Bearer", body.get("expires_in").asLong(), null);
        } catch (final Exception e) {
            throw new IllegalStateException("token request failed", e);
        }
    }
}
