/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.contract;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The validator wiring itself: deliberately wrong fixtures must be caught, a right one must pass. */
class ContractWiringTest {
    private static ContractValidator validator;

    @BeforeAll
    static void load() throws IOException {
        validator = new ContractValidator(OpenApiContract.load());
    }

    private static JsonNode json(final String text) {
        try {
            return OpenApiContract.MAPPER.readTree(text);
        } catch (final IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Exchange exchange(final String method, final String path, final String query, final String requestBody, final int status,
                                     final String responseBody) {
        return new Exchange("fixture", method, path, query, json("{\"x-api-key\": \"present\", \"authorization\": \"present\", "
                + "\"content-type\": \"application/json\"}"), requestBody == null ? null : json(requestBody), status,
                responseBody == null ? null : json(responseBody), false, Set.of());
    }

    private static final String VENDOR = "{\"ottimate_company_id\": 1, \"erp_vendor_id\": \"V-1\", \"erp_vendor_name\": \"Acme\"}";
    private static final String CREATED = "{\"version\": \"1.0.0\", \"vendor\": {\"id\": 1001, \"ottimate_company_id\": 1, \"erp_vendor_id\": \"V-1\", "
            + "\"erp_vendor_name\": \"Acme\"}}";

    @Test
    void aValidExchangePasses() {
        assertEquals(List.of(), validator.violations(exchange("POST", "/v1/vendors", "", VENDOR, 201, CREATED)));
    }

    @Test
    void aRequestTheDocumentRejectsIsCaught() {
        final List<String> violations = validator.violations(exchange("POST", "/v1/vendors", "",
                "{\"ottimate_company_id\": \"one\", \"erp_vendor_name\": \"Acme\"}", 201, CREATED));
        assertTrue(violations.stream().anyMatch(v -> v.startsWith("request body:") && v.contains("erp_vendor_id")), violations.toString());
        assertTrue(violations.stream().anyMatch(v -> v.startsWith("request body:") && v.contains("ottimate_company_id")), violations.toString());
    }

    @Test
    void anEmulatorBodyThatBreaksTheSchemaIsCaught() {
        final List<String> violations = validator.violations(exchange("GET", "/v1/vendors", "page=1&limit=20", null, 200,
                "{\"version\": \"1.0.0\", \"count\": \"many\", \"page\": 1, \"limit\": 20}"));
        assertTrue(violations.stream().anyMatch(v -> v.startsWith("response body:") && v.contains("count")), violations.toString());
        assertTrue(violations.stream().anyMatch(v -> v.startsWith("response body:") && v.contains("vendors")), violations.toString());
    }

    @Test
    void undeclaredOperationsQueryParametersStatusesAndHeadersAreCaught() {
        assertEquals(List.of("operation not in the document: GET /secret-admin"),
                validator.violations(exchange("GET", "/v1/secret-admin", "", null, 200, "{}")));
        assertTrue(validator.violations(exchange("GET", "/v1/vendors", "colour=red", null, 200,
                "{\"version\": \"1.0.0\", \"count\": 0, \"page\": 1, \"limit\": 20, \"vendors\": []}")).contains("query parameter 'colour' is not declared"));
        assertTrue(validator.violations(exchange("GET", "/v1/vendors", "page=first", null, 200,
                "{\"version\": \"1.0.0\", \"count\": 0, \"page\": 1, \"limit\": 20, \"vendors\": []}")).stream().anyMatch(v -> v.startsWith("query page:")));
        assertTrue(validator.violations(exchange("POST", "/v1/vendors", "", VENDOR, 418, null)).contains("status 418 is not declared"));
        final Exchange noKey = new Exchange("fixture", "GET", "/v1/vendors", "", json("{}"), null, 200,
                json("{\"version\": \"1.0.0\", \"count\": 0, \"page\": 1, \"limit\": 20, \"vendors\": []}"), false, Set.of());
        assertTrue(validator.violations(noKey).stream().anyMatch(v -> v.startsWith("required header")), validator.violations(noKey).toString());
    }
}
