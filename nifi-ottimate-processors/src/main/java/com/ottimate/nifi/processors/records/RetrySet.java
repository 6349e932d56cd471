/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.records;

import com.ottimate.nifi.client.model.UnansweredWrite;

import java.time.Instant;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * What an earlier pass over a flowfile's records left for the next: which records already have their outcome, which went unanswered
 * and when, and the content they were computed for. A flowfile whose records only partly went through goes to 'retry' unchanged, so its
 * records keep their content-derived Idempotency-Keys; these attributes tell the next pass which records to skip and which to look for
 * before sending them again.
 */
public final class RetrySet {
    public static final String SETTLED = "ottimate.records.settled";
    public static final String UNANSWERED = "ottimate.records.unanswered";
    public static final String CONTENT = "ottimate.records.content";

    /** A record whose write went unanswered: when, and for an update that adds lines, the invoice's line ids before it. */
    public record Unanswered(UnansweredWrite write, Set<String> linesBefore) {
    }

    private final BitSet settled;
    private final Map<Integer, Unanswered> unanswered;

    private RetrySet(final BitSet settled, final Map<Integer, Unanswered> unanswered) {
        this.settled = settled;
        this.unanswered = unanswered;
    }

    public static RetrySet none() {
        return new RetrySet(new BitSet(), new HashMap<>());
    }

    /**
     * The set {@code attributes} carry, if it was computed for the content whose digest {@code digest} gives (asked only
     * when there is a set). Positions only mean something for the content they were counted in: a flowfile whose content changed
     * (a file fixed and sent back) carries no set for it, and every record is sent. A set without a digest (written by an earlier
     * build) is taken as it is. Values that do not parse settle nothing: every record is sent again, under the same keys.
     */
    public static RetrySet of(final Map<String, String> attributes, final Supplier<String> digest) {
        final String positions = attributes.get(SETTLED);
        final String entries = attributes.get(UNANSWERED);
        if ((positions == null || positions.isBlank()) && (entries == null || entries.isBlank())) {
            return none();
        }
        final String content = attributes.get(CONTENT);
        if (content != null && !content.equals(digest.get())) {
            return none();
        }
        return new RetrySet(parsePositions(positions), parseUnanswered(entries));
    }

    private static BitSet parsePositions(final String value) {
        final BitSet settled = new BitSet();
        if (value == null || value.isBlank()) {
            return settled;
        }
        try {
            for (final String range : value.split(",")) {
                final int dash = range.indexOf('-');
                final int from = Integer.parseInt((dash < 0 ? range : range.substring(0, dash)).strip());
                final int to = dash < 0 ? from : Integer.parseInt(range.substring(dash + 1).strip());
                if (from < 0 || to < from) {
                    return new BitSet();
                }
                settled.set(from, to + 1);
            }
        } catch (final NumberFormatException e) {
            return new BitSet();
        }
        return settled;
    }

    private static Map<Integer, Unanswered> parseUnanswered(final String value) {
        final Map<Integer, Unanswered> entries = new HashMap<>();
        if (value == null || value.isBlank()) {
            return entries;
        }
        for (final String entry : value.split(";")) {
            try {
                final int at = entry.indexOf('@');
                final String[] parts = entry.substring(at + 1).split("/", -1);
                final UnansweredWrite write = new UnansweredWrite(Instant.ofEpochMilli(Long.parseLong(parts[0])), Instant.ofEpochMilli(Long.parseLong(parts[1])));
                final Set<String> lines = parts.length > 2 ? new LinkedHashSet<>(parts[2].isEmpty() ? List.of() : List.of(parts[2].split(","))) : null;
                entries.put(Integer.parseInt(entry.substring(0, at).strip()), new Unanswered(write, lines));
            } catch (final RuntimeException e) {
                // an entry that does not parse cannot be looked for: it is dropped, the record is sent like any other
            }
        }
        return entries;
    }

    public boolean contains(final int position) {
        return settled.get(position);
    }

    /** The record at {@code position} has its outcome. */
    public void add(final int position) {
        settled.set(position);
        unanswered.remove(position);
    }

    /** The write of the record at {@code position} went unanswered: it is looked for before it is sent again. */
    public void unanswered(final int position, final Unanswered entry) {
        unanswered.put(position, entry);
    }

    /** The unanswered write of the record at {@code position}, or null when it has none. */
    public Unanswered unanswered(final int position) {
        return unanswered.get(position);
    }

    public boolean isEmpty() {
        return settled.isEmpty() && unanswered.isEmpty();
    }

    public int count() {
        return settled.cardinality();
    }

    /**
     * The attributes that carry this set to the next pass over content whose digest is {@code digest}: {@value #SETTLED} (positions
     * as ranges, {@code 0-99,150}), {@value #UNANSWERED} ({@code position@first/settled} in epoch millis, with {@code /line ids} for
     * an update that adds lines) and {@value #CONTENT} (the digest).
     */
    public Map<String, String> attributes(final String digest) {
        final Map<String, String> attributes = new HashMap<>();
        if (!settled.isEmpty()) {
            attributes.put(SETTLED, positions());
        }
        attributes.put(CONTENT, digest);
        if (!unanswered.isEmpty()) {
            final StringJoiner joined = new StringJoiner(";");
            new TreeMap<>(unanswered).forEach((position, entry) -> joined.add(position + "@" + entry.write().first().toEpochMilli() + "/"
                    + entry.write().settled().toEpochMilli() + (entry.linesBefore() == null ? "" : "/" + String.join(",", entry.linesBefore()))));
            attributes.put(UNANSWERED, joined.toString());
        }
        return attributes;
    }

    /** The settled positions as ranges of consecutive positions. */
    String positions() {
        final StringJoiner ranges = new StringJoiner(",");
        for (int from = settled.nextSetBit(0); from >= 0; from = settled.nextSetBit(from)) {
            final int to = settled.nextClearBit(from) - 1;
            ranges.add(from == to ? Integer.toString(from) : from + "-" + to);
            from = to + 1;
        }
        return ranges.toString();
    }

    @Override
    public String toString() {
        return positions();
    }
}
