/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.listing;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cluster state of an incremental listing: what it keeps, what it forgets, and that it always reads back. */
class ListingStateTest {
    private static final Instant TO = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void aVersionWithAnOutlandishTimeStillReadsBack() {
        final Map<String, Long> emitted = Map.of(ListingState.fingerprint("a", "2026-12-01T11:59:59Z"), TO.getEpochSecond() - 1,
                ListingState.fingerprint("b", "year 3 million"), Long.MAX_VALUE / 2);
        final ListingState next = ListingState.empty().advance(emitted, TO, Duration.ofMinutes(5));
        final ListingState read = ListingState.fromMap(next.toMap());
        assertEquals(next.from(), read.from());
        assertEquals(2, read.seen().size(), "both versions remembered, neither slot overflowing into the next");
        assertTrue(read.alreadyEmitted(ListingState.fingerprint("a", "2026-12-01T11:59:59Z")));
    }

    @Test
    void theCapOnRememberedVersionsNeverMovesTheBoundPastWhatWasRead() {
        // more versions in the last second than can be remembered
        final Map<String, Long> emitted = new HashMap<>();
        for (int i = 0; i <= ListingState.MAX_SEEN; i++) {
            emitted.put(ListingState.fingerprint("id-" + i, TO.toString()), TO.getEpochSecond());
        }
        final ListingState next = ListingState.empty().advance(emitted, TO, Duration.ZERO);
        assertFalse(next.from().orElseThrow().isAfter(TO), "bound " + next.from().orElseThrow() + " is past the run's end " + TO);
        assertTrue(next.toMap().get(ListingState.SEEN).length() < 1_000_000, "state stays well under ZooKeeper's node limit");
    }

    @Test
    void versionsOlderThanTheNextBoundAreForgotten() {
        final Map<String, Long> emitted = Map.of(ListingState.fingerprint("old", "x"), TO.minus(Duration.ofHours(1)).getEpochSecond(),
                ListingState.fingerprint("new", "y"), TO.getEpochSecond());
        final ListingState next = ListingState.empty().advance(emitted, TO, Duration.ofMinutes(5));
        assertEquals(1, next.seen().size());
        assertTrue(next.alreadyEmitted(ListingState.fingerprint("new", "y")));
    }
}
