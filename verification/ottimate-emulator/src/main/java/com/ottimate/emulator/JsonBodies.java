/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Optional;

/** Reads JSON request bodies the way the API does: malformed JSON is a 400 parse error. */
final class JsonBodies {
    private JsonBodies() {
    }

    static final class MalformedJson extends Exception {
        MalformedJson(final String message) {
            super(message);
        }
    }

    /** The body as a JSON object, or empty when it is valid JSON of another type. */
    static Optional<ObjectNode> object(final ApiRequest request) throws MalformedJson {
        final JsonNode node = parse(request);
        return node instanceof ObjectNode object ? Optional.of(object) : Optional.empty();
    }

    static JsonNode parse(final ApiRequest request) throws MalformedJson {
        final String contentType = request.header("content-type").orElse("");
        if (!contentType.startsWith("application/json")) {
            throw new MalformedJson("Unsupported media type \"" + contentType + "\" in request; expected application/json");
        }
        try {
            final JsonNode node = Json.parse(request.body());
            if (node == null || node.isMissingNode()) {
                throw new MalformedJson("JSON parse error - empty body");
            }
            return node;
        } catch (final JsonProcessingException e) {
            throw new MalformedJson("JSON parse error - " + e.getOriginalMessage());
        } catch (final IOException e) {
            throw new MalformedJson("JSON parse error - " + e.getMessage());
        }
    }

    static ApiResponse notAnObject() {
        return ApiResponse.error(400, "parse_error", "Invalid data. Expected a JSON object.");
    }
}
