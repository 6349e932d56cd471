/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.records;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.EmulatedConnection;
import com.ottimate.nifi.processors.RegisteredProcessors;
import com.ottimate.nifi.processors.catalog.FetchOttimateCatalog;
import com.ottimate.nifi.processors.catalog.ListOttimateCatalog;
import com.ottimate.nifi.processors.fetching.AbstractFetchOttimate;
import com.ottimate.nifi.processors.invoices.FetchOttimateInvoice;
import com.ottimate.nifi.processors.invoices.FetchOttimateReceiverExport;
import com.ottimate.nifi.processors.invoices.ListOttimateInvoices;
import com.ottimate.nifi.processors.masterdata.FetchOttimateAccountStructure;
import com.ottimate.nifi.processors.masterdata.FetchOttimateDimension;
import com.ottimate.nifi.processors.masterdata.FetchOttimateVendor;
import com.ottimate.nifi.processors.masterdata.ListOttimateAccountStructure;
import com.ottimate.nifi.processors.masterdata.ListOttimateDimensions;
import com.ottimate.nifi.processors.masterdata.ListOttimateVendors;
import com.ottimate.nifi.processors.procurement.FetchOttimatePurchaseOrder;
import com.ottimate.nifi.processors.procurement.FetchOttimateReceipt;
import com.ottimate.nifi.processors.procurement.ListOttimatePurchaseOrders;
import com.ottimate.nifi.processors.procurement.ListOttimateReceipts;
import com.ottimate.nifi.processors.resources.ApiResource;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.processor.Processor;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every reading processor, round trip: what the emulator answers (read here over plain HTTP, as exact decimals) against
 * what the processor's records say once NiFi's JsonRecordSetWriter has written them. Field by field: the same fields
 * (nested objects and arrays included, fields no schema names kept), numbers equal as exact decimals, times as the same
 * instant. The data is made awkward on purpose: amounts like 1234.56 that a double would blur, a 30-digit number,
 * microsecond timestamps with offsets, fields and nested records Ottimate may add tomorrow.
 */
class LosslessRecordsTest {
    private static final ObjectMapper EXACT = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    private static final String ACCOUNT = "racc_90832490382904802384";

    private OttimateEmulator emulator;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private String invoiceId;
    private String vendorId;
    private String entryId;
    private String purchaseOrderId;
    private String receiptId;

