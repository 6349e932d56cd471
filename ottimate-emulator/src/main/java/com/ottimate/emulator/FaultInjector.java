package com.ottimate.emulator;

import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Queue of scripted faults; each entry is consumed by the first request it matches. */
public final class FaultInjector {
    private final ConcurrentLinkedQueue<Fault> pending = new ConcurrentLinkedQueue<>();

    /** Applies {@code fault} to the next {@code count} matching requests. */
    public FaultInjector next(final int count, final Fault fault) {
        for (int i = 0; i < count; i++) {
            pending.add(fault);
        }
        return this;
    }

    public void clear() {
        pending.clear();
    }

    Optional<Fault> take(final ApiRequest request) {
        final Iterator<Fault> iterator = pending.iterator();
        while (iterator.hasNext()) {
            final Fault fault = iterator.next();
            if (fault.matches(request) && pending.remove(fault)) {
                return Optional.of(fault);
            }
        }
        return Optional.empty();
    }
}
