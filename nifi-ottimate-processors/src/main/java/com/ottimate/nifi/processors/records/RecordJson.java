package com.ottimate.nifi.processors.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.nifi.serialization.record.DataType;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordSchema;
import org.apache.nifi.serialization.record.type.ArrayDataType;
import org.apache.nifi.serialization.record.type.MapDataType;
import org.apache.nifi.serialization.record.type.RecordDataType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/** Converts between NiFi records and the API's JSON, both ways, without a schema registry. */
public final class RecordJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RecordJson() {
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
            case java.sql.Date date -> NODES.textNode(date.toLocalDate().toString());
            case java.sql.Timestamp timestamp -> NODES.textNode(timestamp.toInstant().toString());
            case java.util.Date date -> NODES.textNode(date.toInstant().toString());
            case java.time.temporal.TemporalAccessor temporal -> NODES.textNode(temporal.toString());
            default -> MAPPER.valueToTree(value);
        };
    }

    /** A JSON object as a record of {@code schema}; fields the schema does not name are dropped. */
    public static Record toRecord(final JsonNode json, final RecordSchema schema) {
        final Map<String, Object> values = new LinkedHashMap<>();
        for (final RecordField field : schema.getFields()) {
            final JsonNode value = json.get(field.getFieldName());
            if (value != null && !value.isNull()) {
                values.put(field.getFieldName(), toRecordValue(value, field.getDataType()));
            }
        }
        return new MapRecord(schema, values);
    }

    private static Object toRecordValue(final JsonNode value, final DataType type) {
        return switch (type.getFieldType()) {
            case RECORD -> value.isObject() ? toRecord(value, ((RecordDataType) type).getChildSchema()) : null;
            case ARRAY -> {
                if (!value.isArray()) {
                    yield null;
                }
                final DataType element = ((ArrayDataType) type).getElementType();
                final Object[] items = new Object[value.size()];
                for (int i = 0; i < items.length; i++) {
                    items[i] = value.get(i).isNull() ? null : toRecordValue(value.get(i), element);
                }
                yield items;
            }
            case MAP -> {
                final Map<String, Object> map = new LinkedHashMap<>();
                final DataType valueType = ((MapDataType) type).getValueType();
                value.properties().forEach(e -> map.put(e.getKey(), e.getValue().isNull() ? null : toRecordValue(e.getValue(), valueType)));
                yield map;
            }
            case INT -> value.isNumber() ? value.intValue() : null;
            case LONG -> value.isNumber() ? value.longValue() : null;
            case DOUBLE, FLOAT -> value.isNumber() ? value.doubleValue() : null;
            case DECIMAL -> value.isNumber() ? value.decimalValue() : parseDecimal(value.asText());
            case BOOLEAN -> value.isBoolean() ? value.booleanValue() : null;
            case BIGINT -> value.isNumber() ? value.bigIntegerValue() : BigInteger.ZERO;
            default -> value.isValueNode() ? value.asText() : value.toString();
        };
    }

    private static BigDecimal parseDecimal(final String text) {
        try {
            return new BigDecimal(text);
        } catch (final NumberFormatException e) {
            return null;
        }
    }
}