    @BeforeEach
    void seedAwkwardData() throws Exception {
        emulator = OttimateEmulator.start();
        invoiceId = emulator.seedInvoice(10, "RT-1");
        final ObjectNode invoice = emulator.store().invoices().get(invoiceId).orElseThrow().deepCopy();
        invoice.set("total_amount", decimal("1234.56"));
        invoice.set("total_tax", decimal("0.10"));
        invoice.set("outstanding_balance", decimal("99999999999999.99"));
        invoice.put("invoice_date", "2026-02-28");
        invoice.put("approved_date_utc", "2026-03-01T09:15:30.123456Z");
        invoice.put("approved_date", "2026-03-01T04:15:30.123456-05:00");
        invoice.put("status", "exported");
        invoice.set("custom_fields", EXACT.readTree("{\"region\": \"east\", \"cost_center\": 4100, \"flags\": [\"a\", \"b\"]}"));
        invoice.set("on_hold", EXACT.readTree("{\"is_held\": true, \"reason\": \"Awaiting credit memo\"}"));
        invoice.set("items", EXACT.readTree("""
                [{"id": "it-1", "name": "Tomatoes", "sku": "TOM", "uom": "CASE", "quantity": 2.5, "price": 10.1234, "is_taxed": true,
                  "dimensions": {"class": "produce", "gl": {"code": "5000", "split": 0.3333}}, "lot": "L-7"},
                 {"id": "it-2", "name": "Oil", "sku": "OIL", "uom": "EA", "quantity": 1, "price": 0.0001, "is_taxed": false}]"""));
        invoice.set("x_extension", EXACT.readTree("{\"nested\": [1, 2.50, {\"deep\": true}], \"note\": null, \"huge\": 123456789012345678901234567890.123456789}"));
        emulator.store().invoices().put(invoiceId, invoice);

        vendorId = emulator.seedVendor(1, "V-RT", "Round Trip Foods");
        final ObjectNode vendor = emulator.store().vendors().get(vendorId).orElseThrow().deepCopy();
        vendor.put("email", "ap@roundtrip.example");
        vendor.put("net_terms", "Net 30");
        vendor.set("x_rating", decimal("4.75"));
        vendor.set("x_contacts", EXACT.readTree("[{\"name\": \"Ann\", \"primary\": true}, {\"name\": \"Bo\", \"primary\": false}]"));
        emulator.store().vendors().put(vendorId, vendor);

        emulator.store().dimensions().put("dim-rt-1", (ObjectNode) EXACT.readTree("""
                {"id": "dim-rt-1", "name": "Food", "erp_type": "ACCOUNT", "code": "4000", "reference_id": "R1", "ottimate_type": "account",
                 "erp_dimension_id": "4000", "ottimate_company_id": 1, "x_parent": {"code": "4", "depth": 2}}"""));

        entryId = "cte_roundtrip00000000001";
        emulator.catalogEntries().put(entryId, (ObjectNode) EXACT.readTree("""
                {"id": "%s", "ottimate_company_id": 1, "item_name": "Tomatoes Roma", "sku": "TOM-ROMA", "uom": "CASE", "size": "25 LB",
                 "price": "32.5000", "unit_price": "1.3000", "erp_vendor_id": "V-RT", "is_split_case": false,
                 "last_purchased_date_utc": "2026-11-02T10:00:00.000001Z",
                 "prices": [{"id": "p-1", "price": "31.10", "price_type": 1, "ottimate_location_id": 10,
                             "start_date": "2026-01-01T00:00:00Z"}],
                 "allowances": [{"id": "5", "amount": "1.25", "allowance_type": "rebate", "target": 20, "start_date": "2026-01-01T00:00:00.5-05:00"}],
                 "dimensions": {"gl": "5000"}, "properties": {"organic": true, "origin": "CA"}, "x_new": [[1, 2], [3]]}"""
                .formatted(entryId)));
        emulator.catalogAllowances().put("900", (ObjectNode) EXACT.readTree("""
                {"id": "900", "catalog_entry_id": "%s", "ottimate_company_id": 1, "ottimate_location_id": 10, "allowance_type": "allowance",
                 "amount": "1.2345", "unit_allowance": "0.0500", "target": 20, "target_type": "location", "start_date": "2026-01-01",
                 "end_date": "2026-12-31", "x_funding": {"vendor_share": 0.6}}""".formatted(entryId)));
        emulator.seedVariance(entryId, 3);

        purchaseOrderId = emulator.seedPurchaseOrder((ObjectNode) EXACT.readTree("""
                {"po_number": "PO-RT-1", "external_id": "erp-po-77", "ottimate_location_id": 10, "ottimate_company_id": 1, "date": "2026-11-05",
                 "erp_vendor_id": "V-RT", "erp_vendor_name": "Round Trip Foods", "total_amount": 1234.56, "tax": 0.10, "freight": 12.00,
                 "is_2_way": false, "custom_fields": {"buyer": "Ann", "priority": 2},
                 "items": [{"external_id": "l-1", "name": "Tomatoes", "sku": "TOM", "quantity": 2.5, "price": 10.1234, "uom": "CASE",
                            "dimensions": {"DEPARTMENT": {"id": "d-1", "name": "Kitchen"}}, "x_lot": "L-7"}],
                 "x_approver": {"email": "buyer@roundtrip.example"}}"""));
        receiptId = emulator.seedReceipt((ObjectNode) EXACT.readTree("""
                {"receipt_number": "RCV-RT-1", "external_id": "erp-rcv-9", "ottimate_po_id": "%s", "date": "2026-11-06", "total_amount": 25.30,
                 "note": "Short one case", "items": [{"ottimate_po_item_id": "x", "sku": "TOM", "quantity": 2.0, "price": 10.1234}]}"""
                .formatted(purchaseOrderId)));
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private static JsonNode decimal(final String value) {
        return JsonNodeFactory.withExactBigDecimals(true).numberNode(new BigDecimal(value));
    }

    /** One reading arrangement: the processor, its properties, an incoming flowfile's attributes (null for a source), the same read done by hand. */
    record Arrangement(String name, Supplier<Processor> processor, Map<String, String> properties, Map<String, String> input, String apiPath) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Map<String, String> props(final String... pairs) {
        final Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    static Stream<Arguments> readers() {
        final String byQuery = AbstractFetchOttimate.FetchStrategy.BY_QUERY.getValue();
        return Stream.of(
                new Arrangement("ListOttimateInvoices", ListOttimateInvoices::new, props(), null, "/invoices"),
                new Arrangement("ListOttimateInvoices With Line Items", ListOttimateInvoices::new, props("Include Line Items", "true"), null,
                        // the API takes expand=items for at most 30 days back; the test data was made just now
                        "/invoices?expand=items&last_modified_date_from=" + java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1)),
                new Arrangement("FetchOttimateInvoice By Query", FetchOttimateInvoice::new,
                        props("Fetch Strategy", byQuery, "Status", "exported"), Map.of(), "/invoices?status=exported"),
                new Arrangement("ListOttimateVendors", ListOttimateVendors::new, props("Company ID", "1"), null, "/vendors?ottimate_company_id=1"),
                new Arrangement("FetchOttimateVendor By Query", FetchOttimateVendor::new,
                        props("Fetch Strategy", byQuery, "Company ID", "${company}"), Map.of("company", "1"), "/vendors?ottimate_company_id=1"),
                new Arrangement("ListOttimateDimensions", ListOttimateDimensions::new, props("Company ID", "1"), null, "/dimensions?ottimate_company_id=1"),
                new Arrangement("FetchOttimateDimension By Query", FetchOttimateDimension::new,
                        props("Fetch Strategy", byQuery, "Company ID", "1"), Map.of(), "/dimensions?ottimate_company_id=1"),
                new Arrangement("ListOttimateAccountStructure Accounts", ListOttimateAccountStructure::new, props("Resource", "ACCOUNTS"), null, "/accounts"),
                new Arrangement("ListOttimateAccountStructure Locations", ListOttimateAccountStructure::new,
                        props("Resource", "LOCATIONS", "Account ID", ACCOUNT), null, "/accounts/" + ACCOUNT + "/locations"),
                new Arrangement("FetchOttimateAccountStructure Companies", FetchOttimateAccountStructure::new,
                        props("Resource", "COMPANIES", "Account ID", "${account}"), Map.of("account", ACCOUNT), "/accounts/" + ACCOUNT + "/companies"),
                new Arrangement("ListOttimateCatalog Entries", ListOttimateCatalog::new, props("Company ID", "1"), null,
                        "/catalog/entries?ottimate_company_id=1"),
                new Arrangement("ListOttimateCatalog Allowances", ListOttimateCatalog::new, props("Resource", "ALLOWANCES", "Company ID", "1"), null,
                        "/catalog/allowances?ottimate_company_id=1"),
                new Arrangement("ListOttimateCatalog Variances", ListOttimateCatalog::new, props("Resource", "VARIANCES", "Company ID", "1"), null,
                        "/catalog/variances?ottimate_company_id=1"),
                new Arrangement("FetchOttimateCatalog Entries", FetchOttimateCatalog::new, props("Resource", "ENTRIES", "Company ID", "1"), Map.of(),
                        "/catalog/entries?ottimate_company_id=1"),
                new Arrangement("FetchOttimateCatalog Variance Invoice Items", FetchOttimateCatalog::new,
                        props("Resource", "VARIANCE_INVOICE_ITEMS", "Catalog Entry ID", "${entry}"), Map.of("entry", "cte_roundtrip00000000001"),
                        "/catalog/variances/cte_roundtrip00000000001/invoice-items"),
                new Arrangement("FetchOttimateReceiverExport", FetchOttimateReceiverExport::new, props("Company ID", "1", "Location ID", "10"), Map.of(),
                        "/invoices/receiver-export?ottimate_company_id=1&ottimate_location_id=10"),
                new Arrangement("FetchOttimatePurchaseOrder By Query", FetchOttimatePurchaseOrder::new,
                        props("Fetch Strategy", byQuery, "Location ID", "10", "Date From", "2026-11-01", "Date To", "2026-11-30",
                                "Include Line Items", "true"), Map.of(),
                        "/purchase-orders?ottimate_location_id=10&date_from=2026-11-01&date_to=2026-11-30&expand=items"),
                new Arrangement("FetchOttimateReceipt By Query", FetchOttimateReceipt::new,
                        props("Fetch Strategy", byQuery, "Date From", "2026-11-01", "Date To", "2026-11-30", "Include Line Items", "true"), Map.of(),
                        "/receipts?date_from=2026-11-01&date_to=2026-11-30&expand=items"),
                // a window wide enough to hold the test data's November 2026 for years to come
                new Arrangement("ListOttimatePurchaseOrders", ListOttimatePurchaseOrders::new, props("Include Line Items", "true",
                        "Date Window", "3660 days"), null, "/purchase-orders?date_from=2026-11-01&date_to=2026-11-30&expand=items"),
                new Arrangement("ListOttimateReceipts", ListOttimateReceipts::new, props("Include Line Items", "true", "Date Window", "3660 days"),
                        null, "/receipts?date_from=2026-11-01&date_to=2026-11-30&expand=items")
        ).map(Arguments::of);
    }

    @Test
    void everyRegisteredReaderHasAnArrangement() {
        final Set<String> arranged = readers().map(a -> ((Arrangement) a.get()[0]).processor().get().getClass().getSimpleName())
                .collect(Collectors.toSet());
        assertEquals(Set.copyOf(RegisteredProcessors.readers()), arranged, "every List/Fetch processor's records are checked field for field");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readers")
    void whatTheApiAnswersReachesTheRecordsFieldForField(final Arrangement arrangement) throws Exception {
        final List<JsonNode> answered = answeredByTheApi(arrangement.apiPath()).stream().map(object -> asEmitted(arrangement.apiPath(), object)).toList();
        assertFalse(answered.isEmpty(), "test data for " + arrangement.name());

        final TestRunner runner = EmulatedConnection.of(arrangement.processor().get(), emulator).enable().runner();
        final JsonRecordSetWriter writer = new JsonRecordSetWriter();
        runner.addControllerService("writer", writer);
        runner.setProperty(writer, "Timestamp Format", "yyyy-MM-dd'T'HH:mm:ss.SSSSSSX");
        runner.setProperty(writer, "Date Format", "yyyy-MM-dd");
        // a field the API left out stays out; a null the API sent stays null
        runner.setProperty(writer, JsonRecordSetWriter.SUPPRESS_NULLS, JsonRecordSetWriter.SUPPRESS_MISSING);
        runner.enableControllerService(writer);
        arrangement.properties().forEach(runner::setProperty);
        runner.setProperty("Output Strategy", OutputStrategy.RECORDS.getValue());
        runner.setProperty("Record Writer", "writer");
        if (arrangement.input() != null) {
            runner.enqueue(new byte[0], arrangement.input());
        }
        runner.run();

        final List<MockFlowFile> out = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS);
        assertEquals(1, out.size(), arrangement.name() + " wrote one record flowfile: " + runner.getLogger().getErrorMessages());
        final List<JsonNode> records = new ArrayList<>();
        EXACT.readTree(out.getFirst().getContent()).forEach(records::add);
        assertEquals(Integer.toString(records.size()), out.getFirst().getAttribute("record.count"));

        assertEquals(answered.size(), records.size(), arrangement.name() + ": objects");
        final Map<String, JsonNode> byId = new LinkedHashMap<>();
        records.forEach(record -> byId.put(key(record, records.indexOf(record)), record));
        for (int i = 0; i < answered.size(); i++) {
            final JsonNode expected = answered.get(i);
            final JsonNode actual = byId.get(key(expected, i));
            assertTrue(actual != null, arrangement.name() + ": no record for " + key(expected, i));
            assertSame(arrangement.name() + " " + key(expected, i), expected, actual);
        }
    }

    static Stream<Arguments> jsonReaders() {
        return Stream.of(
                Arguments.of("FetchOttimateInvoice By ID", (Supplier<Processor>) FetchOttimateInvoice::new, "Invoice ID", "invoice", "/invoices/"),
                Arguments.of("FetchOttimateVendor By ID", (Supplier<Processor>) FetchOttimateVendor::new, "Vendor ID", "vendor", "/vendors/"),
                Arguments.of("FetchOttimateDimension By ID", (Supplier<Processor>) FetchOttimateDimension::new, "Dimension ID", "dimension", "/dimensions/"),
                Arguments.of("FetchOttimateCatalog Entry by ID", (Supplier<Processor>) FetchOttimateCatalog::new, "Catalog Entry ID", "entry",
                        "/catalog/entries/"),
                Arguments.of("FetchOttimatePurchaseOrder By ID", (Supplier<Processor>) FetchOttimatePurchaseOrder::new, "Purchase Order ID",
                        "purchase_order", "/purchase-orders/"),
                Arguments.of("FetchOttimateReceipt By ID", (Supplier<Processor>) FetchOttimateReceipt::new, "Receipt ID", "receipt", "/receipts/"));
    }

    /** By ID the content is the object as the API sent it: equal as JSON, decimals with their scale. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jsonReaders")
    void oneObjectByIdIsTheApisJsonExactly(final String name, final Supplier<Processor> processor, final String idProperty, final String kind,
                                           final String path) throws Exception {
        final String id = switch (kind) {
            case "invoice" -> invoiceId;
            case "vendor" -> vendorId;
            case "dimension" -> "dim-rt-1";
            case "purchase_order" -> purchaseOrderId;
            case "receipt" -> receiptId;
            default -> entryId;
        };
        final TestRunner runner = EmulatedConnection.of(processor.get(), emulator).enable().runner();
        if (kind.equals("entry")) {
            runner.setProperty("Resource", "ENTRY_BY_ID");
        }
        runner.setProperty(idProperty, "${object.id}");
        runner.enqueue(new byte[0], Map.of("object.id", id));
        runner.run();
        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_SUCCESS, 1);
        final JsonNode content = EXACT.readTree(runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst().getContent());
        final JsonNode answer = get(path + id);
        // single answers are the object, or an envelope naming it ({"version": ..., "vendor": {...}})
        assertEquals(asEmitted(path, answer.path(kind).isObject() ? answer.get(kind) : answer), content, name);
        if (kind.equals("invoice")) {
            assertFalse(content.path("items").isEmpty(), "test data: the invoice has lines");
            content.path("items").forEach(line -> assertEquals(id, line.path(ApiResource.INVOICE_LINE_KEY).asText(), "each line names its invoice"));
        }
    }

    /** What the bundle emits of an object the API answered: invoice lines also name their invoice (ApiResource.keyLines), nothing else differs. */
    private static JsonNode asEmitted(final String apiPath, final JsonNode object) {
        return apiPath.startsWith("/invoices") && !apiPath.startsWith("/invoices/receiver-export") ? ApiResource.INVOICES.keyLines(object) : object;
    }

    /** Records output and one JSON flowfile per object agree: the second is the API's JSON exactly. */
    @org.junit.jupiter.api.Test
    void oneFlowFilePerObjectIsTheApisJsonExactly() throws Exception {
        final TestRunner runner = EmulatedConnection.of(new ListOttimateInvoices(), emulator).enable().runner();
        runner.setProperty("Output Strategy", OutputStrategy.ONE_PER_OBJECT.getValue());
        runner.run();
        final List<JsonNode> answered = answeredByTheApi("/invoices").stream().map(object -> asEmitted("/invoices", object)).toList();
        final List<MockFlowFile> out = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS);
        assertEquals(answered.size(), out.size());
        for (final MockFlowFile flowFile : out) {
            final JsonNode content = EXACT.readTree(flowFile.getContent());
            assertTrue(answered.contains(content), "as the API sent it, lines keyed: " + content);
        }
    }

