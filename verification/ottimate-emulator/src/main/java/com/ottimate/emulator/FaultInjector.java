/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Queue of scripted faults; each entry is consumed by the first request it matches. */
public final class FaultInjector {
    private final ConcurrentLinkedQueue<Fault> pending = new ConcurrentLinkedQueue<>();
    private volatile Random random;
    private volatile double probability;
    private volatile List<Fault> randomKinds = List.of();
    private volatile Outage outage;

    /** Every request below a path answers a status until a moment: an outage longer than a client's retries. */
    private record Outage(String pathPrefix, int status, Instant until) {
    }

    /**
     * An outage: for {@code duration} from now, every API request (never the token call) under {@code pathPrefix}
     * answers {@code status}, whatever else is queued.
     */
    public FaultInjector outage(final String pathPrefix, final int status, final Duration duration) {
        this.outage = new Outage(pathPrefix, status, Instant.now().plus(duration));
        return this;
    }

    private volatile Slowdown slowdown;

    /** Every request below a path answers late: a slow API, e.g. to stop a client half-way through a listing. */
    private record Slowdown(String pathPrefix, Duration delay) {
    }

    /** Until {@link #endSlowdown()}, every API request (never the token call) under {@code pathPrefix} is answered {@code delay} late. */
    public FaultInjector slowdown(final String pathPrefix, final Duration delay) {
        this.slowdown = new Slowdown(pathPrefix, delay);
        return this;
    }

    public FaultInjector endSlowdown() {
        this.slowdown = null;
        return this;
    }

    /** Ends an outage early (the API is healthy again). */
    public FaultInjector endOutage() {
        this.outage = null;
        return this;
    }

    /**
     * Besides the queue: each API request (never the token call) meets one of {@code kinds} with {@code probability},
     * drawn from a seeded generator so a run can be repeated.
     */
    public FaultInjector random(final long seed, final double probability, final List<Fault> kinds) {
        this.randomKinds = List.copyOf(kinds);
        this.probability = probability;
        this.random = new Random(seed);
        return this;
    }

    /** Applies {@code fault} to the next {@code count} matching requests. */
    public FaultInjector next(final int count, final Fault fault) {
        for (int i = 0; i < count; i++) {
            pending.add(fault);
        }
        return this;
    }

    public void clear() {
        pending.clear();
        random = null;
        outage = null;
        slowdown = null;
    }

    Optional<Fault> take(final ApiRequest request) {
        final Outage down = outage;
        if (down != null && !request.apiPath().startsWith("/oauth/") && request.apiPath().startsWith(down.pathPrefix())) {
            if (Instant.now().isBefore(down.until())) {
                return Optional.of(Fault.status(down.status()));
            }
            outage = null;
        }
        final Slowdown slow = slowdown;
        if (slow != null && !request.apiPath().startsWith("/oauth/") && request.apiPath().startsWith(slow.pathPrefix())) {
            return Optional.of(Fault.delay(slow.delay()));
        }
        final Iterator<Fault> iterator = pending.iterator();
        while (iterator.hasNext()) {
            final Fault fault = iterator.next();
            if (fault.matches(request) && pending.remove(fault)) {
                return Optional.of(fault);
            }
        }
        final Random generator = random;
        if (generator == null || request.apiPath().startsWith("/oauth/")) {
            return Optional.empty();
        }
        synchronized (generator) {
            return generator.nextDouble() < probability ? Optional.of(randomKinds.get(generator.nextInt(randomKinds.size()))) : Optional.empty();
        }
    }
}
