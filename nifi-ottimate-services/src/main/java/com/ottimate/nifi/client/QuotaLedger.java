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
}
