/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.invoices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.emulator.EmulatorProfile;
import com.ottimate.emulator.Fault;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.EmulatedConnection;
import com.ottimate.nifi.processors.resources.ApiFilters;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.provenance.ProvenanceEventType;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ListOttimateInvoices: windows and pages, incremental state, changes during a run, failover. */
class ListOttimateInvoicesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private OttimateEmulator emulator;

    @BeforeEach
    void setUp() throws Exception {
        emulator = OttimateEmulator.start();
    }

    @AfterEach
    void tearDown() {
        emulator.close();
    }

    private TestRunner recordsRunner() throws Exception {
        final TestRunner runner = EmulatedConnection.of(new ListOttimateInvoices(), emulator).enable().runner();
        final JsonRecordSetWriter writer = new JsonRecordSetWriter();
        runner.addControllerService("writer", writer);
        // timestamps are TIMESTAMP records: written at the API's precision (microseconds) in UTC
        runner.setProperty(writer, "Timestamp Format", "yyyy-MM-dd'T'HH:mm:ss.SSSSSSX");
        runner.enableControllerService(writer);
        runner.setProperty(ListOttimateInvoices.RECORD_WRITER, "writer");
        return runner;
    }

    private static List<JsonNode> records(final TestRunner runner) throws Exception {
        final List<JsonNode> all = new ArrayList<>();
        for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS)) {
            MAPPER.readTree(flowFile.getContent()).forEach(all::add);
        }
        return all;
    }

    /** An invoice version: its id and modification time, read from the API's JSON or from a record the writer formatted. */
    private static String version(final JsonNode invoice) {
        return invoice.get("id").asText() + "@" + Instant.parse(invoice.get("last_modified_date_utc").asText());
    }

    @Test
    void aListingAcrossPagesArrivesCompleteOnceAndInOrderThenResumesFromState() throws Exception {
        IntStream.range(0, 2537).forEach(i -> emulator.seedInvoice(10 + i % 2, "INV-" + i));
        final TestRunner runner = recordsRunner();
        runner.run();

        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_SUCCESS, 1);
        final MockFlowFile out = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst();
        out.assertAttributeEquals("record.count", "2537");
        out.assertAttributeEquals("mime.type", "application/json");
        final List<String> emittedIds = records(runner).stream().map(r -> r.get("id").asText()).toList();
        final List<String> newestFirst = emulator.store().invoices().all().reversed().stream().map(i -> i.get("id").asText()).toList();
        assertEquals(2537, emittedIds.size());
        assertEquals(Set.copyOf(newestFirst), Set.copyOf(emittedIds), "complete, each invoice once");
        // every invoice was changed within a second: the window cannot be split, so it is paged (26 pages) after a few probes
        final int requests = emulator.journal().matching("GET", "/invoices").size();
        assertTrue(requests >= 26 && requests <= 26 + 8, "ceil(2537 / 100) pages and a few probes: " + requests);
        assertTrue(emulator.journal().matching("GET", "/invoices").getFirst().rawQuery().startsWith("last_modified_date_to_utc="),
                "the first run lists everything up to now: " + emulator.journal().matching("GET", "/invoices").getFirst().rawQuery());
        assertEquals(ProvenanceEventType.RECEIVE, runner.getProvenanceEvents().getFirst().getEventType());
        final Map<String, String> state = runner.getStateManager().getState(Scope.CLUSTER).toMap();
        assertTrue(state.containsKey("from"), state.keySet().toString());

        // a restart (or another primary node) resumes from the cluster state
        final TestRunner restarted = recordsRunner();
        restarted.getStateManager().setState(state, Scope.CLUSTER);
        final String changed = newestFirst.get(1200);
        emulator.editInvoice(changed, "notes", "changed after the first run");
        final String added = emulator.seedInvoice(10, "INV-NEW");
        restarted.run();
        final List<JsonNode> second = records(restarted);
        assertEquals(Set.of(changed, added), Set.copyOf(second.stream().map(r -> r.get("id").asText()).toList()));
        assertEquals(2, second.size());
        final String query = emulator.journal().matching("GET", "/invoices").getLast().rawQuery();
        assertTrue(query.contains("last_modified_date_from_utc="), query);

        restarted.clearTransferState();
        restarted.run();
        restarted.assertTransferCount(AbstractOttimateProcessor.REL_SUCCESS, 0);
    }

    /** The API takes expand=items only with a lower bound and a window of at most 30 days (the emulator refuses others). */
    @Test
    void withLineItemsEveryWindowIsBoundedAndAtMostThirtyDays() throws Exception {
        final String recent = emulator.seedInvoice(10, "RECENT");
        final String old = emulator.seedInvoice(10, "OLD");
        final ObjectNode aged = emulator.store().invoices().get(old).orElseThrow().deepCopy();
        final Instant fortyDaysAgo = Instant.now().minus(Duration.ofDays(40));
        aged.put("last_modified_date_utc", fortyDaysAgo.toString()).put("last_modified_date", fortyDaysAgo.toString().substring(0, 19).replace('T', ' '));
        emulator.store().invoices().put(old, aged);
        final TestRunner runner = recordsRunner();
        runner.setProperty("Include Line Items", "true");
        runner.run();
        assertEquals(List.of(recent), records(runner).stream().map(r -> r.get("id").asText()).toList(), "the first run reads the last 30 days");
        assertFalse(records(runner).getFirst().path("items").isMissingNode());
        assertWindowsBounded();

        // stopped for 45 days, the listing reads its gap in two windows of at most 30 days, and finds what changed in it
        emulator.editInvoice(old, "notes", "changed again");
        final TestRunner later = EmulatedConnection.of(new ListOttimateInvoices(java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofDays(45))),
                emulator).enable().runner();
        final JsonRecordSetWriter writer = new JsonRecordSetWriter();
        later.addControllerService("writer", writer);
        later.enableControllerService(writer);
        later.setProperty(ListOttimateInvoices.RECORD_WRITER, "writer");
        later.setProperty("Include Line Items", "true");
        later.getStateManager().setState(runner.getStateManager().getState(Scope.CLUSTER).toMap(), Scope.CLUSTER);
        emulator.journal().clear();
        later.run();
        assertEquals(List.of(old), records(later).stream().map(r -> r.get("id").asText()).toList());
        assertTrue(emulator.journal().matching("GET", "/invoices").size() >= 2, "at least one request per 30 days");
        assertWindowsBounded();
    }

    private void assertWindowsBounded() {
        for (final var request : emulator.journal().matching("GET", "/invoices")) {
            final Map<String, String> query = new java.util.HashMap<>();
            for (final String pair : request.rawQuery().split("&")) {
                final String[] parts = pair.split("=", 2);
                query.put(parts[0], java.net.URLDecoder.decode(parts[1], java.nio.charset.StandardCharsets.UTF_8));
            }
            assertEquals("items", query.get("expand"));
            assertTrue(query.containsKey("last_modified_date_from_utc"), "bounded below: " + request.rawQuery());
            final Duration span = Duration.between(Instant.parse(query.get("last_modified_date_from_utc")), Instant.parse(query.get("last_modified_date_to_utc")));
            assertTrue(span.compareTo(Duration.ofDays(30)) <= 0, "at most 30 days: " + span);
        }
    }

    @Test
    void neverEmitsAVersionTwiceNorSkipsAnInvoiceThatChangedDuringARun() throws Exception {
        final List<String> ids = IntStream.range(0, 250).mapToObj(i -> emulator.seedInvoice(10, "INV-" + i)).toList();
        final List<String> created = new ArrayList<>();
        // 250 invoices: the run's window is paged, its probe being page 1; while page 2 is being read, change an invoice
        // already emitted (page 1), one not yet read (page 3), and add one
        emulator.faults().next(1, Fault.delay(Duration.ZERO).on("/invoices"))
                .next(1, Fault.action(() -> {
                    emulator.editInvoice(ids.get(249), "notes", "edited mid-run (was on page 1)");
                    emulator.editInvoice(ids.get(10), "notes", "edited mid-run (on page 3)");
                    created.add(emulator.seedInvoice(10, "INV-MIDRUN"));
                }).on("/invoices"));
        final TestRunner runner = recordsRunner();
        runner.setProperty(ListOttimateInvoices.LOOKBACK, "0 sec");
        runner.run();
        final List<String> emitted = new ArrayList<>(records(runner).stream().map(ListOttimateInvoicesTest::version).toList());
        runner.clearTransferState();
        runner.run();
        records(runner).stream().map(ListOttimateInvoicesTest::version).forEach(emitted::add);

        assertEquals(emitted.size(), new HashSet<>(emitted).size(), "no version emitted twice: " + emitted.size());
        for (final ObjectNode invoice : emulator.store().invoices().all()) {
            assertTrue(emitted.contains(version(invoice)), "latest version of " + invoice.get("invoice_number") + " was emitted");
        }
        assertEquals(251, emulator.store().invoices().size());
        assertTrue(emitted.size() >= 252, "the invoice changed after it was emitted came out again: " + emitted.size());
    }

    /**
     * The scenario a review found: listing ready-for-export invoices while MarkOttimateInvoicesExported works through the
     * queue, against an API that lists newest first, caps its pages below the limit asked and gives no count. Between
     * page requests one invoice leaves the filter (exported) and another joins it (ready): a page listing would shift and
     * skip one. Every invoice ready-for-export must come out (the ones changed during the run at the next run), none twice.
     */
    @Test
    void listingTheExportQueueWhileItIsMarkedExportedSkipsNothingUnderNewestFirstAndCappedPages() throws Exception {
        try (OttimateEmulator strict = OttimateEmulator.start(Set.of(EmulatorProfile.NEWEST_FIRST, EmulatorProfile.PAGE_CAP))) {
            final List<String> ids = IntStream.range(0, 180).mapToObj(i -> strict.seedInvoice(10, "EXP-" + i)).toList();
            ids.forEach(id -> strict.editInvoice(id, "status", "ready-for-export"));
            final List<String> joined = new ArrayList<>();
            final AtomicInteger page = new AtomicInteger();
            // before every list request after the first: the exporter marks one invoice exported, an AP clerk approves another
            strict.faults().next(40, Fault.action(() -> {
                final int n = page.getAndIncrement();
                if (n > 0 && n < 20) {
                    strict.editInvoice(ids.get(n * 7), "status", "exported");
                    final String fresh = strict.seedInvoice(10, "NEW-" + n);
                    strict.editInvoice(fresh, "status", "ready-for-export");
                    joined.add(fresh);
                }
            }).on("/invoices"));
            final TestRunner runner = EmulatedConnection.of(new ListOttimateInvoices(), strict).enable().runner();
            runner.setProperty(ListOttimateInvoices.OUTPUT_STRATEGY, "ONE_PER_OBJECT");
            runner.setProperty(ApiFilters.INVOICE_STATUS.onSource().descriptor(), "ready-for-export");
            runner.setProperty(ListOttimateInvoices.LOOKBACK, "0 sec");
            runner.run();
            final List<String> first = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).stream()
                    .map(f -> f.getAttribute("ottimate.invoice.id")).toList();
            runner.clearTransferState();
            strict.faults().clear();
            runner.run();
            final List<String> second = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).stream()
                    .map(f -> f.getAttribute("ottimate.invoice.id")).toList();

            final Set<String> untouched = new HashSet<>(ids);
            for (int n = 1; n < 20; n++) {
                untouched.remove(ids.get(n * 7));
            }
            assertTrue(new HashSet<>(first).containsAll(untouched), "every invoice ready-for-export all along came out in the first run: missing "
                    + untouched.stream().filter(id -> !first.contains(id)).count());
            assertTrue(new HashSet<>(second).containsAll(joined), "the invoices that became ready during it came out in the next");
            final List<String> all = new ArrayList<>(first);
            all.addAll(second);
            assertEquals(all.size(), new HashSet<>(all).size(), "none twice");
            assertTrue(strict.journal().matching("GET", "/invoices").stream().allMatch(r -> r.queryParam("limit").map(l -> Integer.parseInt(l) <= 100)
                    .orElse(true)));
        }
    }

    @Test
    void changingAFilterStartsTheListingAfresh() throws Exception {
        IntStream.range(0, 5).forEach(i -> emulator.seedInvoice(10, "INV-" + i));
        final TestRunner runner = recordsRunner();
        runner.run();
        runner.assertTransferCount(AbstractOttimateProcessor.REL_SUCCESS, 1);
        assertFalse(runner.getStateManager().getState(Scope.CLUSTER).toMap().isEmpty());

        runner.clearTransferState();
        runner.setProperty(ApiFilters.LOCATION_IDS.onSource().descriptor(), "10");
        runner.run();
        runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst().assertAttributeEquals("record.count", "5");
        assertFalse(emulator.journal().matching("GET", "/invoices").getLast().rawQuery().contains("last_modified_date_from_utc"));
    }

    /**
     * Issue 24 item 8: NiFi stopped, a filter edited (in the flow or by a parameter), NiFi started again. Restoring a flow
     * raises no property change, so only the filters' fingerprint kept beside the position tells the listing it is another.
     */
    @Test
    void aFilterChangedWhileNiFiWasDownStartsTheListingAfreshAfterTheRestart() throws Exception {
        IntStream.range(0, 5).forEach(i -> emulator.seedInvoice(10, "INV-" + i));
        IntStream.range(0, 3).forEach(i -> emulator.seedInvoice(11, "INV-" + i));
        final TestRunner before = recordsRunner();
        before.run();
        before.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst().assertAttributeEquals("record.count", "8");
        final Map<String, String> saved = before.getStateManager().getState(Scope.CLUSTER).toMap();

        final TestRunner restarted = recordsRunner();
        restarted.setProperty(ApiFilters.LOCATION_IDS.onSource().descriptor(), "10");
        // being scheduled once uses up the in-memory change flag, as restoring a flow never sets it; then the saved position
        restarted.run(0);
        restarted.getStateManager().setState(saved, Scope.CLUSTER);
        restarted.run(1, true, false);

        restarted.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst().assertAttributeEquals("record.count", "5");
        assertFalse(emulator.journal().matching("GET", "/invoices").getLast().rawQuery().contains("last_modified_date_from_utc"),
                "listed from scratch");
        assertTrue(saved.containsKey("filters"), "the fingerprint is kept beside the position");
        assertFalse(saved.get("filters").equals(restarted.getStateManager().getState(Scope.CLUSTER).get("filters")), "another fingerprint now");
    }

    @Test
    void aRunThatFailsBeforeReadingAnythingEmitsNothingAndKeepsItsPlace() throws Exception {
        IntStream.range(0, 150).forEach(i -> emulator.seedInvoice(10, "INV-" + i));
        final TestRunner runner = recordsRunner();
        emulator.faults().next(4, Fault.status(502).on("/invoices"));
        runner.run();
        runner.assertTransferCount(AbstractOttimateProcessor.REL_SUCCESS, 0);
        assertTrue(runner.getStateManager().getState(Scope.CLUSTER).toMap().isEmpty());
        assertTrue(runner.getLogger().getErrorMessages().getFirst().getMsg().contains("state unchanged"));

        runner.run();
        runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst().assertAttributeEquals("record.count", "150");
    }

    /** Issue 24 item 7: what a run read before a failure is kept, not read again at the quota's expense, and never emitted twice. */
    @Test
    void aRunThatFailsPartWayKeepsWhatItReadAndTheNextContinuesWithoutDuplicatesOrGaps() throws Exception {
        IntStream.range(0, 150).forEach(i -> emulator.seedInvoice(10, "INV-" + i));
        final TestRunner runner = recordsRunner();
        // page 1 (the window's probe) answers, page 2 does not
        emulator.faults().next(1, Fault.delay(Duration.ZERO).on("/invoices")).next(4, Fault.status(502).on("/invoices"));
        runner.run();
        final List<String> first = records(runner).stream().map(ListOttimateInvoicesTest::version).toList();
        assertEquals(100, first.size(), "page 1 is emitted");
        assertTrue(runner.getLogger().getWarnMessages().stream().anyMatch(m -> m.getMsg().contains("ended early")), "a bulletin says so");
        assertFalse(runner.getStateManager().getState(Scope.CLUSTER).toMap().isEmpty(), "the place and what was emitted are kept");

        runner.clearTransferState();
        runner.run();
        final List<String> second = records(runner).stream().map(ListOttimateInvoicesTest::version).toList();
        assertEquals(50, second.size(), "only the rest: " + second.size());
        final Set<String> all = new HashSet<>(first);
        all.addAll(second);
        assertEquals(150, all.size(), "every invoice once");
    }

    @Test
    void aPrimaryNodeChangeMidListingHandsOverWithoutDuplicatesOrGaps() throws Exception {
        IntStream.range(0, 300).forEach(i -> emulator.seedInvoice(10, "P-" + i));
        final TestRunner nodeA = recordsRunner();
        nodeA.run();
        final Map<String, String> afterFirstRun = nodeA.getStateManager().getState(Scope.CLUSTER).toMap();
        final Set<String> emitted = new HashSet<>(records(nodeA).stream().map(ListOttimateInvoicesTest::version).toList());
        assertEquals(300, emitted.size());

        // more work arrives; node A dies while paging it (its page 2 never answers), so its session never commits
        final List<String> later = IntStream.range(0, 250).mapToObj(i -> emulator.seedInvoice(11, "Q-" + i)).toList();
        final TestRunner nodeB = recordsRunner();
        nodeB.getStateManager().setState(afterFirstRun, Scope.CLUSTER);
        nodeB.run();
        final List<String> fromB = records(nodeB).stream().map(ListOttimateInvoicesTest::version).toList();
        assertEquals(250, fromB.size());
        assertTrue(fromB.stream().noneMatch(emitted::contains), "nothing node A emitted comes again");
        assertEquals(Set.copyOf(later), Set.copyOf(records(nodeB).stream().map(r -> r.get("id").asText()).toList()), "no gap");

        // or node A's run fails at page 2 and commits what it read; node C, the next primary, picks up exactly the rest
        nodeA.clearTransferState();
        emulator.faults().next(1, Fault.delay(Duration.ZERO).on("/invoices")).next(4, Fault.status(503).on("/invoices"));
        nodeA.run();
        final List<String> fromA = records(nodeA).stream().map(ListOttimateInvoicesTest::version).toList();
        final TestRunner nodeC = recordsRunner();
        nodeC.getStateManager().setState(nodeA.getStateManager().getState(Scope.CLUSTER).toMap(), Scope.CLUSTER);
        nodeC.run();
        final List<String> fromC = records(nodeC).stream().map(ListOttimateInvoicesTest::version).toList();
        assertEquals(100, fromA.size(), "node A's page 1");
        assertTrue(fromC.stream().noneMatch(fromA::contains) && fromC.stream().noneMatch(emitted::contains), "nothing twice");
        final Set<String> together = new HashSet<>(fromA);
        together.addAll(fromC);
        assertEquals(Set.copyOf(fromB), together, "no gap");
    }
}
