/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The API's paired timestamps: {@code x} as {@code YYYY-MM-DD HH:MM:SS} (UTC) and {@code x_utc} as ISO 8601. */
final class Timestamps {
    private static final DateTimeFormatter PLAIN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    static void put(final ObjectNode node, final String field, final Instant instant) {
        node.put(field, PLAIN.format(instant));
        node.put(field + "_utc", UTC.format(instant));
    }

    static String plain(final Instant instant) {
        return PLAIN.format(instant);
    }

    static Instant read(final ObjectNode node, final String field) {
        return Instant.parse(node.get(field + "_utc").asText());
    }

    /** Parses a filter value: {@code YYYY-MM-DD}, {@code YYYY-MM-DD HH:MM:SS} (UTC) or ISO 8601 with offset. */
    static Instant parseFilter(final String value, final boolean endOfDay) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (final DateTimeParseException ignored) {
            // fall through to the plain forms
        }
        try {
            return LocalDateTime.parse(value, DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")).toInstant(ZoneOffset.UTC);
        } catch (final DateTimeParseException ignored) {
            // fall through to a date
        }
        final LocalDate date = LocalDate.parse(value);
        return endOfDay ? date.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusNanos(1000) : date.atStartOfDay().toInstant(ZoneOffset.UTC);
    }
}
