/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.client;

import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The API's binding limit in production: a number of requests per API key per UTC day (10,000 by default). Counts every request this
 * client sends, warns once a day when the count crosses a threshold, and, when asked to, refuses to send once the quota is used so work
 * waits (on 'retry') instead of failing against the API. With a {@link QuotaLedger} (a NiFi cluster) the quota is the whole cluster's:
 * this node sends only what it leased, a chunk at a time.
 */
public final class DailyQuota {
    private final long limit;
    private final long warnAt;
    private final boolean stopAtLimit;
    private final Clock clock;
    private final LongConsumer onThreshold;
    private final QuotaLedger ledger;
    private final long chunk;
    private final Consumer<String> onLedgerTrouble;
    private LocalDate day;
    private long used;
    private boolean warned;
    private long allowance;
    private long leasedToday;
    private boolean localShareUsed;
    private String refusal;
    private long nextLeaseMillis;

    /**
     * @param limit       requests per UTC day; 0 turns counting into reporting only
     * @param warnAt      count at which {@code onThreshold} is called, once per day
     * @param onThreshold receives the count when it reaches {@code warnAt}
     */
    public DailyQuota(final long limit, final long warnAt, final boolean stopAtLimit, final Clock clock, final LongConsumer onThreshold) {
        this(limit, warnAt, stopAtLimit, clock, onThreshold, null, 0, message -> { });
    }

    /**
     * A quota shared through {@code ledger} (null: this node's own), leased {@code chunk} requests at a time;
     * {@code onLedgerTrouble} hears when the ledger cannot be reached. A standalone node's ledger is its own local state:
     * a restart goes on counting where it stopped.
     */
    public DailyQuota(final long limit, final long warnAt, final boolean stopAtLimit, final Clock clock, final LongConsumer onThreshold,
                      final QuotaLedger ledger, final long chunk, final Consumer<String> onLedgerTrouble) {
        this.limit = limit;
        this.warnAt = warnAt;
        this.stopAtLimit = stopAtLimit;
        this.clock = clock;
        this.onThreshold = onThreshold;
        this.ledger = limit > 0 && stopAtLimit ? ledger : null;
        this.chunk = Math.max(1, chunk);
        this.onLedgerTrouble = onLedgerTrouble;
        this.day = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        this.used = usedBefore(day);
    }

    private long usedBefore(final LocalDate date) {
        try {
            return ledger == null ? 0 : ledger.usedBefore(date);
        } catch (final IOException e) {
            onLedgerTrouble.accept("Cannot read today's request count (" + e.getMessage() + "): counting from 0");
            return 0;
        }
    }

    /** The lease size for a quota of {@code limit} requests: 1 % of it, between 1 and 100 requests. */
    public static long chunkOf(final long limit) {
        return Math.max(1, Math.min(100, limit / 100));
    }

    /** A quota that only counts. */
    public static DailyQuota unlimited(final Clock clock) {
        return new DailyQuota(0, Long.MAX_VALUE, false, clock, count -> { });
    }

    /** Takes one request from today's quota; false when the quota is used and the client must not send. */
    public boolean tryTake() {
        final long count;
        synchronized (this) {
            rollOver();
            if (ledger != null) {
                if (allowance == 0 && clock.millis() >= nextLeaseMillis) {
                    lease();
                }
                if (allowance == 0) {
                    return false;
                }
                allowance--;
            } else if (stopAtLimit && limit > 0 && used >= limit) {
                refusal = "Today's quota of " + limit + " requests is used (it resets at midnight UTC)";
                return false;
            }
            ++used;
            // in a cluster the warning goes by what the nodes leased together
            count = ledger != null ? leasedToday : used;
            if (count < warnAt || warned) {
                return true;
            }
            warned = true;
        }
        onThreshold.accept(count);
        return true;
    }

    /** Why the last request was refused. */
    public synchronized String refusal() {
        return refusal == null ? "Today's quota of " + limit + " requests is used (it resets at midnight UTC)" : refusal;
    }

    /**
     * Leases the next chunk. When the ledger cannot be reached this node may send one more chunk on its own (its safe local share)
     * once a day (however often it is re-enabled, where the ledger remembers it) and then waits, so the cluster overshoots the quota
     * by at most nodes × chunk, never by a node's full budget.
     */
    private void lease() {
        try {
            final QuotaLedger.Lease lease = ledger.lease(day, chunk, limit);
            allowance += lease.granted();
            leasedToday = Math.max(leasedToday, lease.leasedToday());
            if (lease.granted() == 0) {
                refusal = "Today's quota of " + limit + " requests is used by the cluster's nodes together (it resets at midnight UTC)";
                // refused work comes back on 'retry': ask the ledger again in a minute, not for every flowfile
                nextLeaseMillis = clock.millis() + 60_000;
            }
        } catch (final IOException e) {
            if (!localShareUsed && ledger.takeLocalShare(day)) {
                localShareUsed = true;
                allowance += chunk;
                onLedgerTrouble.accept("The quota's ledger (cluster state; local state on a standalone node) cannot be reached (" + e.getMessage() + "): this node sends at most "
                        + chunk + " more requests today on its own, then waits until it can lease again");
            } else {
                localShareUsed = true;
                refusal = "The quota's ledger cannot be reached and this node has used its local share of " + chunk
                        + " requests; work waits until the ledger answers again";
                nextLeaseMillis = clock.millis() + 5_000;
            }
        }
    }

    /** Requests sent today (UTC). */
    public synchronized long used() {
        rollOver();
        return used;
    }

    public long limit() {
        return limit;
    }

    private void rollOver() {
        final LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        if (!today.equals(day)) {
            day = today;
            used = usedBefore(today);
            warned = false;
            allowance = 0;
            leasedToday = 0;
            localShareUsed = false;
            refusal = null;
            nextLeaseMillis = 0;
        }
    }
}
