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
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The API's limits shared by the nodes of a NiFi cluster, through the connection service's cluster state (ZooKeeper,
 * compare-and-set): the day's quota is leased in chunks ({@code quota.day}, {@code quota.leased}), and each node says
 * it is alive every {@link #HEARTBEAT} ({@code node.<id>} = time), so the nodes split the rate limit by how many are
 * alive (NiFi's own member list counts nodes by host, which undercounts nodes sharing one). A node that cannot reach
 * the state counts at least two nodes: it never takes the whole budget. A node disabled or gone is forgotten only
 * after {@link #NODE_TIMEOUT}: until then the others keep leaving its share unused, the safe side.
 */
final class ClusterBudget implements QuotaLedger {
    static final String DAY = "quota.day";
    static final String LEASED = "quota.leased";
    static final String NODE = "node.";
    static final Duration HEARTBEAT = Duration.ofSeconds(5);
    static final Duration NODE_TIMEOUT = Duration.ofSeconds(20);
    private static final int ATTEMPTS = 50;

    private final StateManager state;
    private final NodeTypeProvider cluster;
    private final Clock clock;
    private final ComponentLog log;
    private final String nodeId = UUID.randomUUID().toString();
    private volatile int nodes = 1;
    private volatile boolean reachable = true;

    ClusterBudget(final StateManager state, final NodeTypeProvider cluster, final Clock clock, final ComponentLog log) {
        this.state = state;
        this.cluster = cluster;
        this.clock = clock;
        this.log = log;
    }

    /** How many nodes share the rate limit now (at least 1; at least 2 while the cluster state cannot be reached). */
    int nodes() {
        return nodes;
    }

    @Override
    public Lease lease(final LocalDate day, final long wanted, final long limit) throws IOException {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            final StateMap current = state.getState(Scope.CLUSTER);
            final Map<String, String> next = new HashMap<>(current.toMap());
            final long leased = day.toString().equals(current.get(DAY)) ? parse(current.get(LEASED)) : 0;
            final long granted = Math.max(0, Math.min(wanted, limit - leased));
            if (granted == 0) {
                return new Lease(0, leased);
            }
            next.put(DAY, day.toString());
            next.put(LEASED, Long.toString(leased + granted));
            next.put(NODE + nodeId, Long.toString(clock.millis()));
            if (state.replace(current, next, Scope.CLUSTER)) {
                return new Lease(granted, leased + granted);
            }
        }
        throw new IOException("the cluster state kept changing under " + ATTEMPTS + " attempts to lease");
    }

    /** Says this node is alive, forgets nodes silent for {@link #NODE_TIMEOUT}, and counts the rest. */
    void heartbeat() {
        try {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                final StateMap current = state.getState(Scope.CLUSTER);
                final Map<String, String> next = new HashMap<>(current.toMap());
                final long now = clock.millis();
                next.put(NODE + nodeId, Long.toString(now));
                next.entrySet().removeIf(e -> e.getKey().startsWith(NODE) && now - parse(e.getValue()) > NODE_TIMEOUT.toMillis());
                if (state.replace(current, next, Scope.CLUSTER)) {
                    final int alive = (int) next.keySet().stream().filter(key -> key.startsWith(NODE)).count();
                    nodes = Math.max(1, Math.max(alive, cluster.getClusterMembers().size()));
                    if (!reachable) {
                        log.info("The cluster state answers again: {} nodes share the API's limits", nodes);
                    }
                    reachable = true;
                    return;
                }
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
