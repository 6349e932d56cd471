package com.ottimate.nifi.processors.state;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where an incremental listing resumes, kept in cluster state so another primary node picks up exactly here.
 *
 * <p>{@code from} is the lower bound of the next query on {@code last_modified}; {@code seen} holds the
 * versions ({@code id@last_modified}) already emitted at or after {@code from}, so the overlap the bound
 * leaves is never emitted twice. The next bound is the newest version seen, less the run's own duration
 * (an object changed while the run was paging is at least as new as the run's start) and a lookback for
 * late commits, so nothing that changed during a run is skipped.
 */
public record ListingState(Optional<Instant> from, Set<String> seen) {
    static final String FROM = "from";
    static final String SEEN = "seen";

    public static ListingState empty() {
        return new ListingState(Optional.empty(), Set.of());
    }

    public static ListingState fromMap(final Map<String, String> map) {
        final Optional<Instant> from = Optional.ofNullable(map.get(FROM)).filter(s -> !s.isEmpty()).map(Instant::parse);
        final String seen = map.getOrDefault(SEEN, "");
        return new ListingState(from, seen.isEmpty() ? Set.of() : Set.of(seen.split(",")));
    }

    public static String version(final String id, final Instant lastModified) {
        return id + "@" + lastModified;
    }

    public boolean alreadyEmitted(final String version) {
        return seen.contains(version);
    }

    /** The state after a run that emitted {@code emitted} versions, the newest at {@code newest}. */
    public ListingState advance(final Map<String, Instant> emitted, final Instant newest, final Duration runDuration, final Duration lookback) {
        final Instant next = newest.minus(runDuration).minus(lookback);
        final Instant bound = from.isPresent() && from.get().isAfter(next) ? from.get() : next;
        final Set<String> keep = new HashSet<>();
        for (final String version : seen) {
            if (!Instant.parse(version.substring(version.lastIndexOf('@') + 1)).isBefore(bound)) {
                keep.add(version);
            }
        }
        emitted.forEach((version, modified) -> {
            if (!modified.isBefore(bound)) {
                keep.add(version);
            }
        });
        return new ListingState(Optional.of(bound), keep);
    }

    public Map<String, String> toMap() {
        final Map<String, String> map = new HashMap<>();
        from.ifPresent(f -> map.put(FROM, f.toString()));
        map.put(SEEN, String.join(",", seen));
        return map;
    }
}
