package com.ottimate.nifi.client;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Client-side token bucket so a busy flow stays under the API's rate limit instead of collecting 429s.
 * Shared by every processor that uses one connection service. It refills at the configured rate but keeps
 * {@link #JITTER_RESERVE} worth of requests out of the burst: a request is counted here when it leaves and at the
 * server when it arrives, and arrivals that bunch up (threads, the network, a pause) by less than the reserve cannot
 * outrun the server's bucket. bin/benchmark checks it: zero 429s at the documented 1,000/s and 2,000 burst.
 */
public final class RateLimiter {
    /** How much arrival jitter the burst reserve absorbs. */
    static final Duration JITTER_RESERVE = Duration.ofMillis(50);

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
        this.permitsPerSecond = permitsPerSecond;
        // the reserve never takes more than half a small burst
        final double reserve = Math.min(Math.ceil(permitsPerSecond * JITTER_RESERVE.toNanos() / 1e9), Math.floor(burst / 2.0));
        this.burst = Math.max(1, burst - reserve);
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
        this.available = this.burst;
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
