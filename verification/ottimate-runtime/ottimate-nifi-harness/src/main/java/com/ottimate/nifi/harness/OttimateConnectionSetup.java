/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.harness;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a user does once before importing the templates: the "Ottimate Connection" parameter context with the
 * credentials, bound to the parent group, and the one StandardOttimateConnectionService named "Ottimate Connection" in
 * it, which every imported template resolves to (templates/shared/ottimate-connection.json describes both).
 */
public final class OttimateConnectionSetup {
    private final NiFiFlow flow;
    private final JsonNode definition;

    public OttimateConnectionSetup(final NiFiFlow flow, final Path templates) throws IOException {
        this.flow = flow;
        this.definition = NiFiClient.JSON.readTree(templates.resolve("shared/ottimate-connection.json").toFile());
    }

    public String serviceName() {
        return definition.path("controllerService").path("name").asText();
    }

    /**
     * Creates (or updates) the parameter context with {@code values} and binds it to {@code groupId}, then creates the
     * service there unless one of that name exists, and enables it. Answers the service id.
     */
    public String apply(final String groupId, final Map<String, String> values) {
        final JsonNode context = definition.path("parameterContext");
        final Map<String, NiFiFlow.Parameter> parameters = new LinkedHashMap<>();
        context.path("parameters").forEach(parameter -> {
            final String name = parameter.path("name").asText();
            final String value = values.getOrDefault(name, parameter.path("value").asText(null));
            if (value != null) {
                parameters.put(name, new NiFiFlow.Parameter(value, parameter.path("sensitive").asBoolean()));
            }
        });
        final String contextName = context.path("name").asText();
        final Optional<String> existing = flow.parameterContextByName(contextName);
        final String contextId;
        if (existing.isPresent()) {
            contextId = existing.get();
            flow.updateParameters(contextId, parameters);
        } else {
            contextId = flow.createParameterContext(contextName, context.path("description").asText(), parameters);
        }
        flow.setParameterContext(groupId, contextId);
        final Optional<String> present = serviceIn(groupId);
        if (present.isPresent()) {
            return present.get();
        }
        final JsonNode service = definition.path("controllerService");
        final Map<String, String> properties = new LinkedHashMap<>();
        service.path("properties").properties().forEach(e -> properties.put(e.getKey(), e.getValue().asText()));
        final String id = flow.createService(groupId, service.path("type").asText(), serviceName(), properties);
        flow.enableService(id);
        return id;
    }

    /** The shared service defined directly in {@code groupId}, if there is one. */
    public Optional<String> serviceIn(final String groupId) {
        for (final JsonNode service : flow.client().get("/flow/process-groups/" + groupId
                + "/controller-services?includeAncestorGroups=false&includeDescendantGroups=false").path("controllerServices")) {
            if (serviceName().equals(service.path("component").path("name").asText())) {
                return Optional.of(service.path("id").asText());
            }
        }
        return Optional.empty();
    }
}
