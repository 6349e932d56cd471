/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.services;

import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.client.DailyQuota;
import com.ottimate.nifi.client.model.OttimateRequest;
import com.ottimate.nifi.client.model.OttimateResult;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.components.state.StateManager;
import org.apache.nifi.components.state.StateMap;
import org.apache.nifi.controller.NodeTypeProvider;
import org.apache.nifi.state.MockStateManager;
import org.apache.nifi.util.MockComponentLog;
import org.apache.nifi.util.NoOpProcessor;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 24 item 9: the daily quota is not granted again by a restart, a re-enable, or a Verify. Standalone it is kept in
 * local state; a cluster node's own share during a cluster-state outage is taken once a day; Verify counts its requests.
 */
class PersistedQuotaTest {
    private OttimateEmulator emulator;
    private TestRunner runner;
    private StandardOttimateConnectionService service;

    @BeforeEach
    void setUp() throws Exception {
        emulator = OttimateEmulator.start();
        runner = TestRunners.newTestRunner(NoOpProcessor.class);
        service = new StandardOttimateConnectionService();
        runner.addControllerService("ottimate", service);
        runner.setProperty(service, StandardOttimateConnectionService.ENVIRONMENT, Environment.CUSTOM.getValue());
        runner.setProperty(service, StandardOttimateConnectionService.BASE_URL, emulator.baseUrl());
        runner.setProperty(service, StandardOttimateConnectionService.API_KEY, emulator.settings().apiKey());
        runner.setProperty(service, StandardOttimateConnectionService.CLIENT_ID, emulator.settings().clientId());
        runner.setProperty(service, StandardOttimateConnectionService.CLIENT_SECRET, emulator.settings().clientSecret());
        runner.setProperty(service, StandardOttimateConnectionService.DAILY_QUOTA, "6");
        runner.setProperty(service, StandardOttimateConnectionService.STOP_AT_QUOTA, "true");
    }

    @AfterEach
    void tearDown() {
        emulator.close();
    }

    private OttimateResult accounts() {
        return service.execute(OttimateRequest.get("accounts").build());
    }

    @Test
    void aStandaloneQuotaGoesOnCountingAcrossARestart() throws Exception {
        runner.enableControllerService(service);
        assertTrue(accounts() instanceof OttimateResult.Success);
        assertTrue(accounts() instanceof OttimateResult.Success);
        runner.disableControllerService(service);
        assertEquals(3, emulator.journal().all().size(), "a token and two pages");
        assertEquals("3", runner.getStateManager(service).getState(Scope.LOCAL).get(LocalQuotaLedger.LEASED), "counted in local state");

        // NiFi restarted (or the service re-enabled): the day's count goes on from local state
        runner.enableControllerService(service);
        assertEquals(3, service.requestsToday(), "today's count survives the restart");
        assertTrue(accounts() instanceof OttimateResult.Success);
        assertTrue(accounts() instanceof OttimateResult.Success);
        final OttimateResult refused = accounts();
        runner.disableControllerService(service);
        assertTrue(refused instanceof OttimateResult.Retryable retryable && retryable.error().code().equals("daily_quota_reached"), refused.toString());
        assertEquals(6, emulator.journal().all().size(), "the quota of six, not six after every restart");
    }

    @Test
    void verifyCountsItsRequestsAndSendsNothingOnceTheQuotaIsUsed() throws Exception {
        final List<ConfigVerificationResult> first = runner.verify(service, Map.of());
        assertTrue(first.stream().allMatch(r -> r.getOutcome() == Outcome.SUCCESSFUL), first.toString());
        runner.verify(service, Map.of());
        runner.verify(service, Map.of());
        assertEquals(6, emulator.journal().all().size(), "three verifications, two requests each");
        final List<ConfigVerificationResult> fourth = runner.verify(service, Map.of());
        assertEquals(Outcome.FAILED, fourth.getFirst().getOutcome(), fourth.toString());
        assertTrue(fourth.getFirst().getExplanation().contains("quota"), fourth.getFirst().getExplanation());
        assertEquals(6, emulator.journal().all().size(), "nothing sent past the quota");

        runner.enableControllerService(service);
        final OttimateResult refused = accounts();
        runner.disableControllerService(service);
        assertTrue(refused instanceof OttimateResult.Retryable, "the service sees the requests Verify spent: " + refused);
        assertEquals(6, emulator.journal().all().size());
    }

    @Test
    void aClusterNodeTakesItsLocalShareOnceADayHoweverOftenItIsReEnabledDuringAnOutage() {
        final MockStateManager local = new MockStateManager(new StandardOttimateConnectionService());
        final StateManager clusterDown = new StateManager() {
            @Override
            public void setState(final Map<String, String> state, final Scope scope) throws IOException {
                if (scope == Scope.CLUSTER) {
                    throw new IOException("ZooKeeper is not reachable");
                }
                local.setState(state, scope);
            }

            @Override
            public StateMap getState(final Scope scope) throws IOException {
                if (scope == Scope.CLUSTER) {
                    throw new IOException("ZooKeeper is not reachable");
                }
                return local.getState(scope);
            }

            @Override
            public boolean replace(final StateMap oldValue, final Map<String, String> newValue, final Scope scope) throws IOException {
                if (scope == Scope.CLUSTER) {
                    throw new IOException("ZooKeeper is not reachable");
                }
                return local.replace(oldValue, newValue, scope);
            }

            @Override
            public void clear(final Scope scope) throws IOException {
                local.clear(scope);
            }
        };
        final NodeTypeProvider clustered = new NodeTypeProvider() {
            @Override
            public boolean isClustered() {
                return true;
            }

            @Override
            public boolean isPrimary() {
                return false;
            }
        };
        int taken = 0;
        for (int enabling = 0; enabling < 3; enabling++) {
            final ClusterBudget budget = new ClusterBudget(clusterDown, clustered, Clock.systemUTC(), new MockComponentLog("budget", this));
            final DailyQuota quota = new DailyQuota(10_000, 8_000, true, Clock.systemUTC(), count -> { }, budget, DailyQuota.chunkOf(10_000), m -> { });
            while (quota.tryTake()) {
                taken++;
            }
        }
        assertEquals(100, taken, "one share of 1 % for the day, not one per enabling");
    }
}
