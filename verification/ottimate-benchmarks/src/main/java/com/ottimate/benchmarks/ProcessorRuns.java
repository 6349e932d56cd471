/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.benchmarks;

import com.ottimate.emulator.EmulatorSettings;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.EmulatedConnection;
import com.ottimate.nifi.processors.invoices.PutOttimateInvoice;
import com.ottimate.nifi.services.StandardOttimateConnectionService;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processors.standard.InvokeHTTP;
import org.apache.nifi.provenance.ProvenanceEventRecord;
import org.apache.nifi.provenance.ProvenanceEventType;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** PutOttimateInvoice and the hand-built InvokeHTTP flow, both driven by NiFi's test runner with N concurrent tasks. */
final class ProcessorRuns {
    private ProcessorRuns() {
    }

    /** Ours; answers the per-flowfile request durations (ms) from the SEND provenance events. */
    static List<Double> ours(final String baseUrl, final int threads, final int count) throws Exception {
        final EmulatedConnection connection = EmulatedConnection.sleepingRemote(new PutOttimateInvoice(), baseUrl);
        final TestRunner runner = connection.runner();
        // the documented limits: 1,000 requests/s with bursts of 2,000
        runner.setProperty(connection.service(), StandardOttimateConnectionService.RATE_LIMIT, "1000");
        runner.setProperty(connection.service(), StandardOttimateConnectionService.RATE_LIMIT_BURST, "2000");
        // a benchmark sends more than a day's quota: count only
        runner.setProperty(connection.service(), StandardOttimateConnectionService.DAILY_QUOTA, "0");
        connection.enable();
        for (int i = 0; i < count; i++) {
            runner.enqueue(Workload.invoice(i));
        }
        runner.setThreadCount(threads);
        runner.run(count);
        final int done = drainRetries(runner, AbstractOttimateProcessor.REL_SUCCESS, AbstractOttimateProcessor.REL_RETRY, AbstractOttimateProcessor.REL_RETRY);
        if (done != count) {
            throw new IllegalStateException("PutOttimateInvoice finished " + done + " of " + count);
        }
        return durations(runner);
    }

    /** What users build instead: InvokeHTTP with an OAuth2 access token provider, headers by dynamic properties, retry looped back. */
    static List<Double> invokeHttp(final String baseUrl, final EmulatorSettings s, final int threads, final int count) throws Exception {
        final TestRunner runner = TestRunners.newTestRunner(InvokeHTTP.class);
        final CachedTokenProvider tokens = new CachedTokenProvider(baseUrl + "/oauth/token", s.apiKey(), s.clientId(), s.clientSecret());
        runner.addControllerService("oauth2", tokens);
        runner.enableControllerService(tokens);
        runner.setProperty(InvokeHTTP.HTTP_METHOD, "POST");
        runner.setProperty(InvokeHTTP.HTTP_URL, baseUrl + "/invoices");
        runner.setProperty(InvokeHTTP.REQUEST_OAUTH2_ACCESS_TOKEN_PROVIDER, "oauth2");
        runner.setProperty("Request Content-Type", "application/json");
        runner.setProperty("X-Api-Key", s.apiKey());
        runner.setProperty("Idempotency-Key", "${uuid}");
        for (int i = 0; i < count; i++) {
            runner.enqueue(Workload.invoice(i));
        }
        runner.setThreadCount(threads);
        runner.run(count);
        // InvokeHTTP sends a 429 to 'No Retry' (a 4xx): users route invokehttp.status.code 429 back, so does this loop
        final int done = drainRetries(runner, InvokeHTTP.ORIGINAL, InvokeHTTP.RETRY, InvokeHTTP.NO_RETRY);
        if (done != count) {
            throw new IllegalStateException("InvokeHTTP finished " + done + " of " + count);
        }
        return durations(runner);
    }

    /**
     * Feeds 'retry' back until it is empty, as a flow's loop-back connection would (a 429 or 5xx comes back later);
     * answers how many flowfiles reached {@code done} in all rounds. Provenance durations are kept across rounds.
     */
    private static int drainRetries(final TestRunner runner, final Relationship done, final Relationship retry, final Relationship throttled)
            throws InterruptedException {
        int finished = runner.getFlowFilesForRelationship(done).size();
        for (int round = 0; round < 50; round++) {
            final List<MockFlowFile> again = new ArrayList<>(runner.getFlowFilesForRelationship(retry));
            if (throttled != retry) {
                runner.getFlowFilesForRelationship(throttled).stream().filter(f -> "429".equals(f.getAttribute("invokehttp.status.code"))).forEach(again::add);
            }
            if (again.isEmpty()) {
                break;
            }
            final List<ProvenanceEventRecord> events = new ArrayList<>(runner.getProvenanceEvents());
            runner.clearTransferState();
            KEPT_EVENTS.get().addAll(events);
            Thread.sleep(1000);
            again.forEach(runner::enqueue);
            runner.run(again.size());
            finished += runner.getFlowFilesForRelationship(done).size();
        }
        return finished;
    }

    private static final ThreadLocal<List<ProvenanceEventRecord>> KEPT_EVENTS = ThreadLocal.withInitial(ArrayList::new);

    /** Request durations (ms) from the provenance events that carry a transit URI, one event type per request. */
    private static List<Double> durations(final TestRunner runner) {
        final Map<ProvenanceEventType, List<Double>> byType = new HashMap<>();
        final List<ProvenanceEventRecord> events = new ArrayList<>(KEPT_EVENTS.get());
        KEPT_EVENTS.get().clear();
        events.addAll(runner.getProvenanceEvents());
        for (final ProvenanceEventRecord event : events) {
            if (event.getEventDuration() >= 0 && event.getTransitUri() != null) {
                byType.computeIfAbsent(event.getEventType(), t -> new ArrayList<>()).add((double) event.getEventDuration());
            }
        }
        return byType.values().stream().max(Comparator.comparingInt(List::size)).orElse(List.of());
    }
}
