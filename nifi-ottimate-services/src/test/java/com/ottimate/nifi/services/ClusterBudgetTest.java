/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.services;

import com.ottimate.emulator.EmulatorSettings;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.client.ClientSettings;
import com.ottimate.nifi.client.DailyQuota;
import com.ottimate.nifi.client.OttimateClient;
import com.ottimate.nifi.client.QuotaLedger;
import com.ottimate.nifi.client.Secret;
import com.ottimate.nifi.client.model.OttimateRequest;
import com.ottimate.nifi.client.model.OttimateResult;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.components.state.StateManager;
import org.apache.nifi.components.state.StateMap;
import org.apache.nifi.controller.NodeTypeProvider;
import org.apache.nifi.state.MockStateManager;
import org.apache.nifi.util.MockComponentLog;
import org.apache.nifi.util.MockControllerServiceInitializationContext;
import org.apache.nifi.util.NoOpProcessor;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API's limits shared by the nodes of a cluster: two nodes (two budgets, two clients) on one cluster state, as two
 * NiFi nodes share the connection service's state in ZooKeeper.
 */
class ClusterBudgetTest {
    private static final NodeTypeProvider CLUSTER = new NodeTypeProvider() {
        @Override
        public boolean isClustered() {
            return true;
        }

        @Override
        public boolean isPrimary() {
            return false;
        }
    };

    private final MockStateManager clusterState = new MockStateManager(new StandardOttimateConnectionService());

    private ClusterBudget node(final StateManager state) {
        return new ClusterBudget(state, CLUSTER, Clock.systemUTC(), new MockComponentLog("budget", this));
    }

