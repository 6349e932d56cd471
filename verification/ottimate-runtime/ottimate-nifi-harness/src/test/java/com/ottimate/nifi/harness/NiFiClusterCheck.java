/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.emulator.ApiRequest;
import com.ottimate.emulator.EmulatorSettings;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.harness.NiFiFlow.Endpoint;
import com.ottimate.nifi.stateless.TemplateScenario;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bin/cluster-test: a two-node NiFi 2.3.0 cluster on this host (its own ZooKeeper) against the emulator, as users run
 * the bundle when they outgrow one machine. Each scenario prints what it measured. Not part of bin/test.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NiFiClusterCheck {
    private static final Path HOME = Path.of(System.getProperty("nifi.home"));
    private static final Path INSTANCES = Path.of(System.getProperty("nifi.instances"));
    private static final String PREFIX = "com.ottimate.nifi.processors.";
    private static final PrintStream OUT = System.out;
    private static NiFiCluster cluster;
    private static OttimateEmulator emulator;
    private static String connection;
    private static String root;

    @BeforeAll
    static void startCluster() throws Exception {
        // the API's limits scaled down a hundredfold, so two nodes could break them at once if they did not share them
        emulator = OttimateEmulator.start(EmulatorSettings.defaults().withRateLimit(100, 200), 0);
        final long started = System.nanoTime();
        cluster = NiFiCluster.start(HOME, INSTANCES.resolve("cluster"), 2);
        OUT.printf("cluster: 2 nodes connected with a primary in %.0f s%n", (System.nanoTime() - started) / 1e9);
        final NiFiFlow flow = flow();
        root = flow.rootGroupId();
        connection = new OttimateConnectionSetup(flow, SharedNiFi.TEMPLATES).apply(root, TemplateScenario.INVOICE_INTAKE.parameters(emulator).values());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    private static NiFiFlow flow() {
        return new NiFiFlow(cluster.client());
    }

    @Test
    @Order(1)
    void aKilledPrimaryHandsItsListingOverWithNoGapAndNoRepeat() throws Exception {
        NiFiFlow flow = flow();
        final String group = flow.createGroup(root, "failover listing", 0, 0);
        final ObjectNode config = NiFiClient.JSON.createObjectNode();
        config.putObject("properties").put("Ottimate Connection Service", connection).put("Output Strategy", "ONE_PER_OBJECT");
        config.put("schedulingPeriod", "3 sec");
        final String listing = flow.createProcessor(group, PREFIX + "invoices.ListOttimateInvoices", "List invoices", 0, 0, config);
        final String listed = flow.connect(group, Endpoint.processor(listing, group), new Endpoint(flow.createFunnel(group, 0, 300), group, "FUNNEL"),
                List.of("success"));
        for (int i = 0; i < 150; i++) {
            emulator.seedInvoice(10, "FAILOVER-A-" + i);
        }
        flow.startProcessor(listing);
        final NiFiFlow first = flow;
        NiFiFlow.await("the first 150 invoices listed", () -> first.queued(listed) == 150, Duration.ofMinutes(2));
        final NiFiInstance primary = cluster.primary().orElseThrow();

        // the next listing meets a slow API: the primary dies half-way through it
        for (int i = 0; i < 150; i++) {
            emulator.seedInvoice(10, "FAILOVER-B-" + i);
        }
        emulator.faults().slowdown("/invoices", Duration.ofSeconds(2));
        final int before = emulator.journal().matching("GET", "/invoices").size();
        NiFiFlow.await("the listing of the new invoices to start", () -> emulator.journal().matching("GET", "/invoices").size() > before,
                Duration.ofMinutes(1));
        final long killedAt = System.nanoTime();
        primary.kill();
        emulator.faults().endSlowdown();
        NiFiFlow.await("another node to become primary", () -> cluster.primary().filter(p -> p != primary).isPresent(), Duration.ofMinutes(2));
        final double failover = (System.nanoTime() - killedAt) / 1e9;
        flow = flow();
        final int afterFailover = emulator.journal().matching("GET", "/invoices").size();
        NiFiFlow.await("the new primary to list again", () -> emulator.journal().matching("GET", "/invoices").size() > afterFailover + 1,
                Duration.ofMinutes(2));
        cluster.restart(primary);
        flow = flow();
        final NiFiFlow whole = flow;
        NiFiFlow.await("300 flowfiles across both nodes", () -> whole.queued(listed) >= 300, Duration.ofMinutes(2),
                () -> whole.queued(listed) + " flowfile(s), primary " + cluster.primary().map(NiFiInstance::httpPort).orElse(-1));
        // three more listing runs: whatever they listed again would be queued by then
        final int listingsSoFar = emulator.journal().matching("GET", "/invoices").size();
        NiFiFlow.await("three more listing runs", () -> emulator.journal().matching("GET", "/invoices").size() >= listingsSoFar + 3,
                Duration.ofMinutes(2), () -> emulator.journal().summary());
        flow.stopProcessor(listing);
        NiFiFlow.await("the listing to stop", () -> whole.activity(group).activeThreads() == 0, Duration.ofMinutes(1));
        final long total = whole.queued(listed);
        OUT.printf("failover listing: primary killed mid-listing, new primary after %.0f s, %d flowfiles for 300 invoices across both nodes%n",
                failover, total);
        assertEquals(300, total, "every invoice listed exactly once across the cluster, the killed node's flowfiles back after its restart");
    }

    @Test
    @Order(2)
    void nodesSendingTogetherStayWithinTheClusterBudget() throws Exception {
        final NiFiFlow flow = flow();
        configureConnection(flow, Map.of("Rate Limit", "100", "Rate Limit Burst", "200", "Daily Request Quota", "700", "Stop at Quota", "true"));
        final long throttledBefore = emulator.rateLimitedCount();
        emulator.journal().clear();
        final InvoiceLoad.Built load = InvoiceLoad.putOttimateInvoice(flow, root, "budget", 1000, connection, 2, false, true);
        final Map<String, String> queues = load.queues();
        final long started = System.nanoTime();
        InvoiceLoad.trigger(flow, load);
        try {
            NiFiFlow.await("1,000 invoices sent or held back by the quota", () -> flow.queued(queues.get("success")) + flow.queued(queues.get("retry"))
                    + flow.queued(queues.get("failure")) == 1000, Duration.ofMinutes(3));
        } catch (final IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "; queues " + queues.keySet().stream().map(q -> q + "=" + flow.queued(queues.get(q))).toList()
                    + ", in the group " + flow.activity(load.groupId()) + ", the emulator saw " + emulator.journal().summary()
                    + ", bulletins " + flow.bulletins().stream().map(b -> b.path("message").asText()).limit(5).toList(), e);
        }
        final double seconds = (System.nanoTime() - started) / 1e9;
        final List<ApiRequest> postRequests = emulator.journal().matching("POST", "/invoices");
        final long posts = postRequests.size();
        final long distinctWrites = postRequests.stream().map(r -> r.header("idempotency-key").orElse("")).distinct().count();
        final long tokens = emulator.journal().tokenRequests();
        final long throttled = emulator.rateLimitedCount() - throttledBefore;
        final long created = flow.queued(queues.get("success"));
        final long stored = emulator.store().invoices().all().stream().filter(i -> i.path("invoice_number").asText().startsWith("budget-")).count();
        OUT.printf("budget: 2 nodes, 1,000 invoices, cluster limits 100/s burst 200 and 700 a day: %d created, %d held on retry, %d requests "
                + "(%d tokens) in %.1f s, %d 429s%n", created, flow.queued(queues.get("retry")), posts + tokens, tokens, seconds, throttled);
        assertEquals(0, flow.queued(queues.get("failure")));
        assertTrue(posts + tokens <= 700 + 2 * 7, "within the cluster's daily quota plus nodes x 1 %: " + (posts + tokens));
        assertTrue(posts + tokens >= 700 - 2 * 7, "and the quota is used, not left to one node's share: " + (posts + tokens));
        assertEquals(distinctWrites, created, "each create answered");
        assertEquals(created, stored, "none stored twice");
        assertEquals(2, tokens, "one token per node");
        assertTrue(seconds >= (posts + tokens - 200) / 100.0 - 1, "paced to the cluster's 100/s: " + seconds);
        // each node sends its half of the rate; the API counts arrivals, so a host too busy to deliver the requests on
        // time (more than the limiter's 50 ms reserve late, then several at once) can draw a few 429s, which are sent
        // again. Two nodes that did not share the rate would draw hundreds here
        if (throttled > 0) {
            OUT.printf("budget: %d 429s from arrivals bunched up on a busy host (sent again; none lost)%n", throttled);
        }
        assertTrue(throttled <= (posts + tokens) / 20, "the nodes share the cluster's rate: " + throttled + " 429s for " + (posts + tokens) + " requests");
        stopGroup(flow, queues);
    }

    @Test
    @Order(3)
    void aNodeRestartedMidRunLosesAndDuplicatesNothing() throws Exception {
        final NiFiFlow flow = flow();
        configureConnection(flow, Map.of("Rate Limit", "100", "Rate Limit Burst", "200", "Daily Request Quota", "0"));
        emulator.journal().clear();
        final int before = emulator.store().invoices().size();
        final InvoiceLoad.Built load = InvoiceLoad.putOttimateInvoice(flow, root, "restart", 600, connection, 2, true, true);
        final Map<String, String> queues = load.queues();
        InvoiceLoad.trigger(flow, load);
        NiFiFlow.await("a third of the invoices sent", () -> emulator.journal().matching("POST", "/invoices").size() > 200, Duration.ofMinutes(2));
        final NiFiInstance restarted = cluster.nodes().stream().filter(n -> cluster.primary().map(p -> p != n).orElse(true)).findFirst().orElseThrow();
        final long restartAt = System.nanoTime();
        cluster.restart(restarted);
        final double restart = (System.nanoTime() - restartAt) / 1e9;
        final NiFiFlow whole = flow();
        NiFiFlow.await("all 600 invoices created", () -> whole.queued(queues.get("done")) == 600, Duration.ofMinutes(3));
        final List<String> numbers = emulator.store().invoices().all().stream().map(i -> i.path("invoice_number").asText())
                .filter(n -> n.startsWith("restart-")).toList();
        OUT.printf("restart: a node restarted mid-run (back in %.0f s): %d flowfiles on success, %d invoices stored, %d distinct%n", restart,
                whole.queued(queues.get("done")), numbers.size(), Set.copyOf(numbers).size());
        assertEquals(600, emulator.store().invoices().size() - before, "nothing lost");
        assertEquals(600, Set.copyOf(numbers).size(), "nothing duplicated");
        assertEquals(0, whole.queued(queues.get("failure")));
        stopGroup(whole, queues);
    }

    private static void configureConnection(final NiFiFlow flow, final Map<String, String> properties) {
        flow.stopGroup(root);
        flow.disableService(connection);
        // a new day's quota for the scenario: what the scenarios before leased is forgotten
        flow.clearServiceState(connection);
        flow.updateService(connection, properties);
        flow.enableService(connection);
    }

    private static void stopGroup(final NiFiFlow flow, final Map<String, String> queues) {
        final JsonNode any = flow.client().get("/connections/" + queues.get("done"));
        flow.stopGroup(any.path("component").path("parentGroupId").asText());
    }
}
