/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.masterdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ottimate.emulator.ApiRequest;
import com.ottimate.emulator.EmulatorProfile;
import com.ottimate.emulator.Fault;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.EmulatedConnection;
import com.ottimate.nifi.processors.PendingLoop;
import com.ottimate.nifi.processors.fetching.AbstractFetchOttimate;
import com.ottimate.nifi.processors.records.ObjectOutput;
import com.ottimate.nifi.processors.records.OutputStrategy;
import com.ottimate.nifi.processors.resources.ApiFilters;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.csv.CSVReader;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.processor.Processor;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Vendors, dimensions and the account structure over real HTTP against the emulator. */
class MasterDataProcessorsTest {
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

    private TestRunner runner(final Processor processor) throws Exception {
        final TestRunner runner = EmulatedConnection.of(processor, emulator).enable().runner();
        final JsonRecordSetWriter writer = new JsonRecordSetWriter();
        runner.addControllerService("writer", writer);
        runner.enableControllerService(writer);
        return runner;
    }

    private static List<JsonNode> records(final TestRunner runner, final Relationship relationship) throws Exception {
        final List<JsonNode> all = new ArrayList<>();
        for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(relationship)) {
            MAPPER.readTree(flowFile.getContent()).forEach(all::add);
        }
        return all;
    }

    private TestRunner putRunner(final Processor processor, final boolean csv) throws Exception {
        final TestRunner runner = runner(processor);
        if (csv) {
            final CSVReader reader = new CSVReader();
            runner.addControllerService("reader", reader);
            runner.enableControllerService(reader);
        } else {
            final JsonTreeReader reader = new JsonTreeReader();
            runner.addControllerService("reader", reader);
            runner.enableControllerService(reader);
        }
        runner.setProperty(AbstractPutOttimateMasterData.RECORD_READER, "reader");
        runner.setProperty(AbstractPutOttimateMasterData.RECORD_WRITER, "writer");
        runner.setProperty(AbstractPutOttimateMasterData.COMPANY_ID, "${company}");
        return runner;
    }

    @Test
    void tenThousandVendorsFromCsvGoInOneHundredBulkCallsAndABadOneFailsAlone() throws Exception {
        final StringBuilder csv = new StringBuilder("erp_vendor_id,erp_vendor_name,net_terms,payment_method\n");
        for (int i = 0; i < 10_000; i++) {
            csv.append("V-").append(i).append(",Vendor ").append(i).append(",Net 30,").append(i == 4242 ? "bitcoin" : "ach").append('\n');
        }
        final TestRunner runner = putRunner(new PutOttimateVendor(), true);
        runner.enqueue(csv.toString(), Map.of("company", "1"));
        runner.run();

        runner.assertTransferCount(AbstractPutOttimateMasterData.REL_ORIGINAL, 1);
        runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst().assertAttributeEquals("record.count", "9999");
        final List<JsonNode> failed = records(runner, AbstractOttimateProcessor.REL_FAILURE);
        assertEquals(1, failed.size());
        assertEquals("V-4242", failed.getFirst().get("erp_vendor_id").asText());
        assertEquals("rejected_record", failed.getFirst().get("ottimate_error_code").asText());
        assertTrue(failed.getFirst().get("ottimate_error_message").asText().contains("payment_method"), failed.getFirst().toString());
        assertEquals("207", failed.getFirst().get("ottimate_status_code").asText());

        final List<ApiRequest> calls = emulator.journal().matching("POST", "/vendors/bulk-create");
        assertEquals(100, calls.size(), "ceil(10,000 / 100) bulk requests");
        final JsonNode first = MAPPER.readTree(calls.getFirst().body());
        assertEquals(1, first.get("ottimate_company_id").asInt());
        assertEquals(100, first.get("vendors").size());
        assertEquals(9_999, emulator.store().vendors().size());
        final JsonNode okRecord = records(runner, AbstractOttimateProcessor.REL_SUCCESS).getFirst();
        assertTrue(emulator.store().vendors().get(okRecord.get("ottimate_id").asText()).isPresent(), "success records carry the vendor id");
    }

    @Test
    void createsVendorsOneByOneWithPostVendors() throws Exception {
        final TestRunner runner = putRunner(new PutOttimateVendor(), false);
        runner.setProperty(AbstractPutOttimateMasterData.OPERATION, AbstractPutOttimateMasterData.Operation.CREATE.getValue());
        runner.enqueue("[{\"erp_vendor_id\": \"S-1\", \"erp_vendor_name\": \"Solo\", \"email\": \"ap@solo.example\"},"
                + " {\"erp_vendor_id\": \"S-2\"}]", Map.of("company", "1"));
        runner.run();
        final List<JsonNode> ok = records(runner, AbstractOttimateProcessor.REL_SUCCESS);
        assertEquals(1, ok.size());
        assertTrue(emulator.store().vendors().get(ok.getFirst().get("ottimate_id").asText()).isPresent());
        final List<JsonNode> failed = records(runner, AbstractOttimateProcessor.REL_FAILURE);
        assertEquals("validation_error", failed.getFirst().get("ottimate_error_code").asText());
        assertTrue(failed.getFirst().get("ottimate_error_message").asText().contains("erp_vendor_name"));
        final List<ApiRequest> posts = emulator.journal().matching("POST", "/vendors");
        assertEquals(2, posts.size());
        assertEquals("/v1/vendors", posts.getFirst().rawPath());
        assertTrue(posts.getFirst().header("idempotency-key").orElseThrow().startsWith("vendor-"));
        assertEquals(1, MAPPER.readTree(posts.getFirst().body()).get("ottimate_company_id").asInt());
    }

    @Test
    void aRetriedBulkBatchIsReplayedNotAppliedTwice() throws Exception {
        final TestRunner runner = putRunner(new PutOttimateVendor(), false);
        runner.setProperty(AbstractPutOttimateMasterData.BATCH_SIZE, "2");
        emulator.faults().next(1, Fault.truncate().on("/vendors/bulk-create"));
        runner.enqueue("[{\"erp_vendor_id\": \"A\", \"erp_vendor_name\": \"Acme\"}, {\"erp_vendor_id\": \"B\", \"erp_vendor_name\": \"Bolt\"},"
                + " {\"erp_vendor_id\": \"C\", \"erp_vendor_name\": \"Cog\"}]", Map.of("company", "1"));
        runner.run();
        runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst().assertAttributeEquals("record.count", "3");
        final List<ApiRequest> calls = emulator.journal().matching("POST", "/vendors/bulk-create");
        assertEquals(3, calls.size(), "batch 1 twice (answer lost), batch 2 once");
        assertEquals(calls.get(0).header("idempotency-key"), calls.get(1).header("idempotency-key"));
        assertEquals(3, emulator.store().vendors().size());
    }

    @Test
    void theGuidesTrailingSlashSpellingOfTheBulkPathIsSentAsWritten() throws Exception {
        final TestRunner runner = putRunner(new PutOttimateVendor(), false);
        runner.setProperty("Bulk Path", "vendors/bulk-create/");
        runner.enqueue("[{\"erp_vendor_id\": \"V-1\", \"erp_vendor_name\": \"Fresh Farms\"}]", Map.of("company", "1"));
        runner.run();
        runner.assertTransferCount(AbstractPutOttimateMasterData.REL_ORIGINAL, 1);
        assertEquals("/v1/vendors/bulk-create/", emulator.journal().matching("POST", "/vendors/bulk-create").getFirst().rawPath());
        assertEquals(1, emulator.store().vendors().size());
    }

    @Test
    void aVendorBulkAnsweredWithABatchIsFollowedOnPendingToItsPerRecordResults() throws Exception {
        try (OttimateEmulator async = OttimateEmulator.start(Set.of(EmulatorProfile.ASYNC_MASTER_DATA_BULK))) {
            final OttimateEmulator shared = emulator;
            emulator = async;
            try {
                final TestRunner runner = putRunner(new PutOttimateVendor(), false);
                runner.enqueue("[{\"erp_vendor_id\": \"V-1\", \"erp_vendor_name\": \"Fresh Farms\"},"
                        + "{\"erp_vendor_id\": \"V-2\", \"erp_vendor_name\": \"Bolt\", \"payment_method\": \"bitcoin\"}]", Map.of("company", "1"));
                runner.run();
                runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_PENDING, 1);
                PendingLoop.drain(runner);
                runner.assertTransferCount(AbstractPutOttimateMasterData.REL_ORIGINAL, 1);
                assertEquals("V-1", records(runner, AbstractOttimateProcessor.REL_SUCCESS).getFirst().get("erp_vendor_id").asText());
                assertEquals("V-2", records(runner, AbstractOttimateProcessor.REL_FAILURE).getFirst().get("erp_vendor_id").asText());
                assertEquals(1, async.journal().matching("POST", "/vendors/bulk-create").size(), "submitted once, then followed");
                assertTrue(async.journal().filter(r -> r.rawPath().endsWith("/results")).size() >= 1);
                assertEquals(1, async.store().vendors().size());
            } finally {
                emulator = shared;
            }
        }
    }

    @Test
    void dimensionsBulkSplitsA207AndCreateOneByOneUsesPostDimensions() throws Exception {
        final TestRunner bulk = putRunner(new PutOttimateDimension(), false);
        bulk.setProperty("Bulk Path", "dimensions/bulk");
        bulk.enqueue("""
                [{"erp_type": "DEPARTMENT", "ottimate_type": "department", "name": "Kitchen", "code": "K", "reference_id": "r1", "erp_dimension_id": "10"},
                 {"erp_type": "DEPARTMENT", "ottimate_type": "spaceship", "name": "Bad", "code": "B", "reference_id": "r2", "erp_dimension_id": "11"}]
                """, Map.of("company", "1"));
        bulk.run();
        assertEquals(1, records(bulk, AbstractOttimateProcessor.REL_SUCCESS).size());
        assertEquals("Bad", records(bulk, AbstractOttimateProcessor.REL_FAILURE).getFirst().get("name").asText());
        assertEquals(1, emulator.journal().matching("POST", "/dimensions/bulk").size(), "the path override is used");

        final TestRunner single = putRunner(new PutOttimateDimension(), false);
        single.setProperty(AbstractPutOttimateMasterData.OPERATION, AbstractPutOttimateMasterData.Operation.CREATE.getValue());
        single.enqueue("[{\"erp_type\": \"CLASS\", \"ottimate_type\": \"class\", \"name\": \"Food\", \"code\": \"F\", \"reference_id\": \"r3\", "
                + "\"erp_dimension_id\": \"12\"}]", Map.of("company", "1"));
        single.enqueue("[]", Map.of("company", "east"));
        single.run(2);
        final List<JsonNode> created = records(single, AbstractOttimateProcessor.REL_SUCCESS);
        assertTrue(created.getFirst().get("ottimate_id").asText().startsWith("dim_"));
        final ApiRequest post = emulator.journal().matching("POST", "/dimensions").getLast();
        assertEquals("/v1/dimensions", post.rawPath());
        assertEquals(1, MAPPER.readTree(post.body()).get("ottimate_company_id").asInt());
        single.assertTransferCount(AbstractOttimateProcessor.REL_FAILURE, 1);
        assertEquals(2, emulator.store().dimensions().size());
    }

    @Test
    void vendorListingIsIncrementalAndResumesFromStateWithoutDuplicatesOrGaps() throws Exception {
        final List<String> ids = IntStream.range(0, 250).mapToObj(i -> emulator.seedVendor(1, "V-" + i, "Vendor " + i)).toList();
        emulator.seedVendor(2, "OTHER", "Other company");
        final TestRunner runner = vendorSource();
        runner.run();
        final List<JsonNode> first = records(runner, AbstractOttimateProcessor.REL_SUCCESS);
        assertEquals(250, first.size());
        assertEquals(250, Set.copyOf(first.stream().map(v -> v.get("id").asText()).toList()).size(), "each vendor once");
        assertTrue(emulator.journal().matching("GET", "/vendors").size() <= 10, "a few requests: " + emulator.journal().summary());

        final TestRunner restarted = vendorSource();
        restarted.getStateManager().setState(runner.getStateManager().getState(Scope.CLUSTER).toMap(), Scope.CLUSTER);
        emulator.editVendor(ids.get(7), "email", "ap@vendor7.example");
        emulator.editVendor(ids.get(200), "net_terms", "Net 45");
        final String added = emulator.seedVendor(1, "V-NEW", "New vendor");
        restarted.run();
        final Set<String> second = new HashSet<>(records(restarted, AbstractOttimateProcessor.REL_SUCCESS).stream().map(v -> v.get("id").asText()).toList());
        assertEquals(Set.of(ids.get(7), ids.get(200), added), second);
        final String query = emulator.journal().matching("GET", "/vendors").getLast().rawQuery();
        assertTrue(query.contains("ottimate_company_id=1") && query.contains("last_modified_date_from_utc=")
                && query.contains("last_modified_date_to_utc="), query);

        restarted.clearTransferState();
        restarted.run();
        restarted.assertTransferCount(AbstractOttimateProcessor.REL_SUCCESS, 0);
    }

    private TestRunner vendorSource() throws Exception {
        final TestRunner runner = runner(new ListOttimateVendors());
        runner.setProperty(ApiFilters.COMPANY_ID_REQUIRED.onSource().descriptor(), "1");
        runner.setProperty(ListOttimateVendors.RECORD_WRITER, "writer");
        return runner;
    }

    @Test
    void fetchesOneVendorOrDimensionById() throws Exception {
        final String vendor = emulator.seedVendor(1, "V-1", "Acme");
        final TestRunner vendors = runner(new FetchOttimateVendor());
        vendors.enqueue("", Map.of("ottimate.vendor.id", vendor));
        vendors.enqueue("", Map.of("ottimate.vendor.id", "999999"));
        vendors.enqueue("", Map.of());
        vendors.run(3);
        vendors.assertTransferCount(AbstractOttimateProcessor.REL_SUCCESS, 1);
        vendors.assertTransferCount(AbstractOttimateProcessor.REL_NOT_FOUND, 1);
        vendors.assertTransferCount(AbstractOttimateProcessor.REL_FAILURE, 1);
        vendors.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_FAILURE).getFirst().assertAttributeEquals("ottimate.error.code", "missing_vendor_id");
        final MockFlowFile out = vendors.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst();
        assertEquals("Acme", MAPPER.readTree(out.getContent()).get("erp_vendor_name").asText(), "the vendor itself, unwrapped");
        out.assertAttributeEquals("ottimate.vendor.id", vendor);
        assertEquals("/v1/vendors/" + vendor, emulator.journal().matching("GET", "/vendors/").getFirst().rawPath());

        final TestRunner dimensions = putRunner(new PutOttimateDimension(), false);
        dimensions.enqueue("[{\"erp_type\": \"DEPARTMENT\", \"ottimate_type\": \"department\", \"name\": \"Bar\", \"code\": \"B\", "
                + "\"reference_id\": \"r9\", \"erp_dimension_id\": \"20\"}]", Map.of("company", "1"));
        dimensions.run();
        final String dimensionId = records(dimensions, AbstractOttimateProcessor.REL_SUCCESS).getFirst().get("ottimate_id").asText();
        final TestRunner fetch = runner(new FetchOttimateDimension());
        fetch.setProperty(FetchOttimateDimension.DIMENSION_ID, dimensionId);
        fetch.enqueue("");
        fetch.run();
        assertEquals("Bar", MAPPER.readTree(fetch.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst().getContent())
                .get("name").asText());
    }

    @Test
    void vendorsQueriedForAFlowFileComeAsRecordsAndTheFlowFileGoesToOriginal() throws Exception {
        IntStream.range(0, 120).forEach(i -> emulator.seedVendor(3, "Q-" + i, "Vendor " + i));
        emulator.seedVendor(4, "OTHER", "Other company");
        final TestRunner runner = runner(new FetchOttimateVendor());
        runner.setProperty(FetchOttimateVendor.FETCH_STRATEGY, AbstractFetchOttimate.FetchStrategy.BY_QUERY.getValue());
        runner.setProperty(ApiFilters.COMPANY_ID.onFlowFile().descriptor(), "${company}");
        runner.setProperty(FetchOttimateVendor.RECORD_WRITER, "writer");
        runner.enqueue("", Map.of("company", "3"));
        runner.enqueue("", Map.of("company", "three"));
        runner.run(2);
        runner.assertTransferCount(AbstractFetchOttimate.REL_ORIGINAL, 1);
        runner.getFlowFilesForRelationship(AbstractFetchOttimate.REL_ORIGINAL).getFirst().assertAttributeEquals("ottimate.vendor.count", "120");
        assertEquals(120, records(runner, AbstractOttimateProcessor.REL_SUCCESS).size());
        final MockFlowFile refused = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_FAILURE).getFirst();
        refused.assertAttributeEquals("ottimate.error.code", "invalid_filter");
        assertTrue(refused.getAttribute("ottimate.error.message").contains("Company ID evaluated to 'three' is not an integer id"),
                refused.getAttribute("ottimate.error.message"));
        assertEquals(List.of("limit=100&ottimate_company_id=3&page=1", "limit=100&ottimate_company_id=3&page=2"),
                emulator.journal().matching("GET", "/vendors").stream().map(ApiRequest::rawQuery).toList(), "the bad flowfile sent nothing");
    }

    @Test
    void dimensionListingReadsEveryPageWithTheErpTypeFilterAndEmitsOnlyChanges() throws Exception {
        final TestRunner put = putRunner(new PutOttimateDimension(), false);
        final StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < 130; i++) {
            json.append(i == 0 ? "" : ",").append("{\"erp_type\": \"").append(i % 2 == 0 ? "DEPARTMENT" : "CLASS")
                    .append("\", \"ottimate_type\": \"department\", \"name\": \"D").append(i).append("\", \"code\": \"C").append(i)
                    .append("\", \"reference_id\": \"ref").append(i).append("\", \"erp_dimension_id\": \"").append(i).append("\"}");
        }
        put.enqueue(json.append("]").toString(), Map.of("company", "1"));
        put.run();
        final TestRunner runner = runner(new ListOttimateDimensions());
        runner.setProperty(ApiFilters.COMPANY_ID.onSource().descriptor(), "1");
        runner.setProperty(ApiFilters.ERP_TYPE.onSource().descriptor(), "DEPARTMENT");
        runner.setProperty(ListOttimateDimensions.PAGE_SIZE, "50");
        runner.setProperty(ListOttimateDimensions.RECORD_WRITER, "writer");
        runner.run();
        runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst().assertAttributeEquals("record.count", "65");
        runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst().assertAttributeEquals(ObjectOutput.CHANGE, "created");
        assertEquals("erp_type=DEPARTMENT&limit=50&ottimate_company_id=1&page=1", emulator.journal().matching("GET", "/dimensions").getFirst().rawQuery());

        // nothing changed: the next run reads the list again (the API cannot filter it) and emits nothing
        runner.clearTransferState();
        runner.run();
        runner.assertTransferCount(AbstractOttimateProcessor.REL_SUCCESS, 0);
        // one dimension changed: only it comes out
        put.clearTransferState();
        put.enqueue("[{\"erp_type\": \"DEPARTMENT\", \"ottimate_type\": \"department\", \"name\": \"Renamed\", \"code\": \"C0\", "
                + "\"reference_id\": \"ref0\", \"erp_dimension_id\": \"0\"}]", Map.of("company", "1"));
        put.run();
        runner.clearTransferState();
        runner.run();
        assertEquals(List.of("Renamed"), records(runner, AbstractOttimateProcessor.REL_SUCCESS).stream().map(d -> d.get("name").asText()).toList());
        runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst().assertAttributeEquals(ObjectOutput.CHANGE, "updated");

        // two dimensions removed in Ottimate, one added: a record set of each change, the removed ones by id
        final List<String> gone = emulator.store().dimensions().all().stream().filter(d -> d.path("erp_type").asText().equals("DEPARTMENT"))
                .map(d -> d.get("id").asText()).limit(2).toList();
        gone.forEach(emulator.store().dimensions()::remove);
        put.clearTransferState();
        put.enqueue("[{\"erp_type\": \"DEPARTMENT\", \"ottimate_type\": \"department\", \"name\": \"New\", \"code\": \"N\", "
                + "\"reference_id\": \"refN\", \"erp_dimension_id\": \"N\"}]", Map.of("company", "1"));
        put.run();
        runner.clearTransferState();
        runner.run();
        final Map<String, MockFlowFile> byChange = new HashMap<>();
        runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).forEach(f -> byChange.put(f.getAttribute(ObjectOutput.CHANGE), f));
        assertEquals(Set.of("created", "removed"), byChange.keySet());
        assertEquals("New", MAPPER.readTree(byChange.get("created").getContent()).get(0).get("name").asText());
        final JsonNode removed = MAPPER.readTree(byChange.get("removed").getContent());
        assertEquals(Set.copyOf(gone), Set.of(removed.get(0).get("id").asText(), removed.get(1).get("id").asText()));
        assertTrue(removed.get(0).path("name").isNull(), "a removal carries the id only: " + removed);
        // and once only
        runner.clearTransferState();
        runner.run();
        runner.assertTransferCount(AbstractOttimateProcessor.REL_SUCCESS, 0);
    }

    @Test
    void readsCompaniesAndLocationsOfAGivenOrDiscoveredAccount() throws Exception {
        final TestRunner runner = runner(new ListOttimateAccountStructure());
        runner.setProperty(ListOttimateAccountStructure.RECORD_WRITER, "writer");
        runner.run();
        final List<JsonNode> locations = records(runner, AbstractOttimateProcessor.REL_SUCCESS);
        assertEquals(List.of("10", "11"), locations.stream().map(l -> l.get("id").asText()).toList());
        assertEquals(1, emulator.journal().matching("GET", "/accounts").stream().filter(r -> r.rawPath().equals("/v1/accounts")).count(),
                "no account id given: the accounts were discovered first");

        final TestRunner companies = runner(new FetchOttimateAccountStructure());
        companies.setProperty(FetchOttimateAccountStructure.RESOURCE, AccountStructure.COMPANIES.getValue());
        companies.setProperty(FetchOttimateAccountStructure.ACCOUNT_ID, "${account}");
        companies.setProperty(FetchOttimateAccountStructure.OUTPUT_STRATEGY, OutputStrategy.ONE_PER_OBJECT.getValue());
        companies.enqueue("", Map.of("account", "racc_90832490382904802384"));
        companies.enqueue("", Map.of("account", "racc_unknown"));
        companies.run(2);
        companies.assertTransferCount(AbstractOttimateProcessor.REL_SUCCESS, 1);
        companies.assertTransferCount(AbstractFetchOttimate.REL_ORIGINAL, 1);
        companies.assertTransferCount(AbstractOttimateProcessor.REL_FAILURE, 1);
        assertEquals("1", companies.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst().getAttribute("ottimate.company.id"));
    }
}
