/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.emulator;

import java.time.Duration;

/** The API's documented rate limit: a token bucket refilled at a steady rate, with a burst capacity. */
final class TokenBucket {
    private final double ratePerSecond;
    private final double capacity;
    private double available;
    private long lastRefillNanos;

    TokenBucket(final double ratePerSecond, final double capacity) {
        this.ratePerSecond = ratePerSecond;
        this.capacity = capacity;
        this.available = capacity;
        this.lastRefillNanos = System.nanoTime();
    }

    /** Takes one token, or answers how long until one is available. */
    synchronized Duration tryTake() {
        final long now = System.nanoTime();
        available = Math.min(capacity, available + (now - lastRefillNanos) / 1e9 * ratePerSecond);
        lastRefillNanos = now;
        if (available >= 1) {
            available -= 1;
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) Math.ceil((1 - available) / ratePerSecond * 1e9));
    }
}