    @Test
    void nodesLeasingConcurrentlyNeverLeaseMoreThanTheQuota() throws Exception {
        final List<ClusterBudget> nodes = List.of(node(clusterState), node(clusterState));
        final LocalDate today = LocalDate.now(ZoneOffset.UTC);
        final AtomicLong granted = new AtomicLong();
        final ExecutorService threads = Executors.newFixedThreadPool(6);
        final List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            final ClusterBudget budget = nodes.get(t % 2);
            work.add(threads.submit(() -> {
                while (true) {
                    final QuotaLedger.Lease lease = budget.lease(today, 100, 10_000);
                    if (lease.granted() == 0) {
                        return null;
                    }
                    granted.addAndGet(lease.granted());
                }
            }));
        }
        for (final Future<?> future : work) {
            future.get();
        }
        threads.shutdown();
        assertEquals(10_000, granted.get(), "the nodes together leased exactly the quota");
        assertEquals("10000", clusterState.getState(Scope.CLUSTER).get(ClusterBudget.LEASED));
        assertEquals(today.toString(), clusterState.getState(Scope.CLUSTER).get(ClusterBudget.DAY));
        assertEquals(0, nodes.getFirst().lease(today, 100, 10_000).granted());
        assertEquals(100, nodes.getFirst().lease(today.plusDays(1), 100, 10_000).granted(), "a new day starts a new count");
    }

    @Test
    void twoNodesSendingTogetherStayWithinTheClusterQuota() throws Exception {
        try (OttimateEmulator emulator = OttimateEmulator.start()) {
            final List<OttimateClient> clients = new ArrayList<>();
            final List<ClusterBudget> budgets = List.of(node(clusterState), node(clusterState));
            for (final ClusterBudget budget : budgets) {
                budget.heartbeat();
                final DailyQuota quota = new DailyQuota(500, 400, true, Clock.systemUTC(), count -> { }, budget, DailyQuota.chunkOf(500), m -> { });
                clients.add(OttimateClient.builder(settings(emulator)).quota(quota).warnings(m -> { }).nodes(budget::nodes).build());
            }
            budgets.forEach(ClusterBudget::heartbeat);
            assertEquals(2, budgets.getFirst().nodes(), "each node counts the other");
            final AtomicLong refused = new AtomicLong();
            final ExecutorService threads = Executors.newFixedThreadPool(4);
            final List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                final OttimateClient client = clients.get(t % 2);
                work.add(threads.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        final OttimateResult result = client.execute(OttimateRequest.get("accounts").build());
                        if (result instanceof OttimateResult.Retryable retryable && "daily_quota_reached".equals(retryable.error().code())) {
                            refused.incrementAndGet();
                            assertTrue(retryable.error().message().contains("by the cluster's nodes together"), retryable.error().message());
                        }
                    }
                    return null;
                }));
            }
            for (final Future<?> future : work) {
                future.get();
            }
            threads.shutdown();
            final long sent = emulator.journal().all().size();
            assertEquals(500, sent, "800 asked, 500 sent by the two nodes together (token requests included): " + emulator.journal().summary());
            assertEquals(800 + 2 - 500, refused.get(), "the rest waits for tomorrow (each node's token came out of the quota too)");
            clients.forEach(OttimateClient::close);
        }
    }

    @Test
    void aNodeThatCannotReachTheStateUsesOneChunkAndNeverTheWholeRate() {
        final StateManager unreachable = new StateManager() {
            @Override
            public void setState(final Map<String, String> state, final Scope scope) throws IOException {
                throw new IOException("ZooKeeper is not reachable");
            }

            @Override
            public StateMap getState(final Scope scope) throws IOException {
                throw new IOException("ZooKeeper is not reachable");
            }

            @Override
            public boolean replace(final StateMap oldValue, final Map<String, String> newValue, final Scope scope) throws IOException {
                throw new IOException("ZooKeeper is not reachable");
            }

            @Override
            public void clear(final Scope scope) throws IOException {
                throw new IOException("ZooKeeper is not reachable");
            }
        };
        final ClusterBudget budget = node(unreachable);
        budget.heartbeat();
        assertEquals(2, budget.nodes(), "without the state a node takes at most half of the rate");
        final List<String> warnings = new ArrayList<>();
        final DailyQuota quota = new DailyQuota(10_000, 8_000, true, Clock.systemUTC(), count -> { }, budget, DailyQuota.chunkOf(10_000), warnings::add);
        int taken = 0;
        while (quota.tryTake()) {
            taken++;
        }
        assertEquals(100, taken, "one chunk (1 % of the quota) on its own, then it waits");
        assertTrue(quota.refusal().contains("cannot be reached"), quota.refusal());
        assertEquals(1, warnings.size(), warnings.toString());
        assertFalse(warnings.getFirst().contains("Exception"), warnings.toString());
    }

    @Test
    void aNodeNiFiDisconnectedLeasesNothingFromItsLocalState() {
        final NodeTypeProvider disconnected = new NodeTypeProvider() {
            @Override
            public boolean isClustered() {
                return false;
            }

            @Override
            public boolean isPrimary() {
                return false;
            }
        };
        final ClusterBudget budget = new ClusterBudget(clusterState, disconnected, Clock.systemUTC(), new MockComponentLog("budget", this));
        budget.heartbeat();
        assertEquals(2, budget.nodes(), "at most half of the rate while disconnected");
        final DailyQuota quota = new DailyQuota(10_000, 8_000, true, Clock.systemUTC(), count -> { }, budget, 100, m -> { });
        int taken = 0;
        while (quota.tryTake()) {
            taken++;
        }
        assertEquals(100, taken, "its local share only, never the day's quota from a local state");
    }

    @Test
    void aNodeWhoseClockIsBehindMidnightNeverResetsTheNewDay() throws Exception {
        final ClusterBudget ahead = node(clusterState);
        final ClusterBudget behind = node(clusterState);
        final LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertEquals(100, ahead.lease(today.plusDays(1), 100, 10_000).granted());
        assertEquals(0, behind.lease(today, 100, 10_000).granted(), "yesterday's node waits for its own midnight");
        assertEquals("100", clusterState.getState(Scope.CLUSTER).get(ClusterBudget.LEASED), "the new day's count is kept");
    }

    @Test
    void theServiceSharesItsLimitsThroughClusterStateOnlyInACluster() throws Exception {
        try (OttimateEmulator emulator = OttimateEmulator.start()) {
            final TestRunner runner = TestRunners.newTestRunner(NoOpProcessor.class);
            runner.setIsConfiguredForClustering(true);
            runner.setClustered(true);
            final StandardOttimateConnectionService service = clusterNodeService(runner, emulator);
            runner.enableControllerService(service);
            assertTrue(service.execute(OttimateRequest.get("accounts").build()) instanceof OttimateResult.Success);
            final StateMap state = runner.getStateManager(service).getState(Scope.CLUSTER);
            assertEquals("100", state.get(ClusterBudget.LEASED), "the first request leased 1 % of the day's 10,000: " + state.toMap());
            assertEquals(1, state.toMap().keySet().stream().filter(key -> key.startsWith(ClusterBudget.NODE)).count(), state.toMap().toString());
            assertEquals(1, service.sharingNodes());
            runner.disableControllerService(service);
            assertEquals(3, runner.getStateManager(service).getState(Scope.CLUSTER).toMap().size(),
                    "a disabled node stays counted until its heartbeat is stale (the others keep its share unused)");
        }
    }

    /** Issue 24 item 9, in a cluster: Verify's requests are leased from the cluster's quota, and Verify is not counted as a node. */
    @Test
    void verifyInAClusterLeasesItsRequestsWithoutCountingAsANode() throws Exception {
        try (OttimateEmulator emulator = OttimateEmulator.start()) {
            final TestRunner runner = TestRunners.newTestRunner(NoOpProcessor.class);
            final StandardOttimateConnectionService service = clusterNodeService(runner, emulator);
            runner.verify(service, Map.of());
            final StateMap state = runner.getStateManager(service).getState(Scope.CLUSTER);
            assertEquals("2", state.get(ClusterBudget.LEASED), "Verify's token and page, leased from the cluster's quota: " + state.toMap());
            assertTrue(state.toMap().keySet().stream().noneMatch(key -> key.startsWith(ClusterBudget.NODE)), "no node entry: " + state.toMap());
        }
    }

    /** The connection service of {@code runner}, to {@code emulator}, initialized as on a connected cluster node; not enabled. */
    private static StandardOttimateConnectionService clusterNodeService(final TestRunner runner, final OttimateEmulator emulator) throws Exception {
        final StandardOttimateConnectionService service = new StandardOttimateConnectionService();
        runner.addControllerService("ottimate", service);
        // the runner's cluster flags reach processors only: a connected cluster node as NiFi initializes a service
        final MockControllerServiceInitializationContext node = new MockControllerServiceInitializationContext(service, "ottimate",
                new MockComponentLog("ottimate", service), runner.getStateManager(service));
        node.setClustered(true);
        node.setConfiguredForClustering(true);
        service.initialize(node);
        final EmulatorSettings s = emulator.settings();
        runner.setProperty(service, StandardOttimateConnectionService.ENVIRONMENT, Environment.CUSTOM.getValue());
        runner.setProperty(service, StandardOttimateConnectionService.BASE_URL, emulator.baseUrl());
        runner.setProperty(service, StandardOttimateConnectionService.API_KEY, s.apiKey());
        runner.setProperty(service, StandardOttimateConnectionService.CLIENT_ID, s.clientId());
        runner.setProperty(service, StandardOttimateConnectionService.CLIENT_SECRET, s.clientSecret());
        return service;
    }

    private static ClientSettings settings(final OttimateEmulator emulator) {
        final EmulatorSettings s = emulator.settings();
        return ClientSettings.defaults(URI.create(emulator.baseUrl()), Secret.of(s.apiKey()), s.clientId(), Secret.of(s.clientSecret()));
    }
}
