/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.client.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A write whose attempts went unanswered: {@code first}, when the earliest of them was sent (what it made, if anything,
 * was made no earlier, give or take {@link #CLOCK_SKEW}); and {@code settled}, the moment after which none of them can
 * still be applied (the latest silent attempt plus the settle time). Until then the write is neither looked for nor
 * sent again; after it, what a look-up finds decides.
 */
public record UnansweredWrite(Instant first, Instant settled) {
    /** How far our clock and the API's may disagree when a found object's creation time is compared with {@link #first}. */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(2);

    public UnansweredWrite {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(settled, "settled");
    }

    /** One more attempt sent at {@code sent} went unanswered; the API may apply it until {@code settle} after it. */
    public static UnansweredWrite after(final UnansweredWrite earlier, final Instant sent, final Duration settle) {
        final Instant settles = sent.plus(settle);
        if (earlier == null) {
            return new UnansweredWrite(sent, settles);
        }
        return new UnansweredWrite(earlier.first.isBefore(sent) ? earlier.first : sent, earlier.settled.isAfter(settles) ? earlier.settled : settles);
    }

    /**
     * An attempt sent at {@code sent} that the API answered in a way that leaves its outcome unknown (a 500 or 503 of its
     * own, an answer cut short): it is done with it, so it widens the window but adds no wait.
     */
    public static UnansweredWrite finished(final UnansweredWrite earlier, final Instant sent) {
        if (earlier == null) {
            return new UnansweredWrite(sent, sent);
        }
        return new UnansweredWrite(earlier.first.isBefore(sent) ? earlier.first : sent, earlier.settled);
    }

    /** The earliest creation time an object of this write can show (our clock may be ahead of the API's). */
    public Instant window() {
        return first.minus(CLOCK_SKEW);
    }

    public boolean settledBy(final Instant now) {
        return !now.isBefore(settled);
    }
}
