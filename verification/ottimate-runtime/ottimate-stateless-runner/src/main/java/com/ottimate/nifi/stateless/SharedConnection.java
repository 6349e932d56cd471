/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.stateless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * The templates do not carry a connection service: they refer to one named "Ottimate Connection" outside them
 * ({@code externalControllerServices}), which NiFi resolves on import to the service of that name in a parent group, so
 * every flow shares one token, one rate limiter and one quota count. The Stateless engine has no parent group: this
 * puts the shared definition (templates/shared/ottimate-connection.json, generated with the templates) beside the flow,
 * with its parameter context, before the engine reads it.
 */
final class SharedConnection {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RESOURCE = "/ottimate-connection.json";

    private SharedConnection() {
    }

    /** {@code flowDefinition} itself when it refers to no external service, else a resolved copy in {@code workDirectory}. */
    static Path resolve(final Path flowDefinition, final Path workDirectory) throws IOException {
        final ObjectNode flow = (ObjectNode) JSON.readTree(flowDefinition.toFile());
        final JsonNode external = flow.path("externalControllerServices");
        if (!external.isObject() || external.isEmpty()) {
            return flowDefinition;
        }
        final JsonNode shared = sharedDefinition();
        final String sharedName = shared.path("controllerService").path("name").asText();
        final ObjectNode contents = (ObjectNode) flow.path("flowContents");
        final ArrayNode services = contents.withArray("controllerServices");
        final Iterator<Map.Entry<String, JsonNode>> references = ((ObjectNode) external).properties().iterator();
        boolean resolved = false;
        while (references.hasNext()) {
            final Map.Entry<String, JsonNode> reference = references.next();
            if (!sharedName.equals(reference.getValue().path("name").asText())) {
                continue;
            }
            final ObjectNode service = shared.path("controllerService").deepCopy();
            service.put("identifier", reference.getKey());
            service.put("groupIdentifier", contents.path("identifier").asText());
            service.put("scheduledState", "ENABLED");
            services.add(service);
            references.remove();
            resolved = true;
        }
        if (resolved) {
            final JsonNode context = shared.path("parameterContext");
            final String contextName = context.path("name").asText();
            final ObjectNode contexts = flow.with("parameterContexts");
            contexts.set(contextName, context.deepCopy());
            final String own = contents.path("parameterContextName").asText("");
            if (own.isEmpty()) {
                contents.put("parameterContextName", contextName);
            } else if (contexts.path(own).isObject()) {
                final ArrayNode inherited = ((ObjectNode) contexts.get(own)).withArray("inheritedParameterContexts");
                inherited.add(contextName);
            }
        }
        Files.createDirectories(workDirectory);
        final Path copy = workDirectory.resolve("resolved-" + flowDefinition.getFileName());
        JSON.writerWithDefaultPrettyPrinter().writeValue(copy.toFile(), flow);
        return copy;
    }

    private static JsonNode sharedDefinition() {
        try (InputStream in = SharedConnection.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path: build the runner (it copies templates/shared)");
            }
            return JSON.readTree(in);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
