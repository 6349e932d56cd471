/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/** The emulator's data, kept per resource in arrival order. Tests read it to count what was really created. */
public final class InMemoryStore {

    /** One resource's objects by id, remembering the order they were created in. */
    public static final class Collection {
        private record Stored(long sequence, ObjectNode value) {
        }

        private final Map<String, Stored> byId = new ConcurrentHashMap<>();
        private final AtomicLong sequence = new AtomicLong();
        private final BooleanSupplier newestFirst;

        public Collection() {
            this(() -> false);
        }

        Collection(final BooleanSupplier newestFirst) {
            this.newestFirst = newestFirst;
        }

        /** Objects in the order a list answers them: oldest first, or newest first under NEWEST_FIRST. */
        public List<ObjectNode> listed() {
            final List<ObjectNode> all = all();
            return newestFirst.getAsBoolean() ? all.reversed() : all;
        }

        /** Stores {@code value} as it is (routes validate before they call this; tests use it to shape test data). */
        public void put(final String id, final ObjectNode value) {
            byId.compute(id, (key, old) -> new Stored(old == null ? sequence.incrementAndGet() : old.sequence(), value));
        }

        /** Removes the object (as a user deleting it in Ottimate would; tests use it to shape listings). */
        public void remove(final String id) {
            byId.remove(id);
        }

        public Optional<ObjectNode> get(final String id) {
            return Optional.ofNullable(byId.get(id)).map(Stored::value);
        }

        public int size() {
            return byId.size();
        }

        /** Objects oldest first. */
        public List<ObjectNode> all() {
            return byId.values().stream().sorted(Comparator.comparingLong(Stored::sequence)).map(Stored::value).toList();
        }

        public void clear() {
            byId.clear();
        }
    }

    private volatile boolean newestFirst;
    private final Collection invoices = newCollection();
    private final Collection vendors = newCollection();
    private final Collection dimensions = newCollection();
    private final Collection purchaseOrders = newCollection();
    private final Collection receipts = newCollection();

    /** A collection listed in this store's order. */
    Collection newCollection() {
        return new Collection(() -> newestFirst);
    }

    void setNewestFirst(final boolean newestFirst) {
        this.newestFirst = newestFirst;
    }
    private final AtomicLong vendorIds = new AtomicLong(1000);

    public Collection invoices() {
        return invoices;
    }

    public Collection vendors() {
        return vendors;
    }

    public Collection dimensions() {
        return dimensions;
    }

    public Collection purchaseOrders() {
        return purchaseOrders;
    }

    public Collection receipts() {
        return receipts;
    }

    long nextVendorId() {
        return vendorIds.incrementAndGet();
    }
}
