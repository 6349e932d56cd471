/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The client-side bucket: full rate, a burst short of the server's by 50 ms of requests, waits that pace callers. */
class RateLimiterTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private RateLimiter limiter(final double rate, final int burst) {
        return new RateLimiter(rate, burst, nanos::get, wait -> nanos.addAndGet(wait.toNanos()));
    }

    @Test
    void burstIsTheServersLessFiftyMillisecondsOfRequests() {
        final RateLimiter limiter = limiter(1000, 2000);
        for (int i = 0; i < 1950; i++) {
            assertEquals(Duration.ZERO, limiter.reserve(), "request " + i + " of the burst");
        }
        assertEquals(Duration.ofMillis(1), limiter.reserve(), "the 1,951st waits for one refill at 1,000/s");
        assertEquals(Duration.ofMillis(2), limiter.reserve());
    }

    @Test
    void refillsAtTheFullConfiguredRate() throws InterruptedException {
        final RateLimiter limiter = limiter(1000, 2000);
        for (int i = 0; i < 1950; i++) {
            limiter.acquire();
        }
        final long start = nanos.get();
        for (int i = 0; i < 10_000; i++) {
            limiter.acquire();
        }
        assertEquals(10.0, (nanos.get() - start) / 1e9, 0.001, "10,000 requests after the burst take 10 s at 1,000/s");
    }

    @Test
    void theReserveTakesAtMostHalfOfASmallBurst() {
        final RateLimiter limiter = limiter(500, 20);
        for (int i = 0; i < 10; i++) {
            assertEquals(Duration.ZERO, limiter.reserve(), "request " + i);
        }
        assertEquals(Duration.ofMillis(2), limiter.reserve(), "the 11th waits for a refill at 500/s");
    }

    @Test
    void eachOfNNodesTakesOneNthOfTheRateAndTheBurst() throws InterruptedException {
        final AtomicInteger nodes = new AtomicInteger(2);
        final RateLimiter limiter = new RateLimiter(1000, 2000, nanos::get, wait -> nanos.addAndGet(wait.toNanos()), nodes::get);
        for (int i = 0; i < 975; i++) {
            assertEquals(Duration.ZERO, limiter.reserve(2), "request " + i + " of this node's half of the burst");
        }
        assertEquals(Duration.ofMillis(2), limiter.reserve(2), "then one every 2 ms: 500/s");
        final long start = nanos.get();
        for (int i = 0; i < 5_000; i++) {
            limiter.acquire();
        }
        assertEquals(10.0, (nanos.get() - start) / 1e9, 0.01, "5,000 requests take 10 s at half of 1,000/s");
        nodes.set(1);
        final long alone = nanos.get();
        for (int i = 0; i < 5_000; i++) {
            limiter.acquire();
        }
        assertEquals(5.0, (nanos.get() - alone) / 1e9, 0.01, "alone again, the node takes the whole rate at once");
    }

    @Test
    void aSmallBurstKeepsAtLeastOnePermit() {
        final RateLimiter limiter = limiter(5, 1);
        assertEquals(Duration.ZERO, limiter.reserve());
        assertEquals(Duration.ofMillis(200), limiter.reserve());
        assertThrows(IllegalArgumentException.class, () -> limiter(0, 10));
    }
}
