/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.emulator;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Collects field errors into the API's 400 {@code validation_error} answer. */
final class Validation {
    private final Map<String, String> errors = new LinkedHashMap<>();
    private final JsonNode body;

    Validation(final JsonNode body) {
        this.body = body;
    }

    Validation requireInteger(final String field) {
        final JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            errors.put(field, "This field is required.");
        } else {
            integer(field);
        }
        return this;
    }

    Validation requireString(final String field) {
        final JsonNode value = body.get(field);
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
            errors.put(field, "This field is required.");
        } else {
            string(field);
        }
        return this;
    }

    Validation integer(final String field) {
        final JsonNode value = body.get(field);
        if (value != null && !value.isNull() && !(value.isIntegralNumber() && value.canConvertToLong())) {
            errors.put(field, "A valid integer is required.");
        }
        return this;
    }

    Validation string(final String field) {
        final JsonNode value = body.get(field);
        if (value != null && !value.isNull() && !value.isTextual()) {
            errors.put(field, "Not a valid string.");
        } else if (value != null && value.isTextual() && value.asText().length() > 10_000) {
            errors.put(field, "Ensure this field has no more than 10000 characters.");
        }
        return this;
    }

    Validation number(final String field) {
        final JsonNode value = body.get(field);
        if (value != null && !value.isNull()) {
            if (!value.isNumber()) {
                errors.put(field, "A valid number is required.");
            } else if (value.decimalValue().abs().compareTo(BigDecimal.valueOf(1_000_000_000_000L)) >= 0) {
                errors.put(field, "Ensure that there are no more than 15 digits in total.");
            }
        }
        return this;
    }

    Validation date(final String field) {
        final JsonNode value = body.get(field);
        if (value != null && !value.isNull()) {
            try {
                LocalDate.parse(value.asText());
                if (!value.isTextual()) {
                    errors.put(field, "Date has wrong format. Use YYYY-MM-DD.");
                }
            } catch (final DateTimeParseException e) {
                errors.put(field, "Date has wrong format. Use YYYY-MM-DD.");
            }
        }
        return this;
    }

    Validation oneOf(final String field, final Set<String> allowed) {
        final JsonNode value = body.get(field);
        if (value != null && !value.isNull() && !allowed.contains(value.asText())) {
            errors.put(field, "\"" + value.asText() + "\" is not a valid choice.");
        }
        return this;
    }

    Validation onlyFields(final Set<String> known) {
        body.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                errors.put(name, "Unrecognised field.");
            }
        });
        return this;
    }

    void error(final String field, final String message) {
        errors.put(field, message);
    }

    boolean ok() {
        return errors.isEmpty();
    }

    ApiResponse toResponse() {
        return ApiResponse.error(400, "validation_error", errors);
    }
}
