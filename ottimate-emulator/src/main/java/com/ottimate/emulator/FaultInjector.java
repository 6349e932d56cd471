package com.ottimate.emulator;

import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Queue of scripted faults; each entry is consumed by the first request it matches. */
public final class FaultInjector {
    private final ConcurrentLinkedQueue<Fault> pending = new ConcurrentLinkedQueue<>();
    private volatile java.util.Random random;
    private volatile double probability;
    private volatile java.util.List<Fault> randomKinds = java.util.List.of();

    /**
     * Besides the queue: each API request (never the token call) meets one of {@code kinds} with {@code probability},
     * drawn from a seeded generator so a run can be repeated.
     */
    public FaultInjector random(final long seed, final double probability, final java.util.List<Fault> kinds) {
        this.randomKinds = java.util.List.copyOf(kinds);
        this.probability = probability;
        this.random = new java.util.Random(seed);
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
    }

    Optional<Fault> take(final ApiRequest request) {
        final Iterator<Fault> iterator = pending.iterator();
        while (iterator.hasNext()) {
            final Fault fault = iterator.next();
            if (fault.matches(request) && pending.remove(fault)) {
                return Optional.of(fault);
            }
        }
        final java.util.Random generator = random;
        if (generator == null || request.apiPath().startsWith("/oauth/")) {
            return Optional.empty();
        }
        synchronized (generator) {
            return generator.nextDouble() < probability ? Optional.of(randomKinds.get(generator.nextInt(randomKinds.size()))) : Optional.empty();
        }
    }
}
