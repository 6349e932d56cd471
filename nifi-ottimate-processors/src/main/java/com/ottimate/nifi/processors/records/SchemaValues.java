/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.nifi.serialization.record.DataType;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;
import org.apache.nifi.serialization.record.type.ArrayDataType;
import org.apache.nifi.serialization.record.type.RecordDataType;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Text read from CSV (every column a string) as the JSON types the API's schema gives its fields: "1250.00" as the
 * number 1250.00, "true" as true; a blank number or flag is left out, as an empty CSV cell means "not given". Fields
 * the schema does not know, and text that is not a number, are sent as they are, for the API to judge.
 */
public final class SchemaValues {
    private static final Set<RecordFieldType> NUMBERS = Set.of(RecordFieldType.DECIMAL, RecordFieldType.INT, RecordFieldType.LONG,
            RecordFieldType.DOUBLE, RecordFieldType.FLOAT, RecordFieldType.SHORT, RecordFieldType.BIGINT);

    private SchemaValues() {
    }

    public static ObjectNode typed(final ObjectNode object, final RecordSchema schema) {
        final List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        for (final String name : names) {
            final Optional<RecordField> field = schema.getField(name);
            if (field.isEmpty()) {
                continue;
            }
            final DataType type = field.get().getDataType();
            final JsonNode value = object.get(name);
            if (value.isTextual() && (NUMBERS.contains(type.getFieldType()) || type.getFieldType() == RecordFieldType.BOOLEAN)) {
                final String text = value.asText().strip();
                if (text.isEmpty()) {
                    object.remove(name);
                } else if (type.getFieldType() == RecordFieldType.BOOLEAN && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
                    object.put(name, Boolean.parseBoolean(text.toLowerCase()));
                } else if (NUMBERS.contains(type.getFieldType())) {
                    // DecimalNode keeps the scale: 1250.00 is not sent as 1250
                    number(text).ifPresent(n -> object.set(name, DecimalNode.valueOf(n)));
                }
            } else if (value.isArray() && type instanceof ArrayDataType array && array.getElementType() instanceof RecordDataType element) {
                value.forEach(item -> {
                    if (item instanceof ObjectNode nested) {
                        typed(nested, element.getChildSchema());
                    }
                });
            }
        }
        return object;
    }

    private static Optional<BigDecimal> number(final String text) {
        try {
            return Optional.of(new BigDecimal(text));
        } catch (final NumberFormatException e) {
            return Optional.empty();
        }
    }
}
