/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.services;

import com.ottimate.nifi.client.QuotaLedger;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.components.state.StateManager;
import org.apache.nifi.components.state.StateMap;

import java.io.IOException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * The daily quota of a standalone NiFi, kept in the connection service's local state (on disk) so that a restart or a
 * re-enable goes on counting where it stopped instead of granting the day's quota again. Requests are leased a chunk
 * at a time, so the state is written once per chunk; what a stopped service had leased but not sent is lost, the safe
 * side (at most one chunk).
 */
final class LocalQuotaLedger implements QuotaLedger {
    static final String DAY = "quota.day";
    static final String LEASED = "quota.leased";

    private final StateManager state;

    LocalQuotaLedger(final StateManager state) {
        this.state = state;
    }

    @Override
    public synchronized Lease lease(final LocalDate day, final long wanted, final long limit) throws IOException {
        final StateMap current = state.getState(Scope.LOCAL);
        final long leased = leasedOn(current, day);
        final long granted = Math.max(0, Math.min(wanted, limit - leased));
        if (granted > 0) {
            final Map<String, String> next = new HashMap<>(current.toMap());
            next.put(DAY, day.toString());
            next.put(LEASED, Long.toString(leased + granted));
            state.setState(next, Scope.LOCAL);
        }
        return new Lease(granted, leased + granted);
    }

    @Override
    public long usedBefore(final LocalDate day) throws IOException {
        return leasedOn(state.getState(Scope.LOCAL), day);
    }

    private static long leasedOn(final StateMap current, final LocalDate day) {
        if (!day.toString().equals(current.get(DAY))) {
            return 0;
        }
        try {
            return Long.parseLong(current.get(LEASED));
        } catch (final NumberFormatException e) {
            return 0;
        }
    }
}
