/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.client;

import java.io.IOException;
import java.time.LocalDate;

/**
 * Where the nodes of a cluster share one daily quota: each node leases a chunk of the day's requests at a time, so the
 * ledger sees one write per chunk, not one per request, and the nodes together never lease more than the quota.
 */
public interface QuotaLedger {

    /** What a lease got: the requests granted to this node (0 when the day's quota is all leased) and the day's total leased. */
    record Lease(long granted, long leasedToday) {
    }

    /** Leases up to {@code wanted} of {@code day}'s {@code limit} requests; throws when the ledger cannot be reached. */
    Lease lease(LocalDate day, long wanted, long limit) throws IOException;

    /** The requests of {@code day} this node's quota counted before it was (re)started: 0 where the ledger is the cluster's. */
    default long usedBefore(final LocalDate day) throws IOException {
        return 0;
    }

    /**
     * Whether this node may still send its one local share of {@code day} while the ledger cannot be reached, recording
     * that it now has: once a day however often the service is re-enabled, where the ledger can remember it.
     */
    default boolean takeLocalShare(final LocalDate day) {
        return true;
    }
}
