/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ottimate's OpenAPI 3.1 document as a checker: finds the operation for a method and path, and validates
 * parameters and bodies with a JSON Schema 2020-12 validator (networknt). Schemas are validated with the document's
 * components beside them, so {@code #/components/schemas/…} references resolve as in the document.
 */
final class OpenApiContract {
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** One operation of the document. */
    record Operation(String method, String template, JsonNode node) {
        String key() {
            return method + " " + template;
        }
    }

    private final JsonNode document;
    private final List<Operation> operations = new ArrayList<>();
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final Map<JsonNode, JsonSchema> schemas = new ConcurrentHashMap<>();

    OpenApiContract(final JsonNode document) {
        this.document = document;
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            if (Set.of("get", "post", "put", "patch", "delete").contains(op.getKey())) {
                operations.add(new Operation(op.getKey().toUpperCase(Locale.ROOT), path.getKey(), op.getValue()));
            }
        }));
        // literal segments before parameters, as a router would
        operations.sort(Comparator.comparingLong(o -> o.template().chars().filter(c -> c == '{').count()));
    }

    static OpenApiContract load() throws IOException {
        try (InputStream in = OpenApiContract.class.getResourceAsStream("/ottimate-openapi.json")) {
            return new OpenApiContract(MAPPER.readTree(in));
        }
    }

    JsonNode document() {
        return document;
    }

    /** {@code schema} itself, or what its {@code $ref} (a JSON pointer into this document) points at. */
    JsonNode resolve(final JsonNode schema) {
        JsonNode resolved = schema;
        for (int depth = 0; depth < 16 && resolved.has("$ref"); depth++) {
            resolved = document.at(resolved.get("$ref").asText().substring(1));
        }
        return resolved;
    }

    List<Operation> operations() {
        return List.copyOf(operations);
    }

    /** The operation for a request path below the server URL ({@code /v1}), or empty when the document has none. */
    Optional<Operation> match(final String method, final String apiPath) {
        final String[] segments = trim(apiPath).split("/", -1);
        for (final Operation operation : operations) {
            if (!operation.method().equals(method)) {
                continue;
            }
            final String[] template = trim(operation.template()).split("/", -1);
            if (template.length != segments.length) {
                continue;
            }
            boolean matches = true;
            for (int i = 0; i < template.length && matches; i++) {
                matches = template[i].startsWith("{") || template[i].equals(segments[i]);
            }
            if (matches) {
                return Optional.of(operation);
            }
        }
        return Optional.empty();
    }

    /** Parameters of an operation by location ("query", "header", "path"), name → parameter node. */
    Map<String, JsonNode> parameters(final Operation operation, final String location) {
        final Map<String, JsonNode> parameters = new LinkedHashMap<>();
        operation.node().path("parameters").forEach(p -> {
            if (location.equals(p.path("in").asText())) {
                parameters.put(p.path("name").asText(), p);
            }
        });
        return parameters;
    }

    Optional<JsonNode> requestSchema(final Operation operation) {
        return firstSchema(operation.node().path("requestBody").path("content"));
    }

    boolean declaresStatus(final Operation operation, final int status) {
        return operation.node().path("responses").has(Integer.toString(status));
    }

    Optional<JsonNode> responseSchema(final Operation operation, final int status) {
        return firstSchema(operation.node().path("responses").path(Integer.toString(status)).path("content"));
    }

    /** Violations of {@code instance} against {@code schema} (empty when valid). */
    List<String> validate(final JsonNode schema, final JsonNode instance) {
        final JsonSchema compiled = schemas.computeIfAbsent(schema, s -> {
            final ObjectNode root = s.isObject() ? ((ObjectNode) s).deepCopy() : MAPPER.createObjectNode();
            root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
            root.set("components", document.get("components"));
            return factory.getSchema(root);
        });
        final Set<ValidationMessage> messages = compiled.validate(instance);
        return messages.stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    /** A query value as the type its schema wants (query strings are text). */
    static JsonNode typed(final String value, final JsonNode schema) {
        final String type = schema.path("type").asText("");
        if ((type.equals("integer") || type.equals("number")) && value.matches("-?\\d+(\\.\\d+)?")) {
            return MAPPER.getNodeFactory().numberNode(new BigDecimal(value));
        }
        if (type.equals("boolean") && (value.equals("true") || value.equals("false"))) {
            return MAPPER.getNodeFactory().booleanNode(Boolean.parseBoolean(value));
        }
        return MAPPER.getNodeFactory().textNode(value);
    }

    static Map<String, String> parseQuery(final String raw) {
        final Map<String, String> values = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (final String pair : raw.split("&")) {
            final int eq = pair.indexOf('=');
            values.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static Optional<JsonNode> firstSchema(final JsonNode content) {
        if (content.has("application/json")) {
            return Optional.ofNullable(content.get("application/json").get("schema"));
        }
        final var fields = content.properties().iterator();
        return fields.hasNext() ? Optional.ofNullable(fields.next().getValue().get("schema")) : Optional.empty();
    }

    private static String trim(final String path) {
        final String stripped = path.startsWith("/") ? path.substring(1) : path;
        return stripped.endsWith("/") ? stripped.substring(0, stripped.length() - 1) : stripped;
    }
}
