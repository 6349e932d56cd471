/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.lookup;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.emulator.ApiRequest;
import com.ottimate.emulator.EmulatorSettings;
import com.ottimate.emulator.Fault;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.client.ExactJson;
import com.ottimate.nifi.processors.EmulatedConnection;
import com.ottimate.nifi.processors.ManualClock;
import com.ottimate.nifi.processors.SecretWatch;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.controller.ControllerService;
import org.apache.nifi.lookup.LookupFailureException;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.util.NoOpProcessor;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lookup services over real HTTP against the emulator: answers, requests spent, caching, misses and failures. */
class OttimateLookupServicesTest {
    private static final int VENDORS = 250;
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-02T09:00:00Z"));
    private OttimateEmulator emulator;
    private TestRunner runner;

    @BeforeEach
    void start() throws Exception {
        emulator = OttimateEmulator.start();
        runner = EmulatedConnection.of(new NoOpProcessor(), emulator).enable().runner();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void preloadEnrichesTenThousandRecordsWithOneListingOfTheCompany() throws Exception {
        for (int i = 0; i < VENDORS; i++) {
            emulator.seedVendor(1, "V-" + i, "Vendor " + i);
        }
        emulator.seedVendor(2, "V-7", "Other company's V-7");
        final OttimateVendorLookupService service = enable(new TestVendorLookup(clock), Map.of(
                OttimateVendorLookupService.COMPANY_ID.getName(), "1"));
        emulator.journal().clear();

        final AtomicInteger found = new AtomicInteger();
        final AtomicInteger missing = new AtomicInteger();
        final ExecutorService threads = Executors.newFixedThreadPool(8);
        final List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            final int offset = t;
            work.add(threads.submit(() -> {
                for (int i = offset; i < 10_000; i += 8) {
                    // 300 distinct vendor numbers: 250 known, 50 Ottimate does not know
                    final String number = "V-" + (i % 300);
                    final Optional<Record> vendor = service.lookup(Map.of("key", number));
                    if (vendor.isPresent()) {
                        assertEquals(number, vendor.get().getAsString("erp_vendor_id"));
                        assertEquals("Vendor " + (i % 300), vendor.get().getAsString("erp_vendor_name"));
                        assertEquals(1L, vendor.get().getAsLong("ottimate_company_id"));
                        found.incrementAndGet();
                    } else {
                        missing.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (final Future<?> future : work) {
            future.get();
        }
        threads.shutdown();

        final long known = IntStream.range(0, 10_000).filter(i -> i % 300 < VENDORS).count();
        assertEquals(known, found.get(), "every record of a known vendor enriched");
        assertEquals(10_000 - found.get(), missing.get());
        final List<ApiRequest> listings = emulator.journal().matching("GET", "/vendors");
        assertEquals((VENDORS + 99) / 100, listings.size(), "one paged listing of the company, ⌈vendors / 100⌉ requests: " + listings);
        assertTrue(listings.stream().allMatch(r -> r.queryParam("ottimate_company_id").orElse("").equals("1")
                && r.queryParam("limit").orElse("").equals("100")));
        final LookupCounters counters = service.counters();
        assertEquals(10_000, counters.lookups());
        assertEquals(missing.get(), counters.notFound());
        assertEquals(listings.size(), counters.requests());
        assertEquals(9_999, counters.fromMemory(), "all but the first lookup answered from the listing");
    }

    /**
     * Issue 24 item 10: one budget for all companies' listings. Vendors the size of real ones (about 1.9 KB with their
     * addresses) in four companies, a budget that holds about two: the least recently used listing leaves, lookups stay
     * right, the heap held stays within the budget; one company larger than the budget fails with a message saying so;
     * the value lookup keeps only the fields it needs and holds all four.
     */
    @Test
    void preloadedListingsOfManyCompaniesStayWithinOneMemoryBudget() throws Exception {
        final String address = "x".repeat(1_500);
        for (int company = 1; company <= 4; company++) {
            for (int i = 0; i < 300; i++) {
                emulator.editVendor(emulator.seedVendor(company, "V-" + i, "Vendor " + company + "/" + i), "remit_to_address", address);
            }
        }
        final long budget = 1024 * 1024;
        final OttimateVendorLookupService records = enable(new TestVendorLookup(clock), Map.of(
                AbstractOttimateLookupService.PRELOAD_MEMORY_BUDGET.getName(), "1 MB"));
        emulator.journal().clear();
        for (int round = 0; round < 3; round++) {
            for (int company = 1; company <= 4; company++) {
                final String number = "V-" + (round * 7);
                final Record vendor = records.lookup(Map.of("key", number, AbstractOttimateLookupService.COMPANY_COORDINATE, Integer.toString(company)))
                        .orElseThrow();
                assertEquals("Vendor " + company + "/" + round * 7, vendor.getAsString("erp_vendor_name"), "the right company's vendor");
                assertTrue(records.preloadedBytes() <= budget, "within the budget: " + records.preloadedBytes());
            }
        }
        final int recordListings = emulator.journal().matching("GET", "/vendors").size();
        assertTrue(recordListings > 4 * 3, "listings dropped to stay within the budget are read again when needed: " + recordListings);

        final OttimateVendorLookupService small = enable(new TestVendorLookup(clock), Map.of(
                AbstractOttimateLookupService.PRELOAD_MEMORY_BUDGET.getName(), "100 KB"));
        final LookupFailureException tooLarge = assertThrows(LookupFailureException.class,
                () -> small.lookup(Map.of("key", "V-1", AbstractOttimateLookupService.COMPANY_COORDINATE, "1")));
        assertTrue(tooLarge.getMessage().contains("Preload Memory Budget"), tooLarge.getMessage());

        final OttimateValueLookupService values = enable(new OttimateValueLookupService(), Map.of(
                OttimateValueLookupService.MATCH_ON.getName(), LookupKey.ERP_VENDOR_ID.getValue(),
                OttimateValueLookupService.RETURN_FIELD.getName(), "erp_vendor_name",
                AbstractOttimateLookupService.PRELOAD_MEMORY_BUDGET.getName(), "1 MB"));
        emulator.journal().clear();
        for (int round = 0; round < 3; round++) {
            for (int company = 1; company <= 4; company++) {
                assertEquals(Optional.of("Vendor " + company + "/" + round), values.lookup(Map.of("key", "V-" + round,
                        AbstractOttimateLookupService.COMPANY_COORDINATE, Integer.toString(company))));
            }
        }
        assertEquals(4 * 3, emulator.journal().matching("GET", "/vendors").size(), "all four companies' trimmed listings fit: each read once");
        // each vendor held as its key, company and answered field: about 360 bytes, where the whole object takes over 1,600
        assertTrue(values.preloadedBytes() / 1200 < 400, "only the matched and answered fields are kept: " + values.preloadedBytes() / 1200 + " bytes a vendor");
    }

    @Test
    void aPreloadedListingIsReadAgainAfterItsExpirationAndAMissAfterTheNotFoundExpiration() throws Exception {
        final String id = emulator.seedVendor(1, "V-1", "Fresh Farms");
        final OttimateVendorLookupService service = enable(new TestVendorLookup(clock), Map.of(
                OttimateVendorLookupService.COMPANY_ID.getName(), "1",
                OttimateVendorLookupService.CACHE_EXPIRATION.getName(), "10 min",
                OttimateVendorLookupService.NOT_FOUND_EXPIRATION.getName(), "1 min"));
        emulator.journal().clear();
        assertEquals("Fresh Farms", service.lookup(Map.of("key", "V-1")).orElseThrow().getAsString("erp_vendor_name"));
        emulator.editVendor(id, "erp_vendor_name", "Fresh Farms Ltd");
        emulator.seedVendor(1, "V-2", "Dairy Direct");

        assertEquals("Fresh Farms", service.lookup(Map.of("key", "V-1")).orElseThrow().getAsString("erp_vendor_name"), "cached");
        assertTrue(service.lookup(Map.of("key", "V-2")).isEmpty(), "the listing is younger than the not-found expiration");
        assertEquals(1, emulator.journal().matching("GET", "/vendors").size());

        clock.advance(Duration.ofSeconds(61));
        assertEquals("Dairy Direct", service.lookup(Map.of("key", "V-2")).orElseThrow().getAsString("erp_vendor_name"),
                "a miss reloads a listing older than the not-found expiration");
        assertTrue(service.lookup(Map.of("key", "V-3")).isEmpty());
        assertEquals(2, emulator.journal().matching("GET", "/vendors").size(), "one reload, not one per miss");

        clock.advance(Duration.ofMinutes(10));
        assertEquals("Fresh Farms Ltd", service.lookup(Map.of("key", "V-1")).orElseThrow().getAsString("erp_vendor_name"));
        assertEquals(3, emulator.journal().matching("GET", "/vendors").size(), "read again after the cache expiration");
    }

    @Test
    void perKeyAsksOncePerDistinctSkuAndRemembersMissesForTheNotFoundExpiration() throws Exception {
        for (int i = 0; i < 20; i++) {
            catalogEntry("cte_" + i, 1, "V-1", "SKU-" + i, "1234567890" + i, "12.50");
        }
        catalogEntry("cte_other_vendor", 1, "V-2", "SKU-3", null, "11.00");
        catalogEntry("cte_other_company", 2, "V-1", "SKU-4", null, "9.00");
        final OttimateCatalogLookupService service = enable(new TestCatalogLookup(clock), Map.of(
                OttimateCatalogLookupService.COMPANY_ID.getName(), "1",
                OttimateCatalogLookupService.ERP_VENDOR_ID.getName(), "V-1",
                OttimateCatalogLookupService.NOT_FOUND_EXPIRATION.getName(), "1 min",
                OttimateCatalogLookupService.LOOKUP_STRATEGY.getName(), LookupStrategy.PER_KEY.getValue()));
        emulator.journal().clear();

        for (int i = 0; i < 1_000; i++) {
            final int n = i % 25;
            final Optional<Record> entry = service.lookup(Map.of("key", "SKU-" + n));
            assertEquals(n < 20, entry.isPresent(), "SKU-" + n);
            entry.ifPresent(e -> {
                assertEquals("cte_" + n, e.getAsString("id"));
                assertEquals(RecordFieldType.DECIMAL, e.getSchema().getDataType("price").orElseThrow().getFieldType());
                assertEquals(new BigDecimal("12.50"), e.getValue("price"));
            });
        }
        final List<ApiRequest> asked = emulator.journal().matching("GET", "/catalog/entries");
        assertEquals(25, asked.size(), "one request per distinct SKU, misses included");
        assertTrue(asked.stream().allMatch(r -> r.queryParam("erp_vendor_id").orElse("").equals("V-1")
                && r.queryParam("ottimate_company_id").orElse("").equals("1")), asked.toString());
        assertEquals("cte_other_vendor", service.lookup(Map.of("key", "SKU-3", "erp_vendor_id", "V-2")).orElseThrow().getAsString("id"),
                "the coordinate narrows to another vendor than the property");

        clock.advance(Duration.ofSeconds(61));
        assertTrue(service.lookup(Map.of("key", "SKU-24")).isEmpty());
        service.lookup(Map.of("key", "SKU-1"));
        final Function<String, Long> askedFor = sku -> emulator.journal().matching("GET", "/catalog/entries").stream()
                .filter(r -> r.queryParam("sku").orElse("").equals(sku)).count();
        assertEquals(2, askedFor.apply("SKU-24"), "the miss is asked again after the not-found expiration");
        assertEquals(1, askedFor.apply("SKU-1"), "the found entry is not");
    }

    @Test
    void concurrentLookupsOfOneKeyShareOneRequest() throws Exception {
        catalogEntry("cte_1", 1, "V-1", "SKU-1", null, "1.00");
        final OttimateCatalogLookupService service = enable(new TestCatalogLookup(clock), Map.of(
                OttimateCatalogLookupService.COMPANY_ID.getName(), "1",
                OttimateCatalogLookupService.LOOKUP_STRATEGY.getName(), LookupStrategy.PER_KEY.getValue()));
        emulator.faults().next(1, Fault.delay(Duration.ofMillis(300)));
        emulator.journal().clear();
        final ExecutorService threads = Executors.newFixedThreadPool(6);
        final List<Future<Optional<Record>>> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answers.add(threads.submit(() -> service.lookup(Map.of("key", "SKU-1"))));
        }
        for (final Future<Optional<Record>> answer : answers) {
            assertEquals("cte_1", answer.get().orElseThrow().getAsString("id"));
        }
        threads.shutdown();
        assertEquals(1, emulator.journal().matching("GET", "/catalog/entries").size());
    }

    @Test
    void idsAreReadByPathAndHostileIdsStayOneSegment() throws Exception {
        final String id = emulator.seedVendor(1, "V-1", "Fresh Farms");
        final OttimateVendorLookupService service = enable(new TestVendorLookup(clock), Map.of(
                OttimateVendorLookupService.MATCH_ON.getName(), LookupKey.VENDOR_ID.getValue(),
                OttimateVendorLookupService.LOOKUP_STRATEGY.getName(), LookupStrategy.PER_KEY.getValue()));
        emulator.journal().clear();
        assertEquals("V-1", service.lookup(Map.of("key", id)).orElseThrow().getAsString("erp_vendor_id"));
        assertTrue(service.lookup(Map.of("key", "999999")).isEmpty());
        assertTrue(service.lookup(Map.of("key", "../accounts")).isEmpty());
        assertTrue(service.lookup(new HashMap<>(Map.of("other", "x"))).isEmpty(), "no key: unmatched, nothing asked");
        assertEquals(List.of("/vendors/" + id, "/vendors/999999", "/vendors/%2E%2E%2Faccounts"),
                emulator.journal().matching("GET", "/vendors").stream().map(ApiRequest::apiPath).toList());
    }

    @Test
    void dimensionIdsRepeatingAcrossTypesNeedTheirTypeAndSayWhy() throws Exception {
        dimension("d1", "100", "DEPARTMENT", "Kitchen");
        dimension("d2", "100", "CLASS", "Food");
        final OttimateDimensionLookupService service = enable(new OttimateDimensionLookupService(), Map.of(
                OttimateDimensionLookupService.COMPANY_ID.getName(), "1"));
        final LookupFailureException ambiguous = assertThrows(LookupFailureException.class, () -> service.lookup(Map.of("key", "100")));
        assertTrue(ambiguous.getMessage().contains("matches 2 objects in company 1") && ambiguous.getMessage().contains("erp_type"),
                ambiguous.getMessage());
        assertEquals("Food", service.lookup(Map.of("key", 100L, "erp_type", "CLASS")).orElseThrow().getAsString("name"),
                "a numeric key from a record matches the text id");
        runner.disableControllerService(service);
        runner.setProperty(service, OttimateDimensionLookupService.ERP_TYPE, "DEPARTMENT");
        runner.enableControllerService(service);
        assertEquals("Kitchen", service.lookup(Map.of("key", "100")).orElseThrow().getAsString("name"));
    }

    @Test
    void purchaseOrdersAreFoundByExactExternalIdAndByNumberOnlyWithTheirVendor() throws Exception {
        final String sysco = emulator.seedPurchaseOrder(purchaseOrder("ERP-4711", "PO-100", "SYSCO"));
        final String bakery = emulator.seedPurchaseOrder(purchaseOrder("ERP-4711-B", "PO-100", "BAKERY"));
        emulator.seedPurchaseOrder(purchaseOrder("ERP-47", "PO-101", "SYSCO"));
        final OttimatePurchaseOrderLookupService byExternalId = enable(new OttimatePurchaseOrderLookupService(), Map.of(
                OttimatePurchaseOrderLookupService.COMPANY_ID.getName(), "1",
                OttimatePurchaseOrderLookupService.LOOKUP_STRATEGY.getName(), LookupStrategy.PER_KEY.getValue()));
        final Record found = byExternalId.lookup(Map.of("key", "ERP-4711")).orElseThrow();
        assertEquals(sysco, found.getAsString("id"), "ERP-4711 is not ERP-4711-B");
        assertEquals(new BigDecimal("300.00"), found.getValue("total_amount"));
        assertEquals(Optional.empty(), byExternalId.lookup(Map.of("key", "ERP-48")));
        byExternalId.lookup(Map.of("key", "ERP-4711"));
        final List<ApiRequest> asked = emulator.journal().matching("GET", "/purchase-orders");
        assertEquals(2, asked.size(), "one request per distinct key");
        assertEquals(Optional.of("ERP-4711"), asked.getFirst().queryParam("external_id"));

        final OttimatePurchaseOrderLookupService byNumber = enable(new OttimatePurchaseOrderLookupService(), Map.of(
                OttimatePurchaseOrderLookupService.MATCH_ON.getName(), LookupKey.PO_NUMBER.getValue(),
                OttimatePurchaseOrderLookupService.COMPANY_ID.getName(), "1"));
        final LookupFailureException ambiguous = assertThrows(LookupFailureException.class, () -> byNumber.lookup(Map.of("key", "PO-100")));
        assertTrue(ambiguous.getMessage().contains("matches 2 objects") && ambiguous.getMessage().contains("erp_vendor_id"), ambiguous.getMessage());
        assertEquals(bakery, byNumber.lookup(Map.of("key", "PO-100", "erp_vendor_id", "BAKERY")).orElseThrow().getAsString("id"));
        assertEquals(Optional.empty(), byNumber.lookup(Map.of("key", "PO-100", "erp_vendor_id", "US-FOODS")));
    }

    private static ObjectNode purchaseOrder(final String externalId, final String number, final String vendor) {
        final ObjectNode po = ExactJson.mapper().createObjectNode();
        po.put("external_id", externalId).put("po_number", number).put("erp_vendor_id", vendor).put("ottimate_location_id", 10)
                .put("date", "2026-11-10").put("total_amount", new BigDecimal("300.00"));
        po.putArray("items").addObject().put("name", "Flour").put("quantity", 1).put("price", new BigDecimal("300.00"));
        return po;
    }

    @Test
    void theValueServiceAnswersOneFieldOfALocationByName() throws Exception {
        final OttimateValueLookupService service = enable(new OttimateValueLookupService(), Map.of(
                OttimateValueLookupService.MATCH_ON.getName(), LookupKey.LOCATION_NAME.getValue(),
                OttimateValueLookupService.LOCATIONS_ACCOUNT_ID.getName(), "racc_90832490382904802384"));
        assertEquals(Optional.of("11"), service.lookup(Map.of("key", "Location 11")));
        assertEquals(Optional.empty(), service.lookup(Map.of("key", "Location 99")));
        assertEquals(Set.of("key"), service.getRequiredKeys(), "LookupAttribute needs exactly one required key");
        assertEquals(String.class, service.getValueType());
    }

    @Test
    void perKeyIsRefusedWhereTheApiCannotFilterAndCatalogNeedsACompany() throws Exception {
        final OttimateVendorLookupService vendors = new OttimateVendorLookupService();
        runner.addControllerService("vendors", vendors);
        runner.setProperty(vendors, OttimateVendorLookupService.CONNECTION_SERVICE, EmulatedConnection.SERVICE_ID);
        runner.setProperty(vendors, OttimateVendorLookupService.LOOKUP_STRATEGY, LookupStrategy.PER_KEY.getValue());
        runner.assertNotValid(vendors);
        assertTrue(runner.validate(vendors).toString().contains("only Preload can look it up"), runner.validate(vendors).toString());

        final OttimateCatalogLookupService catalog = enable(new OttimateCatalogLookupService(), Map.of());
        final LookupFailureException noCompany = assertThrows(LookupFailureException.class, () -> catalog.lookup(Map.of("key", "SKU-1")));
        assertTrue(noCompany.getMessage().contains("needs a company"), noCompany.getMessage());
        catalogEntry("cte_9", 7, "V-1", "SKU-9", null, "3.00");
        assertEquals("cte_9", catalog.lookup(Map.of("key", "SKU-9", "ottimate_company_id", 7)).orElseThrow().getAsString("id"));
    }

    @Test
    void apiFailuresFailTheLookupWithTheApisReasonAndNoSecret() throws Exception {
        emulator.seedVendor(1, "V-1", "Fresh Farms");
        final EmulatorSettings settings = emulator.settings();
        try (SecretWatch watch = new SecretWatch(List.of(settings.apiKey(), settings.clientSecret()))) {
            final OttimateVendorLookupService service = enable(new TestVendorLookup(clock), Map.of(
                    OttimateVendorLookupService.COMPANY_ID.getName(), "1"));
            emulator.faults().outage("/vendors", 503, Duration.ofHours(1));
            final LookupFailureException down = assertThrows(LookupFailureException.class, () -> service.lookup(Map.of("key", "V-1")));
            assertTrue(down.getMessage().contains("HTTP 503") && down.getMessage().contains("the API may answer later"), down.getMessage());
            watch.check(down.getMessage(), "exception message");
            emulator.faults().endOutage();
            assertEquals("Fresh Farms", service.lookup(Map.of("key", "V-1")).orElseThrow().getAsString("erp_vendor_name"),
                    "a failed listing is not cached");
            runner.disableControllerService(service);
            assertEquals(List.of(), watch.leaks());
        }
    }

    @Test
    void verifyLooksUpASampleKey() throws Exception {
        emulator.seedVendor(1, "V-1", "Fresh Farms");
        final OttimateVendorLookupService service = new OttimateVendorLookupService();
        runner.addControllerService("vendors", service);
        runner.setProperty(service, OttimateVendorLookupService.CONNECTION_SERVICE, EmulatedConnection.SERVICE_ID);
        runner.setProperty(service, OttimateVendorLookupService.COMPANY_ID, "1");
        final List<ConfigVerificationResult> results = runner.verify(service, Map.of());
        assertEquals(2, results.size(), results.toString());
        assertTrue(results.stream().allMatch(r -> r.getOutcome() == ConfigVerificationResult.Outcome.SUCCESSFUL), results.toString());
        assertTrue(results.get(1).getExplanation().contains("Found Vendor by ERP Vendor ID 'V-1'"), results.toString());
    }

    private <S extends ControllerService> S enable(final S service, final Map<String, String> properties) throws Exception {
        runner.addControllerService("lookup-" + service.getClass().getSimpleName(), service);
        runner.setProperty(service, AbstractOttimateLookupService.CONNECTION_SERVICE, EmulatedConnection.SERVICE_ID);
        properties.forEach((name, value) -> runner.setProperty(service, name, value));
        runner.enableControllerService(service);
        return service;
    }

    private void catalogEntry(final String id, final int company, final String vendor, final String sku, final String upc, final String price) {
        final ObjectNode entry = JsonNodeFactory.instance.objectNode();
        entry.put("id", id);
        entry.put("ottimate_company_id", company);
        entry.put("erp_vendor_id", vendor);
        entry.put("item_name", "Item " + sku);
        entry.put("sku", sku);
        if (upc != null) {
            entry.put("upc", upc);
        }
        entry.put("price", price);
        emulator.catalogEntries().put(id, entry);
    }

    private void dimension(final String id, final String erpId, final String type, final String name) {
        final ObjectNode dimension = JsonNodeFactory.instance.objectNode();
        dimension.put("id", id);
        dimension.put("ottimate_company_id", 1);
        dimension.put("erp_dimension_id", erpId);
        dimension.put("erp_type", type);
        dimension.put("name", name);
        emulator.store().dimensions().put(id, dimension);
    }

    /** Vendor lookups on the test's clock. */
    static final class TestVendorLookup extends OttimateVendorLookupService {
        private final Clock clock;

        TestVendorLookup(final Clock clock) {
            this.clock = clock;
        }

        @Override
        protected Clock clock() {
            return clock;
        }
    }

    /** Catalog lookups on the test's clock. */
    static final class TestCatalogLookup extends OttimateCatalogLookupService {
        private final Clock clock;

        TestCatalogLookup(final Clock clock) {
            this.clock = clock;
        }

        @Override
        protected Clock clock() {
            return clock;
        }
    }
}
