package com.ottimate.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The emulator's data, kept per resource in arrival order. Tests read it to count what was really created. */
public final class InMemoryStore {

    /** One resource's objects by id, remembering the order they were created in. */
    public static final class Collection {
        private record Stored(long sequence, ObjectNode value) {
        }

        private final Map<String, Stored> byId = new ConcurrentHashMap<>();
        private final AtomicLong sequence = new AtomicLong();

        /** Stores {@code value} as it is (routes validate before they call this; tests use it to shape test data). */
        public void put(final String id, final ObjectNode value) {
            byId.compute(id, (key, old) -> new Stored(old == null ? sequence.incrementAndGet() : old.sequence(), value));
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

    private final Collection invoices = new Collection();
    private final Collection vendors = new Collection();
    private final Collection dimensions = new Collection();
    private final Collection purchaseOrders = new Collection();
    private final Collection receipts = new Collection();
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
