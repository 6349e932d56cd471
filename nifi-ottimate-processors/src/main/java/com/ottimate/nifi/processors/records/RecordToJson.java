/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.nifi.client.ExactJson;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.temporal.TemporalAccessor;
import java.util.Map;

/** NiFi records as the API's JSON: exact decimals, ISO dates and times (the other way is {@link JsonToRecord}). */
public final class RecordToJson {
    /** Exact decimals: 32.50 stays 32.50, not 32.5. */
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = ExactJson.mapper();

    private RecordToJson() {
    }

    /** A record as a JSON object; nulls are left out so they do not overwrite fields the API keeps. */
    public static ObjectNode toJson(final Record record) {
        final ObjectNode node = NODES.objectNode();
        for (final RecordField field : record.getSchema().getFields()) {
            final Object value = record.getValue(field);
            if (value != null) {
                node.set(field.getFieldName(), toJsonValue(value));
            }
        }
        return node;
    }

    private static JsonNode toJsonValue(final Object value) {
        return switch (value) {
            case Record nested -> toJson(nested);
            case Object[] array -> {
                final ArrayNode list = NODES.arrayNode();
                for (final Object item : array) {
                    list.add(item == null ? NODES.nullNode() : toJsonValue(item));
                }
                yield list;
            }
            case Map<?, ?> map -> {
                final ObjectNode object = NODES.objectNode();
                map.forEach((k, v) -> object.set(String.valueOf(k), v == null ? NODES.nullNode() : toJsonValue(v)));
                yield object;
            }
            case Date date -> NODES.textNode(date.toLocalDate().toString());
            case Timestamp timestamp -> NODES.textNode(timestamp.toInstant().toString());
            case java.util.Date date -> NODES.textNode(date.toInstant().toString());
            case TemporalAccessor temporal -> NODES.textNode(temporal.toString());
            default -> MAPPER.valueToTree(value);
        };
    }

}
