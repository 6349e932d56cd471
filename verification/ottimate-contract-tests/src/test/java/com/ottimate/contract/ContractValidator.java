/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Checks one exchange against the document: operation, required headers, query names and types, bodies, status. */
final class ContractValidator {
    private final OpenApiContract contract;

    ContractValidator(final OpenApiContract contract) {
        this.contract = contract;
    }

    /** The operation key ("METHOD /template") the exchange used, as the document or the deviation list names it. */
    Optional<String> operationKey(final Exchange exchange) {
        final Optional<OpenApiContract.Operation> operation = contract.match(exchange.method(), exchange.apiPath());
        if (operation.isPresent()) {
            return Optional.of(operation.get().key());
        }
        return Deviations.OPERATIONS.keySet().stream().filter(key -> deviationMatches(key, exchange)).findFirst();
    }

    /** Violations, with array indexes folded ({@code $.results[*]}) so one mistake reads as one line. */
    List<String> violations(final Exchange exchange) {
        final String key = operationKey(exchange).orElse("");
        return check(exchange).stream().map(v -> v.replaceAll("\\[\\d+]", "[*]")).distinct()
                .filter(v -> Deviations.BODY.keySet().stream().noneMatch(d -> d.startsWith(key + " ") && v.startsWith(bodyPrefix(d.substring(key.length() + 1)))))
                .toList();
    }

    /** "request $.x" → "request body: $.x:" as violations are worded. */
    private static String bodyPrefix(final String deviation) {
        final String[] parts = deviation.split(" ", 2);
        return parts[0] + " body: " + parts[1] + ":";
    }

    private List<String> check(final Exchange exchange) {
        final List<String> violations = new ArrayList<>();
        final Optional<OpenApiContract.Operation> found = contract.match(exchange.method(), exchange.apiPath());
        if (found.isEmpty()) {
            if (operationKey(exchange).isEmpty()) {
                violations.add("operation not in the document: " + exchange.method() + " " + exchange.apiPath());
            }
            return violations;
        }
        final OpenApiContract.Operation operation = found.get();
        contract.parameters(operation, "header").forEach((name, parameter) -> {
            if (parameter.path("required").asBoolean() && !exchange.headers().has(name.toLowerCase(Locale.ROOT))) {
                violations.add("required header " + name + " missing");
            }
        });
        final Map<String, JsonNode> declared = contract.parameters(operation, "query");
        OpenApiContract.parseQuery(exchange.query()).forEach((name, value) -> {
            final JsonNode parameter = declared.get(name);
            if (parameter == null) {
                if (!Deviations.QUERY.containsKey(operation.key() + "?" + name)) {
                    violations.add("query parameter '" + name + "' is not declared");
                }
                return;
            }
            final JsonNode schema = parameter.path("schema");
            contract.validate(schema, OpenApiContract.typed(value, schema)).forEach(m -> violations.add("query " + name + ": " + m));
        });
        // only fully accepted requests: a rejected one (or a bulk call answered 207) carried deliberate bad input from a test
        final boolean jsonToken = exchange.profiles().contains("json-token") && exchange.apiPath().startsWith("/oauth/token");
        if (Set.of(200, 201, 202, 204).contains(exchange.status()) && exchange.requestBody() != null && !jsonToken) {
            contract.requestSchema(operation).ifPresent(schema ->
                    contract.validate(schema, coerced(exchange, schema)).forEach(m -> violations.add("request body: " + m)));
        }
        if (!exchange.fault() && exchange.status() > 0 && !exchange.answerDepartsOnPurpose()) {
            if (!contract.declaresStatus(operation, exchange.status()) && !Deviations.STATUSES.containsKey(exchange.status())) {
                violations.add("status " + exchange.status() + " is not declared");
            }
            if (exchange.responseBody() != null) {
                contract.responseSchema(operation, exchange.status()).ifPresent(schema ->
                        contract.validate(schema, exchange.responseBody()).forEach(m -> violations.add("response body: " + m)));
            }
        }
        return violations;
    }

    /** Form and multipart fields travel as text: read them as the types their schema gives. */
    private static JsonNode coerced(final Exchange exchange, final JsonNode schema) {
        final String type = exchange.headers().path("content-type").asText("");
        if (!(type.startsWith("multipart/") || type.startsWith("application/x-www-form-urlencoded")) || !exchange.requestBody().isObject()) {
            return exchange.requestBody();
        }
        final ObjectNode copy = ((ObjectNode) exchange.requestBody()).deepCopy();
        schema.path("properties").properties().forEach(property -> {
            final JsonNode value = copy.get(property.getKey());
            if (value != null && value.isTextual()) {
                copy.set(property.getKey(), OpenApiContract.typed(value.asText(), property.getValue()));
            }
        });
        return copy;
    }

    private static boolean deviationMatches(final String key, final Exchange exchange) {
        final String[] parts = key.split(" ", 2);
        if (!parts[0].equals(exchange.method())) {
            return false;
        }
        final String[] template = parts[1].substring(1).split("/");
        final String path = exchange.apiPath().endsWith("/") ? exchange.apiPath().substring(0, exchange.apiPath().length() - 1) : exchange.apiPath();
        final String[] segments = path.substring(1).split("/");
        if (template.length != segments.length) {
            return false;
        }
        for (int i = 0; i < template.length; i++) {
            if (!template[i].startsWith("{") && !template[i].equals(segments[i])) {
                return false;
            }
        }
        return true;
    }
}
