/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.listing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where an incremental listing resumes, kept in cluster state so another primary node picks up exactly there: {@code from} is the
 * lower bound of the next run's modification window, and {@code seen} holds the versions ({@code id@last_modified}) already emitted
 * whose modification time is at or after it, so the overlap the lookback leaves is never emitted twice.
 */
public record ListingState(Optional<Instant> from, Map<String, Long> seen) {
    public static final int MAX_SEEN = 20_000;
    static final String FROM = "from";
    static final String SEEN = "seen";
    static final String FORMAT = "format";
    private static final String FORMAT_VERSION = "2";
    private static final int SECONDS_LENGTH = 7;
    /** The largest second the packed form holds (36^7 - 1, the year 4 million): anything later is clamped to it. */
    private static final long MAX_SECOND = 78_364_164_095L;

    public static ListingState empty() {
        return new ListingState(Optional.empty(), Map.of());
    }

    public static ListingState fromMap(final Map<String, String> map) {
        final Optional<Instant> from = Optional.ofNullable(map.get(FROM)).filter(s -> !s.isEmpty()).map(Instant::parse);
        final String packed = map.getOrDefault(SEEN, "");
        final Map<String, Long> seen = new HashMap<>();
        if (FORMAT_VERSION.equals(map.get(FORMAT))) {
            final int entry = Fingerprints.LENGTH + SECONDS_LENGTH;
            for (int i = 0; i + entry <= packed.length(); i += entry) {
                seen.put(packed.substring(i, i + Fingerprints.LENGTH),
                        Long.parseLong(packed.substring(i + Fingerprints.LENGTH, i + entry).strip(), 36));
            }
        } else if (!packed.isEmpty()) {
            // 0.1.0 kept the versions themselves, comma-joined: id@2025-05-20T15:17:35.652584Z
            for (final String version : packed.split(",")) {
                final int at = version.lastIndexOf('@');
                seen.put(Fingerprints.of(version), at < 0 ? 0 : Instant.parse(version.substring(at + 1)).getEpochSecond());
            }
        }
        return new ListingState(from, seen);
    }

    public static String fingerprint(final String id, final String lastModified) {
        return Fingerprints.of(id + "@" + lastModified);
    }

    public boolean alreadyEmitted(final String fingerprint) {
        return seen.containsKey(fingerprint);
    }

    /**
     * The state after a run that listed everything modified up to {@code to} and emitted {@code emitted}: the next run
     * starts {@code lookback} before {@code to} and remembers what it would otherwise emit again. At most {@link #MAX_SEEN} are
     * kept, so state never outgrows ZooKeeper: past that the bound moves up to the oldest version kept (documented: late commits
     * older than that are then not looked for again).
     */
    public ListingState advance(final Map<String, Long> emitted, final Instant to, final Duration lookback) {
        Instant bound = to.minus(lookback);
        if (from.isPresent() && from.get().isAfter(bound)) {
            bound = from.get();
        }
        final long boundSecond = bound.getEpochSecond();
        final Map<String, Long> keep = new HashMap<>();
        seen.forEach((fingerprint, second) -> {
            if (second >= boundSecond) {
                keep.put(fingerprint, second);
            }
        });
        emitted.forEach((fingerprint, second) -> {
            if (second >= boundSecond) {
                keep.put(fingerprint, second);
            }
        });
        if (keep.size() > MAX_SEEN) {
            final List<Map.Entry<String, Long>> newest = new ArrayList<>(keep.entrySet());
            newest.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()));
            final long oldestKept = newest.get(MAX_SEEN - 1).getValue();
            keep.clear();
            // versions in the same second as the oldest kept may be past the cap: move the bound past that second
            newest.stream().filter(e -> e.getValue() > oldestKept).forEach(e -> keep.put(e.getKey(), e.getValue()));
            // never past the end of what was read: a version that would then be skipped is listed again instead
            final Instant capped = Instant.ofEpochSecond(oldestKept + 1);
            bound = capped.isAfter(to) ? to : capped;
        }
        return new ListingState(Optional.of(bound), keep);
    }

    /** The form kept in state: each version of {@code seen} as a fingerprint plus its modification second, 15 characters. */
    public Map<String, String> toMap() {
        final Map<String, String> map = new HashMap<>();
        from.ifPresent(f -> map.put(FROM, f.toString()));
        final StringBuilder packed = new StringBuilder(seen.size() * (Fingerprints.LENGTH + SECONDS_LENGTH));
        seen.forEach((fingerprint, second) -> packed.append(fingerprint)
                .append(String.format("%" + SECONDS_LENGTH + "s", Long.toString(Math.min(Math.max(second, 0), MAX_SECOND), 36))));
        map.put(SEEN, packed.toString());
        map.put(FORMAT, FORMAT_VERSION);
        return map;
    }
}
