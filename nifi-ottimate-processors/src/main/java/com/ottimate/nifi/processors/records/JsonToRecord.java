/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.records;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.DataType;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;
import org.apache.nifi.serialization.record.type.ArrayDataType;
import org.apache.nifi.serialization.record.type.ChoiceDataType;
import org.apache.nifi.serialization.record.type.DecimalDataType;
import org.apache.nifi.serialization.record.type.MapDataType;
import org.apache.nifi.serialization.record.type.RecordDataType;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * API JSON as NiFi records, without losing anything: a field the schema names gets its declared type (money as
 * DECIMAL, dates as DATE, timestamps as TIMESTAMP); a field it does not name is kept with a type inferred from its
 * value; a value that does not fit its declared type (a date the API wrote another way, more decimal places than
 * declared) widens that field instead of being dropped. {@link #fit} says which schema a set of objects needs;
 * {@link #toRecord} converts one object with it.
 */
public final class JsonToRecord {
    private static final DataType STRING = RecordFieldType.STRING.getDataType();
    private static final DataType LONG = RecordFieldType.LONG.getDataType();
    private static final DataType BOOLEAN = RecordFieldType.BOOLEAN.getDataType();
    private static final DateTimeFormatter PLAIN_TIMESTAMP = DateTimeFormatter.ISO_LOCAL_DATE_TIME;

    private JsonToRecord() {
    }

    /** The schema that holds every one of {@code objects}: {@code schema} itself when it already does. */
    public static RecordSchema fit(final RecordSchema schema, final Iterable<JsonNode> objects) {
        RecordSchema fitted = schema;
        for (final JsonNode object : objects) {
            fitted = fitObject(fitted, object);
        }
        return fitted;
    }

    /** One object as a record of {@code schema}, which must {@link #fit} it. */
    public static Record toRecord(final JsonNode object, final RecordSchema schema) {
        final Map<String, Object> values = new LinkedHashMap<>();
        for (final RecordField field : schema.getFields()) {
            final JsonNode value = object.get(field.getFieldName());
            // a field the API sent as null stays a null field; one it left out stays out
            if (value != null) {
                values.put(field.getFieldName(), toValue(field.getDataType(), value));
            }
        }
        return new MapRecord(schema, values);
    }

    private static RecordSchema fitObject(final RecordSchema schema, final JsonNode object) {
        if (!object.isObject()) {
            return schema;
        }
        final List<RecordField> fields = new ArrayList<>(schema.getFields());
        boolean changed = false;
        for (final Map.Entry<String, JsonNode> entry : object.properties()) {
            final Optional<RecordField> declared = schema.getField(entry.getKey());
            if (declared.isEmpty()) {
                fields.add(new RecordField(entry.getKey(), infer(entry.getValue()), true));
                changed = true;
                continue;
            }
            final DataType fitted = fitValue(declared.get().getDataType(), entry.getValue());
            if (!fitted.equals(declared.get().getDataType())) {
                fields.set(fields.indexOf(declared.get()), new RecordField(entry.getKey(), fitted, true));
                changed = true;
            }
        }
        return changed ? new SimpleRecordSchema(fields) : schema;
    }

    private static DataType fitValue(final DataType type, final JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return type;
        }
        return switch (type.getFieldType()) {
            case RECORD -> {
                if (!value.isObject()) {
                    yield merge(type, infer(value));
                }
                final RecordSchema child = ((RecordDataType) type).getChildSchema();
                final RecordSchema fitted = fitObject(child, value);
                yield fitted == child ? type : RecordFieldType.RECORD.getRecordDataType(fitted);
            }
            case ARRAY -> {
                if (!value.isArray()) {
                    yield merge(type, infer(value));
                }
                final DataType element = ((ArrayDataType) type).getElementType();
                DataType fitted = element;
                for (final JsonNode item : value) {
                    fitted = fitValue(fitted, item);
                }
                yield fitted.equals(element) ? type : RecordFieldType.ARRAY.getArrayDataType(fitted);
            }
            case MAP -> {
                if (!value.isObject()) {
                    yield merge(type, infer(value));
                }
                final DataType valueType = ((MapDataType) type).getValueType();
                DataType fitted = valueType;
                for (final Map.Entry<String, JsonNode> entry : value.properties()) {
                    fitted = fitValue(fitted, entry.getValue());
                }
                yield fitted.equals(valueType) ? type : RecordFieldType.MAP.getMapDataType(fitted);
            }
            case CHOICE -> chosen(type, value).isPresent() ? type : merge(type, infer(value));
            case DECIMAL -> {
                final Optional<BigDecimal> decimal = decimal(value);
                if (decimal.isEmpty()) {
                    yield merge(type, infer(value));
                }
                final DecimalDataType declared = (DecimalDataType) type;
                final int scale = Math.max(declared.getScale(), Math.max(decimal.get().scale(), 0));
                final int integerDigits = Math.max(declared.getPrecision() - declared.getScale(), decimal.get().precision() - decimal.get().scale());
                yield scale == declared.getScale() && integerDigits + scale == declared.getPrecision()
                        ? type : RecordFieldType.DECIMAL.getDecimalDataType(integerDigits + scale, scale);
            }
            default -> accepts(type, value) ? type : merge(type, infer(value));
        };
    }

    /** Whether a scalar field of {@code type} holds {@code value} as it is. */
    private static boolean accepts(final DataType type, final JsonNode value) {
        return switch (type.getFieldType()) {
            case STRING -> value.isValueNode();
            case LONG -> value.isIntegralNumber() && value.canConvertToLong();
            case INT -> value.isIntegralNumber() && value.canConvertToInt();
            case DECIMAL -> decimal(value).isPresent();
            case DOUBLE, FLOAT -> value.isNumber();
            case BOOLEAN -> value.isBoolean();
            case DATE -> value.isTextual() && date(value.textValue()).isPresent();
            case TIMESTAMP -> value.isTextual() && timestamp(value.textValue()).isPresent();
            case RECORD, MAP -> value.isObject();
            case ARRAY -> value.isArray();
            default -> false;
        };
    }

    /** A type for a value of a field no schema names. Text stays text: only declared fields become dates. */
    static DataType infer(final JsonNode value) {
        if (value == null || value.isNull() || value.isTextual()) {
            return STRING;
        }
        if (value.isBoolean()) {
            return BOOLEAN;
        }
        if (value.isIntegralNumber()) {
            return value.canConvertToLong() ? LONG : decimalType(value.decimalValue());
        }
        if (value.isNumber()) {
            return decimalType(value.decimalValue());
        }
        if (value.isObject()) {
            return RecordFieldType.RECORD.getRecordDataType(fitObject(new SimpleRecordSchema(List.of()), value));
        }
        if (value.isArray()) {
            DataType element = null;
            for (final JsonNode item : value) {
                if (!item.isNull()) {
                    element = element == null ? infer(item) : fitValue(element, item);
                }
            }
            return RecordFieldType.ARRAY.getArrayDataType(element == null ? STRING : element);
        }
        return STRING;
    }

    private static DataType decimalType(final BigDecimal value) {
        final int scale = Math.max(value.scale(), 0);
        return RecordFieldType.DECIMAL.getDecimalDataType(Math.max(value.precision() - value.scale(), 1) + scale, scale);
    }

    /** The narrowest type holding both: numbers stay numbers, other scalars become text, shapes that differ a CHOICE. */
    private static DataType merge(final DataType a, final DataType b) {
        if (a.equals(b)) {
            return a;
        }
        final RecordFieldType x = a.getFieldType();
        final RecordFieldType y = b.getFieldType();
        if (isNumber(x) && isNumber(y)) {
            if (x == RecordFieldType.DECIMAL && y == RecordFieldType.DECIMAL) {
                final DecimalDataType p = (DecimalDataType) a;
                final DecimalDataType q = (DecimalDataType) b;
                final int scale = Math.max(p.getScale(), q.getScale());
                return RecordFieldType.DECIMAL.getDecimalDataType(Math.max(p.getPrecision() - p.getScale(), q.getPrecision() - q.getScale()) + scale, scale);
            }
            if (x == RecordFieldType.DECIMAL || y == RecordFieldType.DECIMAL) {
                final DecimalDataType d = (DecimalDataType) (x == RecordFieldType.DECIMAL ? a : b);
                return RecordFieldType.DECIMAL.getDecimalDataType(Math.max(d.getPrecision(), 19 + d.getScale()), d.getScale());
            }
            return LONG;
        }
        if (isScalar(x) && isScalar(y)) {
            return STRING;
        }
        final List<DataType> choices = new ArrayList<>();
        for (final DataType type : List.of(a, b)) {
            if (type instanceof ChoiceDataType choice) {
                choice.getPossibleSubTypes().stream().filter(t -> !choices.contains(t)).forEach(choices::add);
            } else if (!choices.contains(type)) {
                choices.add(type);
            }
        }
        return RecordFieldType.CHOICE.getChoiceDataType(choices);
    }

    private static boolean isNumber(final RecordFieldType type) {
        return type == RecordFieldType.LONG || type == RecordFieldType.INT || type == RecordFieldType.DECIMAL;
    }

    private static boolean isScalar(final RecordFieldType type) {
        return type != RecordFieldType.RECORD && type != RecordFieldType.ARRAY && type != RecordFieldType.MAP && type != RecordFieldType.CHOICE;
    }

    private static Optional<DataType> chosen(final DataType choice, final JsonNode value) {
        for (final DataType type : ((ChoiceDataType) choice).getPossibleSubTypes()) {
            if (fitValue(type, value).equals(type)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    private static Object toValue(final DataType type, final JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        return switch (type.getFieldType()) {
            case STRING -> value.isNumber() ? value.decimalValue().toPlainString() : value.isValueNode() ? value.asText() : value.toString();
            case LONG -> value.longValue();
            case INT -> value.intValue();
            case DOUBLE, FLOAT -> value.doubleValue();
            case DECIMAL -> decimal(value).orElse(null);
            case BOOLEAN -> value.booleanValue();
            case DATE -> date(value.textValue()).map(Date::valueOf).orElse(null);
            case TIMESTAMP -> timestamp(value.textValue()).map(Timestamp::from).orElse(null);
            case RECORD -> toRecord(value, ((RecordDataType) type).getChildSchema());
            case ARRAY -> {
                final DataType element = ((ArrayDataType) type).getElementType();
                final Object[] items = new Object[value.size()];
                for (int i = 0; i < items.length; i++) {
                    items[i] = toValue(element, value.get(i));
                }
                yield items;
            }
            case MAP -> {
                final DataType valueType = ((MapDataType) type).getValueType();
                final Map<String, Object> map = new LinkedHashMap<>();
                value.properties().forEach(entry -> map.put(entry.getKey(), toValue(valueType, entry.getValue())));
                yield map;
            }
            case CHOICE -> chosen(type, value).map(chosen -> toValue(chosen, value)).orElseGet(value::toString);
            default -> value.asText();
        };
    }

    private static Optional<BigDecimal> decimal(final JsonNode value) {
        if (value.isNumber()) {
            return Optional.of(value.decimalValue());
        }
        if (value.isTextual()) {
            try {
                return Optional.of(new BigDecimal(value.textValue().strip()));
            } catch (final NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    static Optional<LocalDate> date(final String text) {
        try {
            return Optional.of(LocalDate.parse(text));
        } catch (final DateTimeParseException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /** ISO 8601 with an offset, or the API's plain {@code YYYY-MM-DD HH:MM:SS[.ffffff]}, which is UTC. */
    static Optional<Instant> timestamp(final String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (final DateTimeParseException ignored) {
            // the plain form
        }
        try {
            return Optional.of(LocalDateTime.parse(text.replace(' ', 'T'), PLAIN_TIMESTAMP).toInstant(ZoneOffset.UTC));
        } catch (final DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
