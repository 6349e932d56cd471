package com.ottimate.nifi.processors.invoices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.emulator.ApiRequest;
import com.ottimate.emulator.Fault;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.EmulatedConnection;
import com.ottimate.nifi.processors.OttimateAttributes;
import com.ottimate.nifi.processors.records.OutputStrategy;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.provenance.ProvenanceEventType;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ListOttimateInvoices: pagination, incremental state, changes during a run, ad-hoc queries. */
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
        runner.enableControllerService(writer);
        runner.setProperty(ListOttimateInvoices.RECORD_WRITER, "writer");
        runner.setIncomingConnection(false);
        return runner;
    }

    private static List<JsonNode> records(final TestRunner runner) throws Exception {
        final List<JsonNode> all = new ArrayList<>();
        for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS)) {
            MAPPER.readTree(flowFile.getContent()).forEach(all::add);
        }
        return all;
    }

    private static String version(final JsonNode invoice) {
        return invoice.get("id").asText() + "@" + invoice.get("last_modified_date_utc").asText();
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
        assertEquals(newestFirst, emittedIds, "complete, once, in the API's order (newest first)");
        assertEquals(26, emulator.journal().matching("GET", "/invoices").size(), "ceil(2537 / 100) pages");
        assertEquals("limit=100&page=1", emulator.journal().matching("GET", "/invoices").getFirst().rawQuery());
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

    @Test
    void neverEmitsAVersionTwiceNorSkipsAnInvoiceThatChangedDuringARun() throws Exception {
        final List<String> ids = IntStream.range(0, 250).mapToObj(i -> emulator.seedInvoice(10, "INV-" + i)).toList();
        final List<String> created = new ArrayList<>();
        // while page 2 is being read: change an invoice already emitted (page 1), one not yet read (page 3), and add one
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

    @Test
    void adHocQueriesTakeFiltersFromTheFlowFileAndKeepNoState() throws Exception {
        final String approved = emulator.seedInvoice(10, "INV-OK");
        emulator.editInvoice(approved, "status", "ready-for-export");
        emulator.seedInvoice(10, "INV-OTHER");
        final TestRunner runner = EmulatedConnection.of(new ListOttimateInvoices(), emulator).enable().runner();
        runner.setProperty(ListOttimateInvoices.OUTPUT_STRATEGY, OutputStrategy.ONE_PER_OBJECT.getValue());
        runner.setProperty(ListOttimateInvoices.STATUS, "${wanted.status}");
        runner.setProperty(ListOttimateInvoices.LOCATION_IDS, "10,11");
        runner.setIncomingConnection(true);
        runner.enqueue("", Map.of("wanted.status", "ready-for-export"));
        runner.run();

        runner.assertTransferCount(ListOttimateInvoices.REL_ORIGINAL, 1);
        runner.assertTransferCount(AbstractOttimateProcessor.REL_SUCCESS, 1);
        final MockFlowFile out = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst();
        out.assertAttributeEquals(OttimateAttributes.INVOICE_ID, approved);
        out.assertAttributeEquals("ottimate.invoice.status", "ready-for-export");
        assertEquals("INV-OK", MAPPER.readTree(out.getContent()).get("invoice_number").asText());
        final ApiRequest sent = emulator.journal().matching("GET", "/invoices").getFirst();
        assertEquals("limit=100&ottimate_location_ids=10%2C11&page=1&status=ready-for-export", sent.rawQuery());
        assertTrue(runner.getStateManager().getState(Scope.CLUSTER).toMap().isEmpty());
    }

    @Test
    void changingAFilterStartsTheListingAfresh() throws Exception {
        IntStream.range(0, 5).forEach(i -> emulator.seedInvoice(10, "INV-" + i));
        final TestRunner runner = recordsRunner();
        runner.run();
        runner.assertTransferCount(AbstractOttimateProcessor.REL_SUCCESS, 1);
        assertFalse(runner.getStateManager().getState(Scope.CLUSTER).toMap().isEmpty());

        runner.clearTransferState();
        runner.setProperty(ListOttimateInvoices.LOCATION_IDS, "10");
        runner.run();
        runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst().assertAttributeEquals("record.count", "5");
        assertFalse(emulator.journal().matching("GET", "/invoices").getLast().rawQuery().contains("last_modified_date_from_utc"));
    }

    @Test
    void aFailedRunEmitsNothingAndKeepsItsPlace() throws Exception {
        IntStream.range(0, 150).forEach(i -> emulator.seedInvoice(10, "INV-" + i));
        final TestRunner runner = recordsRunner();
        emulator.faults().next(1, Fault.delay(Duration.ZERO).on("/invoices")).next(4, Fault.status(502).on("/invoices"));
        runner.run();
        runner.assertTransferCount(AbstractOttimateProcessor.REL_SUCCESS, 0);
        assertTrue(runner.getStateManager().getState(Scope.CLUSTER).toMap().isEmpty());
        assertTrue(runner.getLogger().getErrorMessages().getFirst().getMsg().contains("state unchanged"));

        runner.run();
        runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst().assertAttributeEquals("record.count", "150");
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
        nodeA.clearTransferState();
        emulator.faults().next(1, Fault.delay(Duration.ZERO).on("/invoices")).next(4, Fault.status(503).on("/invoices"));
        nodeA.run();
        nodeA.assertTransferCount(AbstractOttimateProcessor.REL_SUCCESS, 0);
        assertEquals(afterFirstRun, nodeA.getStateManager().getState(Scope.CLUSTER).toMap(), "a failed run leaves the cluster state as it was");

        // node B becomes primary: same cluster state, picks up exactly the rest
        final TestRunner nodeB = recordsRunner();
        nodeB.getStateManager().setState(nodeA.getStateManager().getState(Scope.CLUSTER).toMap(), Scope.CLUSTER);
        nodeB.run();
        final List<String> second = records(nodeB).stream().map(ListOttimateInvoicesTest::version).toList();
        assertEquals(250, second.size());
        assertTrue(second.stream().noneMatch(emitted::contains), "nothing node A emitted comes again");
        assertEquals(Set.copyOf(later), Set.copyOf(records(nodeB).stream().map(r -> r.get("id").asText()).toList()), "no gap");
    }
}
