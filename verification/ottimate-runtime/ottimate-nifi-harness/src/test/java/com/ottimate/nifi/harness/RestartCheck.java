/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.nifi.harness.NiFiFlow.Endpoint;
import com.ottimate.nifi.harness.NiFiFlow.QueuedFlowFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * ListOttimateInvoices lists, NiFi is restarted (its flow, queues and state come back from disk, the source resumes),
 * invoices change and arrive meanwhile, and it lists again: every invoice version exactly once, nothing missed.
 */
final class RestartCheck {
    private static final int LOCATION = 77;

    private final NiFiFlow flow;
    private final SharedNiFi shared;

    RestartCheck(final NiFiFlow flow, final SharedNiFi shared) {
        this.flow = flow;
        this.shared = shared;
    }

    void run() throws Exception {
        final List<String> first = IntStream.range(0, 150).mapToObj(i -> shared.emulator.seedInvoice(LOCATION, "RESTART-" + i)).toList();
        final String group = flow.createGroup(shared.rootId, "restart", -5000, 0);
        final String writer = flow.createService(group, "org.apache.nifi.json.JsonRecordSetWriter", "writer",
                Map.of("Timestamp Format", "yyyy-MM-dd'T'HH:mm:ss.SSSSSSX"));
        flow.enableService(writer);
        final ObjectNode config = NiFiClient.JSON.createObjectNode();
        config.putObject("properties").put("Ottimate Connection Service", shared.connectionId).put("Location IDs", Integer.toString(LOCATION))
                .put("Record Writer", writer).put("Lookback Window", "5 sec");
        config.put("schedulingPeriod", "2 sec");
        final String listing = flow.createProcessor(group, "com.ottimate.nifi.processors.invoices.ListOttimateInvoices", "list", 0, 0, config);
        final String sink = flow.createProcessor(group, "org.apache.nifi.processors.standard.LogAttribute", "listed", 0, 300, NiFiClient.JSON.createObjectNode());
        final String queue = flow.connect(group, Endpoint.processor(listing, group), Endpoint.processor(sink, group), List.of("success"));
        flow.startProcessor(listing);
        NiFiFlow.await("the first listing", () -> records(flow.listQueue(queue)).size() == 150, Duration.ofMinutes(1), () -> seen(listing, queue));
        final Map<String, String> stateBefore = flow.clusterState(listing);
        assertFalse(stateBefore.isEmpty(), "the position is in state");
        // NiFi comes back with what it wrote to its flow file, which it writes a moment after a change: stopped before
        // that, it would bring the source back stopped (its log then says "Starting 0 processors")
        shared.nifi.awaitSaved(listing, "RUNNING", Duration.ofMinutes(1));

        shared.nifi.stop();
        // while NiFi is down: invoices change and new ones arrive
        first.subList(0, 5).forEach(id -> shared.emulator.editInvoice(id, "notes", "changed while NiFi was down"));
        final List<String> later = IntStream.range(0, 30).mapToObj(i -> shared.emulator.seedInvoice(LOCATION, "RESTART-NEW-" + i)).toList();
        shared.nifi.start();

        NiFiFlow.await("the listing after the restart", () -> records(flow.listQueue(queue)).size() >= 185, Duration.ofMinutes(2), () -> seen(listing, queue));
        // two more runs that find nothing: whatever was listed twice would be in the queue by then
        final int listingsSoFar = listings();
        NiFiFlow.await("two more listing runs", () -> listings() >= listingsSoFar + 2, Duration.ofMinutes(1), () -> seen(listing, queue));
        flow.stopProcessor(listing);
        NiFiFlow.await("the source to stop", () -> flow.activity(group).activeThreads() == 0, Duration.ofMinutes(1), () -> seen(listing, queue));
        final List<JsonNode> listed = records(flow.listQueue(queue));
        final List<String> versions = listed.stream().map(r -> r.path("id").asText() + "@" + Instant.parse(r.path("last_modified_date_utc").asText())).toList();
        assertEquals(versions.size(), new HashSet<>(versions).size(), "no version twice across the restart");
        final Set<String> expected = new HashSet<>();
        shared.emulator.store().invoices().all().stream().filter(i -> i.path("ottimate_location_id").asInt() == LOCATION)
                .forEach(i -> expected.add(i.path("id").asText() + "@" + Instant.parse(i.path("last_modified_date_utc").asText())));
        assertEquals(Set.of(), difference(expected, Set.copyOf(versions)), "every invoice's latest version was listed");
        assertEquals(185, versions.size(), "150, then 5 changed and 30 new");
        assertEquals(180, expected.size());
        assertFalse(later.isEmpty());
    }

    /** The listing requests the source has sent for its location so far: at least one per run. */
    private int listings() {
        return shared.emulator.journal().filter(r -> r.method().equals("GET") && r.apiPath().equals("/invoices")
                && r.queryParam("ottimate_location_ids").map(Integer.toString(LOCATION)::equals).orElse(false)).size();
    }

    /** What a failed wait reports: the queue, the source's run state in NiFi and in its flow file, its runs, NiFi's start line. */
    private String seen(final String listing, final String queue) {
        final String state = shared.nifi.isRunning() ? flow.processor(listing).path("component").path("state").asText() : "(NiFi down)";
        return flow.queued(queue) + " flowfile(s) queued, the source " + state + " (saved as " + shared.nifi.savedState(listing).orElse("nothing")
                + "), " + listings() + " listing request(s), NiFi's log: " + lastLine(shared.nifi.appLog(), "processors/ports/funnels");
    }

    private static String lastLine(final Path log, final String containing) {
        try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(line -> line.contains(containing)).reduce((a, b) -> b).orElse("(no line with '" + containing + "')");
        } catch (final IOException | UncheckedIOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static Set<String> difference(final Set<String> a, final Set<String> b) {
        final Set<String> missing = new HashSet<>(a);
        missing.removeAll(b);
        return missing;
    }

    private static List<JsonNode> records(final List<QueuedFlowFile> flowFiles) {
        final List<JsonNode> records = new ArrayList<>();
        for (final QueuedFlowFile flowFile : flowFiles) {
            try {
                NiFiClient.JSON.readTree(flowFile.content()).forEach(records::add);
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return records;
    }
}
