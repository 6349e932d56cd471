/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.client;

import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with full jitter; a server's {@code Retry-After} wins when it is given.
 * A wait longer than {@code maxWait} is not slept through: the request is handed back as retryable so
 * NiFi can penalize the flowfile instead of holding a thread.
 */
public record RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxWait, DoubleSupplier jitter) {

    public static RetryPolicy of(final int maxRetries, final Duration initialBackoff, final Duration maxWait) {
        return new RetryPolicy(maxRetries, initialBackoff, maxWait, Math::random);
    }

    /** The wait before retry number {@code retry} (1-based), or empty when the request should not be retried now. */
    public Optional<Duration> delayBeforeRetry(final int retry, final Optional<Duration> retryAfter) {
        if (retry > maxRetries) {
            return Optional.empty();
        }
        if (retryAfter.isPresent()) {
            return retryAfter.get().compareTo(maxWait) <= 0 ? retryAfter : Optional.empty();
        }
        final long ceiling = Math.min(maxWait.toMillis(), initialBackoff.toMillis() * (1L << Math.min(20, retry - 1)));
        // full jitter, but never less than a quarter of the step so retries do not bunch up at zero
        final long millis = (long) (ceiling * (0.25 + 0.75 * jitter.getAsDouble()));
        return Optional.of(Duration.ofMillis(millis));
    }

    @Override
    public String toString() {
        return "RetryPolicy[maxRetries=" + maxRetries + ", initialBackoff=" + initialBackoff + ", maxWait=" + maxWait + "]";
    }
}