    private static String key(final JsonNode object, final int position) {
        for (final String id : List.of("id", "ottimate_invoice_id")) {
            if (object.hasNonNull(id)) {
                return object.get(id).asText();
            }
        }
        return "#" + position;
    }

    /** Equal as data: the same field names, numbers as exact decimals, times as instants, everything else as is. */
    private static void assertSame(final String where, final JsonNode expected, final JsonNode actual) {
        if (expected.isObject()) {
            assertTrue(actual.isObject(), where + ": expected an object, got " + actual);
            assertEquals(new TreeSet<>(names(expected)), new TreeSet<>(names(actual)), where + ": fields");
            for (final String name : names(expected)) {
                assertSame(where + "." + name, expected.get(name), actual.get(name));
            }
        } else if (expected.isArray()) {
            assertTrue(actual.isArray(), where + ": expected an array, got " + actual);
            assertEquals(expected.size(), actual.size(), where + ": elements");
            for (int i = 0; i < expected.size(); i++) {
                assertSame(where + "[" + i + "]", expected.get(i), actual.get(i));
            }
        } else if (expected.isTextual() && expected.asText().matches("-?\\d+\\.\\d+") && actual.isNumber()) {
            // the API sends catalog prices as decimal strings: a DECIMAL field keeps the value and its scale
            assertEquals(new BigDecimal(expected.asText()), actual.decimalValue(), where + ": " + expected + " became " + actual);
        } else if (expected.isNumber()) {
            final BigDecimal exact = expected.decimalValue();
            final BigDecimal written = actual.isNumber() ? actual.decimalValue() : new BigDecimal(actual.asText());
            assertEquals(0, exact.compareTo(written), where + ": " + exact.toPlainString() + " became " + actual);
        } else if (expected.isTextual() && instant(expected.asText()).isPresent()) {
            assertEquals(instant(expected.asText()), instant(actual.asText()), where + ": " + expected + " became " + actual);
        } else if (!expected.equals(actual)) {
            fail(where + ": " + expected + " became " + actual);
        }
    }

