/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.services;

import com.ottimate.nifi.client.QuotaLedger;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.components.state.StateManager;
import org.apache.nifi.components.state.StateMap;
import org.apache.nifi.controller.NodeTypeProvider;
import org.apache.nifi.logging.ComponentLog;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The API's limits shared by the nodes of a NiFi cluster, through the connection service's cluster state (ZooKeeper, compare-and-set):
 * the day's quota is leased in chunks, and the nodes split the rate limit by how many are alive. A node that cannot reach the state, or
 * that NiFi disconnected from the cluster, counts at least two nodes and leases nothing: it never takes the whole budget. The nodes'
 * clocks are assumed in step (NTP), as a NiFi cluster needs anyway.
 */
final class ClusterBudget implements QuotaLedger {
    static final String DAY = "quota.day";
    static final String LEASED = "quota.leased";
    static final String NODE = "node.";
    /** Local state: the day this node last sent its local share while the cluster state could not be reached. */
    static final String LOCAL_SHARE = "quota.local_share";
    static final Duration HEARTBEAT = Duration.ofSeconds(5);
    static final Duration NODE_TIMEOUT = Duration.ofSeconds(20);
    private static final int ATTEMPTS = 50;

    private final StateManager state;
    private final NodeTypeProvider cluster;
    private final Clock clock;
    private final ComponentLog log;
    private final String nodeId = UUID.randomUUID().toString();
    private final boolean member;
    private volatile int nodes = 1;
    private volatile boolean reachable = true;

    ClusterBudget(final StateManager state, final NodeTypeProvider cluster, final Clock clock, final ComponentLog log) {
        this(state, cluster, clock, log, true);
    }

    /** @param member false for a ledger that only leases (Verify): it does not count itself among the nodes sharing the rate */
    ClusterBudget(final StateManager state, final NodeTypeProvider cluster, final Clock clock, final ComponentLog log, final boolean member) {
        this.state = state;
        this.cluster = cluster;
        this.clock = clock;
        this.log = log;
        this.member = member;
    }

    /** How many nodes share the rate limit now (at least 1; at least 2 while the cluster state cannot be reached). */
    int nodes() {
        return nodes;
    }

    /** {@inheritDoc} Kept in the cluster state as {@code quota.day} and {@code quota.leased}, changed by compare-and-set. */
    @Override
    public Lease lease(final LocalDate day, final long wanted, final long limit) throws IOException {
        requireConnected();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            final StateMap current = state.getState(Scope.CLUSTER);
            final LocalDate stored = date(current.get(DAY));
            if (stored != null && stored.isAfter(day)) {
                // another node's clock is past midnight already: this one waits for its own, never resets the new day
                return new Lease(0, parse(current.get(LEASED)));
            }
            final Map<String, String> next = new HashMap<>(current.toMap());
            final long leased = day.equals(stored) ? parse(current.get(LEASED)) : 0;
            final long granted = Math.max(0, Math.min(wanted, limit - leased));
            if (granted == 0) {
                return new Lease(0, leased);
            }
            next.put(DAY, day.toString());
            next.put(LEASED, Long.toString(leased + granted));
            if (member) {
                next.put(NODE + nodeId, Long.toString(clock.millis()));
            }
            if (state.replace(current, next, Scope.CLUSTER)) {
                return new Lease(granted, leased + granted);
            }
            backOff();
        }
        throw new IOException("the cluster state kept changing under " + ATTEMPTS + " attempts to lease");
    }

    /**
     * Kept in this node's local state, not the cluster's: it is asked exactly when the cluster state cannot be reached.
     * Where the local state cannot be written either, the share is granted once per enabling, as before.
     */
    @Override
    public boolean takeLocalShare(final LocalDate day) {
        try {
            final StateMap local = state.getState(Scope.LOCAL);
            if (day.toString().equals(local.get(LOCAL_SHARE))) {
                return false;
            }
            final Map<String, String> next = new HashMap<>(local.toMap());
            next.put(LOCAL_SHARE, day.toString());
            state.setState(next, Scope.LOCAL);
        } catch (final IOException e) {
            log.warn("Cannot record in local state that this node used its local share of the quota today ({})", e.getMessage());
        }
        return true;
    }

    /**
     * A node NiFi disconnected from the cluster reads and writes its local state instead of ZooKeeper: that is no
     * ledger of the cluster's, so it counts as unreachable.
     */
    private void requireConnected() throws IOException {
        if (!cluster.isClustered()) {
            throw new IOException("this node is disconnected from the cluster");
        }
    }

    /** NiFi's member list (by host); NodeTypeProvider's default throws where a provider does not keep one. */
    private int members() {
        try {
            return cluster.getClusterMembers().size();
        } catch (final RuntimeException e) {
            return 0;
        }
    }

    private static void backOff() {
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1_000_000, 5_000_000));
    }

    private static LocalDate date(final String value) {
        try {
            return value == null ? null : LocalDate.parse(value);
        } catch (final DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Says this node is alive ({@code node.<id>} = time; run every {@link #HEARTBEAT}), forgets nodes silent for {@link #NODE_TIMEOUT},
     * and counts the rest, or NiFi's members if more (its list counts nodes by host, which undercounts nodes sharing one). Until a node
     * disabled or gone is forgotten the others keep leaving its share unused, the safe side.
     */
    void heartbeat() {
        try {
            requireConnected();
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                final StateMap current = state.getState(Scope.CLUSTER);
                final Map<String, String> next = new HashMap<>(current.toMap());
                final long now = clock.millis();
                next.put(NODE + nodeId, Long.toString(now));
                next.entrySet().removeIf(e -> e.getKey().startsWith(NODE) && now - parse(e.getValue()) > NODE_TIMEOUT.toMillis());
                if (state.replace(current, next, Scope.CLUSTER)) {
                    final int alive = (int) next.keySet().stream().filter(key -> key.startsWith(NODE)).count();
                    nodes = Math.max(1, Math.max(alive, members()));
                    if (!reachable) {
                        log.info("The cluster state answers again: {} nodes share the API's limits", nodes);
                    }
                    reachable = true;
                    return;
                }
                backOff();
            }
        } catch (final IOException | RuntimeException e) {
            if (reachable) {
                log.warn("Cannot reach the cluster state to share the API's limits ({}): this node takes at most half of the rate limit "
                        + "until it can", e.getMessage());
            }
        }
        reachable = false;
        nodes = Math.max(2, nodes);
    }

    private static long parse(final String value) {
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (final NumberFormatException e) {
            return 0;
        }
    }
}
