/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.client;

import java.time.Duration;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Client-side token bucket so a busy flow stays under the API's rate limit instead of collecting 429s, shared by every processor that
 * uses one connection service. It refills at the configured rate but keeps {@link #JITTER_RESERVE} worth of requests out of the burst.
 * In a cluster the rate and the burst are the whole cluster's: each node takes its share, 1/n of both for n nodes.
 */
public final class RateLimiter {
    /** How much arrival jitter the burst reserve absorbs. */
    static final Duration JITTER_RESERVE = Duration.ofMillis(50);

    private final double permitsPerSecond;
    private final double burst;
    private final int totalBurst;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private final IntSupplier nodes;
    private double available;
    private long lastRefill;

    public RateLimiter(final double permitsPerSecond, final int burst, final LongSupplier nanoClock, final Sleeper sleeper) {
        this(permitsPerSecond, burst, nanoClock, sleeper, () -> 1);
    }

    /** @param nodes how many nodes share the rate and the burst (1 outside a cluster) */
    public RateLimiter(final double permitsPerSecond, final int burst, final LongSupplier nanoClock, final Sleeper sleeper,
                       final IntSupplier nodes) {
        if (permitsPerSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("rate must be positive and burst at least 1");
        }
        this.permitsPerSecond = permitsPerSecond;
        this.totalBurst = burst;
        this.burst = usableBurst(permitsPerSecond, burst);
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
        this.nodes = nodes;
        this.available = this.burst;
        this.lastRefill = nanoClock.getAsLong();
    }

    /**
     * The burst without the jitter reserve, which never takes more than half a small burst. A request is counted here when it
     * leaves and at the server when it arrives: arrivals that bunch up (threads, the network, a pause) by less than the reserve
     * cannot outrun the server's bucket. bin/benchmark checks it: zero 429s at the documented 1,000/s and 2,000 burst.
     */
    private static double usableBurst(final double rate, final double burst) {
        final double reserve = Math.min(Math.ceil(rate * JITTER_RESERVE.toNanos() / 1e9), Math.floor(burst / 2.0));
        return Math.max(1, burst - reserve);
    }

    /**
     * Blocks until a permit of this node's share is available; the nodes are counted before each request, so a node joining or
     * leaving changes the shares at once.
     */
    public void acquire() throws InterruptedException {
        final Duration wait = reserve(Math.max(1, nodes.getAsInt()));
        if (!wait.isZero()) {
            sleeper.sleep(wait);
        }
    }

    /** Takes a permit now (possibly going into debt) and answers how long the caller must wait for it. */
    synchronized Duration reserve() {
        return reserve(1);
    }

    /** The same for this node's share when {@code shares} nodes share the limit. */
    synchronized Duration reserve(final int shares) {
        final double rate = permitsPerSecond / shares;
        final double cap = shares == 1 ? burst : usableBurst(rate, Math.max(1.0, (double) totalBurst / shares));
        final long now = nanoClock.getAsLong();
        available = Math.min(cap, available + (now - lastRefill) / 1e9 * rate);
        lastRefill = now;
        available -= 1;
        if (available >= 0) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) Math.ceil(-available / rate * 1e9));
    }
}
