/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.lookup;

import java.util.concurrent.atomic.AtomicLong;

/** What a lookup service did since it was enabled: lookups, those answered from memory, misses, and API requests. */
public final class LookupCounters {
    private final AtomicLong lookups = new AtomicLong();
    private final AtomicLong fromMemory = new AtomicLong();
    private final AtomicLong notFound = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();

    void countLookup() {
        lookups.incrementAndGet();
    }

    void countFromMemory() {
        fromMemory.incrementAndGet();
    }

    void countNotFound() {
        notFound.incrementAndGet();
    }

    void countRequest() {
        requests.incrementAndGet();
    }

    public long lookups() {
        return lookups.get();
    }

    /** Lookups answered without a request of their own (a cached key, a preloaded listing, or a request already in flight). */
    public long fromMemory() {
        return fromMemory.get();
    }

    public long notFound() {
        return notFound.get();
    }

    /** API requests sent, each page counted. */
    public long requests() {
        return requests.get();
    }

    @Override
    public String toString() {
        return lookups() + " lookups, " + fromMemory() + " answered from memory, " + notFound() + " not found, " + requests() + " API requests";
    }
}
