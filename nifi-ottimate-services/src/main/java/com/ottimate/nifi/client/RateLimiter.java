package com.ottimate.nifi.client;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Client-side token bucket so a busy flow stays under the API's rate limit instead of collecting 429s.
 * Shared by every processor that uses one connection service. It keeps {@link #HEADROOM} of the configured rate
 * and burst in reserve: requests paced exactly at the server's limit arrive bunched by threads and the network,
 * and the server's bucket did not start at the same instant as ours (measured: a few 429s per 10,000 without it).
 */
public final class RateLimiter {
    /** Share of the configured rate and burst actually used. */
    static final double HEADROOM = 0.95;

    private final double permitsPerSecond;
    private final double burst;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private double available;
    private long lastRefill;

    public RateLimiter(final double permitsPerSecond, final int burst, final LongSupplier nanoClock, final Sleeper sleeper) {
        if (permitsPerSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("rate must be positive and burst at least 1");
        }
        this.permitsPerSecond = permitsPerSecond * HEADROOM;
        this.burst = Math.max(1, Math.floor(burst * HEADROOM));
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
        this.available = burst;
        this.lastRefill = nanoClock.getAsLong();
    }

    /** Blocks until a permit is available. */
    public void acquire() throws InterruptedException {
        final Duration wait = reserve();
        if (!wait.isZero()) {
            sleeper.sleep(wait);
        }
    }

    /** Takes a permit now (possibly going into debt) and answers how long the caller must wait for it. */
    synchronized Duration reserve() {
        final long now = nanoClock.getAsLong();
        available = Math.min(burst, available + (now - lastRefill) / 1e9 * permitsPerSecond);
        lastRefill = now;
        available -= 1;
        if (available >= 0) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) Math.ceil(-available / permitsPerSecond * 1e9));
    }
}
