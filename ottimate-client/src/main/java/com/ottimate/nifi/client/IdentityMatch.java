/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Judges objects read back against the identifying values a write sent (a field name with a dot names a field of an
 * object field: {@code custom_fields.erp_reference}). An object is the write's when it shows every
 * one of them, each equal (text exactly, numbers as decimals, a date as that day); an object that shows one of them
 * different is another's; one that does not show them all cannot be told apart. Objects made before the write's window
 * are never its own. Exactly one object that is the write, and none that cannot be told apart, proves it; nothing
 * that can be it is absence; anything else is unconfirmed.
 */
public final class IdentityMatch {
    private final String what;
    private final Map<String, JsonNode> identity;
    private final String createdField;

    private IdentityMatch(final String what, final Map<String, JsonNode> identity, final String createdField) {
        this.what = what;
        this.identity = identity;
        this.createdField = createdField;
    }

    /**
     * @param what         the write, for messages ("invoice 1001")
     * @param identity     field name to the value the write sent; fields it did not send (null, missing) are left out
     * @param createdField the field holding an object's creation time (ISO 8601), or null where objects show none
     */
    public static IdentityMatch of(final String what, final Map<String, JsonNode> identity, final String createdField) {
        final Map<String, JsonNode> sent = new LinkedHashMap<>();
        identity.forEach((field, value) -> {
            if (value != null && !value.isNull() && !value.isMissingNode() && value.isValueNode() && !value.asText().isBlank()) {
                sent.put(field, value);
            }
        });
        if (sent.isEmpty()) {
            throw new IllegalArgumentException("An identity needs at least one value the write sent");
        }
        return new IdentityMatch(what, Map.copyOf(sent), createdField);
    }

    /** The fields this identity compares. */
    public Set<String> fields() {
        return identity.keySet();
    }

    private enum Verdict { SAME, OTHER, CANNOT_TELL }

    /** Judges {@code candidates}, of which those made before {@code window} are left out. */
    public Finding judge(final Iterable<JsonNode> candidates, final Instant window) {
        final List<JsonNode> same = new ArrayList<>();
        final List<String> undecided = new ArrayList<>();
        for (final JsonNode candidate : candidates) {
            if (madeBefore(candidate, window)) {
                continue;
            }
            final List<String> missing = new ArrayList<>();
            final Verdict verdict = verdict(candidate, missing);
            if (verdict == Verdict.SAME) {
                same.add(candidate);
            } else if (verdict == Verdict.CANNOT_TELL) {
                undecided.add(describe(candidate) + " does not show " + String.join(", ", missing));
            }
        }
        if (same.size() == 1 && undecided.isEmpty()) {
            return new Finding.Proven(same.getFirst());
        }
        if (same.isEmpty() && undecided.isEmpty()) {
            return Finding.absent();
        }
        final List<String> found = new ArrayList<>();
        if (!same.isEmpty()) {
            found.add(same.size() + " object(s) equal to " + what + " in " + String.join(", ", identity.keySet()) + " ("
                    + same.stream().map(IdentityMatch::describe).collect(Collectors.joining(", ")) + ")");
        }
        if (!undecided.isEmpty()) {
            found.add(undecided.size() + " that may be it: " + String.join("; ", undecided));
        }
        return new Finding.Unconfirmed("Cannot prove whether " + what + " was made by its unanswered attempt: found " + String.join(", and ", found)
                + ". Check in Ottimate, then send it again or drop it");
    }

    private Verdict verdict(final JsonNode candidate, final List<String> missing) {
        for (final Map.Entry<String, JsonNode> field : identity.entrySet()) {
            final JsonNode theirs = read(candidate, field.getKey());
            if (theirs == null || theirs.isNull() || theirs.isMissingNode()) {
                missing.add(field.getKey());
            } else if (!same(field.getValue(), theirs)) {
                return Verdict.OTHER;
            }
        }
        return missing.isEmpty() ? Verdict.SAME : Verdict.CANNOT_TELL;
    }

    /** A field, or with a dot a field of an object field ({@code custom_fields.erp_reference}). */
    private static JsonNode read(final JsonNode candidate, final String field) {
        final JsonNode direct = candidate.get(field);
        final int dot = field.indexOf('.');
        if (direct != null || dot < 0) {
            return direct;
        }
        final JsonNode parent = candidate.get(field.substring(0, dot));
        return parent == null ? null : parent.get(field.substring(dot + 1));
    }

    /** Equal text; else equal decimals (32.5 and "32.50"); else a date equal to the day of a date-time. */
    public static boolean same(final JsonNode ours, final JsonNode theirs) {
        final String a = ours.asText();
        final String b = theirs.asText();
        if (a.equals(b)) {
            return true;
        }
        final BigDecimal x = decimal(a);
        final BigDecimal y = decimal(b);
        if (x != null && y != null) {
            return x.compareTo(y) == 0;
        }
        return sameDay(a, b) || sameDay(b, a);
    }

    private static BigDecimal decimal(final String text) {
        if (text.isEmpty() || !(Character.isDigit(text.charAt(0)) || text.charAt(0) == '-' || text.charAt(0) == '.')) {
            return null;
        }
        try {
            return new BigDecimal(text);
        } catch (final NumberFormatException e) {
            return null;
        }
    }

    private static boolean sameDay(final String date, final String dateTime) {
        return date.matches("\\d{4}-\\d{2}-\\d{2}") && dateTime.length() > 10 && dateTime.startsWith(date)
                && (dateTime.charAt(10) == 'T' || dateTime.charAt(10) == ' ');
    }

    private boolean madeBefore(final JsonNode candidate, final Instant window) {
        if (createdField == null || window == null) {
            return false;
        }
        final String created = candidate.path(createdField).asText("");
        try {
            return !created.isEmpty() && Instant.parse(created).isBefore(window);
        } catch (final DateTimeParseException e) {
            // an unreadable time cannot rule the object out
            return false;
        }
    }

    private static String describe(final JsonNode candidate) {
        final JsonNode id = candidate.get("id");
        return id == null ? "an object without id" : "id " + id.asText();
    }
}