    private static List<String> names(final JsonNode object) {
        final List<String> names = new ArrayList<>();
        final Iterator<String> it = object.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }

    /** A time as the API writes it: ISO 8601 with an offset, or "YYYY-MM-DD HH:MM:SS", which is UTC (the API guide, section 0). */
    private static Optional<Instant> instant(final String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (final DateTimeParseException e) {
            if (text.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d+)?")) {
                return Optional.of(LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC));
            }
            return Optional.empty();
        }
    }

    /** The objects of every page of {@code path}, read by hand with the emulator's credentials. */
    private List<JsonNode> answeredByTheApi(final String path) throws Exception {
        final List<JsonNode> objects = new ArrayList<>();
        for (int page = 1; ; page++) {
            // the one array of a list answer: results, vendors, ...
            final JsonNode results = arrayOf(get(path + (path.contains("?") ? "&" : "?") + "limit=100&page=" + page));
            results.forEach(objects::add);
            if (results.size() < 100) {
                return objects;
            }
        }
    }

    private JsonNode get(final String path) throws Exception {
        final HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/oauth/token"))
                .header("X-Api-Key", emulator.settings().apiKey())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + enc(emulator.settings().clientId())
                        + "&client_secret=" + enc(emulator.settings().clientSecret()))).build(), HttpResponse.BodyHandlers.ofString());
        final String bearer = EXACT.readTree(token.body()).get("access_token").asText();
        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path))
                .header("X-Api-Key", emulator.settings().apiKey()).header("Authorization", "Bearer " + bearer).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return EXACT.readTree(response.body());
    }

    private static JsonNode arrayOf(final JsonNode answer) {
        for (final String name : names(answer)) {
            if (answer.get(name).isArray()) {
                return answer.get(name);
            }
        }
        return fail("no list in " + answer);
    }

    private static String enc(final String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
