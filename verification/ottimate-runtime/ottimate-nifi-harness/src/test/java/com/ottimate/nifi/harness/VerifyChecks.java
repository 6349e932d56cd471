/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.emulator.EmulatorSettings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Verify button, as the UI calls it: {@code POST /nifi-api/controller-services/{id}/config/verification-requests}
 * on a connection service not yet enabled (NiFi verifies disabled services only), and
 * {@code /processors/{id}/config/verification-requests} on a stopped source.
 */
final class VerifyChecks {
    private final NiFiFlow flow;
    private final SharedNiFi shared;

    VerifyChecks(final NiFiFlow flow, final SharedNiFi shared) {
        this.flow = flow;
        this.shared = shared;
    }

    void run() {
        final String group = flow.createGroup(shared.rootId, "verify", -3000, 0);
        final EmulatorSettings settings = shared.emulator.settings();
        final Map<String, String> properties = new LinkedHashMap<>();
        properties.put("Environment", "CUSTOM");
        properties.put("Base URL", shared.emulator.baseUrl());
        properties.put("API Key", settings.apiKey());
        properties.put("Client ID", settings.clientId());
        properties.put("Client Secret", settings.clientSecret());
        final String service = flow.createService(group, "com.ottimate.nifi.services.StandardOttimateConnectionService", "to verify", properties);

        // NiFi runs its own "Perform Validation" step first; ours follow
        final List<JsonNode> good = flow.verifyService(service, properties);
        assertEquals(List.of("Perform Validation", "Obtain Access Token", "Read Accounts"),
                good.stream().map(s -> s.path("verificationStepName").asText()).toList(), good.toString());
        assertTrue(good.stream().allMatch(s -> s.path("outcome").asText().equals("SUCCESSFUL")), good.toString());
        assertTrue(good.get(1).path("explanation").asText().contains("Obtained an access token"), good.toString());

        final String wrong = "wrong-" + settings.clientSecret();
        final Map<String, String> wrongSecret = new LinkedHashMap<>(properties);
        wrongSecret.put("Client Secret", wrong);
        final List<JsonNode> bad = flow.verifyService(service, wrongSecret);
        final JsonNode token = bad.stream().filter(s -> s.path("verificationStepName").asText().equals("Obtain Access Token")).findFirst().orElseThrow();
        assertEquals("FAILED", token.path("outcome").asText(), bad.toString());
        assertTrue(token.path("explanation").asText().contains("refused the client credentials"), bad.toString());
        assertFalse(bad.toString().contains(wrong) || bad.toString().contains(settings.clientSecret()), "the secret is not echoed: " + bad);

        // a source's Verify lists one page with its filters, through the enabled shared connection
        final ObjectNode config = NiFiClient.JSON.createObjectNode();
        config.putObject("properties").put("Ottimate Connection Service", shared.connectionId).put("Status", "pending-approval")
                .put("Output Strategy", "ONE_PER_OBJECT");
        final String source = flow.createProcessor(group, "com.ottimate.nifi.processors.invoices.ListOttimateInvoices", "list to verify", 0, 200, config);
        flow.awaitValidation(source);
        final ObjectNode body = NiFiClient.JSON.createObjectNode();
        final ObjectNode request = body.putObject("request").put("componentId", source);
        request.putObject("properties").put("Status", "pending-approval");
        request.putObject("attributes");
        final JsonNode started = flow.client().post("/processors/" + source + "/config/verification-requests", body).path("request");
        final String path = "/processors/" + source + "/config/verification-requests/" + started.path("requestId").asText();
        NiFiFlow.await("the source's verification", () -> flow.client().get(path).path("request").path("complete").asBoolean());
        final JsonNode results = flow.client().get(path).path("request").path("results");
        flow.client().delete(path);
        final JsonNode listed = lastNamed(results, "List One Page");
        assertEquals("SUCCESSFUL", listed.path("outcome").asText(), results.toString());
        assertTrue(listed.path("explanation").asText().contains("invoices"), listed.toString());
    }

    private static JsonNode lastNamed(final JsonNode results, final String name) {
        JsonNode found = NiFiClient.JSON.createObjectNode();
        for (final JsonNode result : results) {
            if (name.equals(result.path("verificationStepName").asText())) {
                found = result;
            }
        }
        return found;
    }
}
