/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.harness.NiFiFlow.QueuedFlowFile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;

/**
 * Every Ottimate processor in each arrangement its documentation describes, built, validated and run in NiFi: a
 * source with no input, a processor fed by GenerateFlowFile (by id, by query, JSON object, records), against the
 * emulator. A case fails when NiFi finds it invalid, when what its docs promise does not come out, when it raises an
 * error bulletin, or when it writes an attribute its documentation does not declare.
 */
final class UsageMatrix {
    /** Attributes NiFi itself gives every flowfile. */
    private static final Set<String> CORE = Set.of("uuid", "filename", "path");

    private final NiFiFlow flow;
    private final SharedNiFi shared;
    private final OttimateEmulator emulator;
    private final List<QueuedFlowFile> outputs = new ArrayList<>();
    private int cases;

    UsageMatrix(final NiFiFlow flow, final SharedNiFi shared, final OttimateEmulator emulator) {
        this.flow = flow;
        this.shared = shared;
        this.emulator = emulator;
    }

    List<QueuedFlowFile> outputs() {
        return outputs;
    }

    int cases() {
        return cases;
    }

    private List<UsageCase> arrangements() throws Exception {
        final String invoice = emulator.seedInvoice(10, "MATRIX-1");
        final String approvable = emulator.seedInvoice(10, "MATRIX-2");
        emulator.editInvoice(approvable, "status", "pending-approval");
        final String exported = emulator.seedInvoice(10, "MATRIX-3");
        emulator.editInvoice(exported, "status", "exported");
        final String vendor = emulator.seedVendor(1, "MATRIX-V", "Matrix Vendor");
        final String exportable = emulator.seedInvoice(10, "MATRIX-4");
        emulator.editInvoice(exportable, "status", "ready-for-export");
        final String records = "[{\"ottimate_location_id\": 10, \"invoice_number\": \"MATRIX-R1\", \"total_amount\": 12.5}]";
        final String vendors = "[{\"erp_vendor_id\": \"MATRIX-V2\", \"erp_vendor_name\": \"Matrix Two\"}]";
        final String dimensions = "[{\"erp_type\": \"CLASS\", \"ottimate_type\": \"class\", \"name\": \"Matrix\", \"code\": \"MX\", "
                + "\"reference_id\": \"mx-1\", \"erp_dimension_id\": \"77\"}]";
        final String entries = "[{\"erp_vendor_id\": \"V-7\", \"item_name\": \"Matrix flour\", \"sku\": \"MX-1\", \"price\": \"9.90\", "
                + "\"catalog_unique_key\": \"mx-1\"}]";
        final ObjectNode purchaseOrder = NiFiClient.JSON.createObjectNode().put("po_number", "MATRIX-PO1").put("external_id", "matrix-po-1")
                .put("ottimate_location_id", 10).put("erp_vendor_id", "MATRIX-V").put("date", "2026-11-05").put("total_amount", 20);
        purchaseOrder.putArray("items").addObject().put("name", "Matrix flour").put("quantity", 2).put("price", 10);
        final String order = emulator.seedPurchaseOrder(purchaseOrder);
        emulator.seedReceipt(NiFiClient.JSON.createObjectNode().put("receipt_number", "MATRIX-R1").put("ottimate_po_id", order)
                .put("date", "2026-11-06").put("total_amount", 10));
        final Map<String, String> oneObject = Map.of("Output Strategy", "ONE_PER_OBJECT");
        return List.of(
                UsageCase.source("List invoices", "invoices.ListOttimateInvoices", oneObject, "success"),
                UsageCase.source("List vendors", "masterdata.ListOttimateVendors", with(oneObject, "Company ID", "1"), "success"),
                UsageCase.source("List dimensions", "masterdata.ListOttimateDimensions", with(oneObject, "Company ID", "1"), null),
                UsageCase.source("List locations", "masterdata.ListOttimateAccountStructure", oneObject, "success"),
                UsageCase.source("List catalog", "catalog.ListOttimateCatalog", with(oneObject, "Company ID", "1"), null),
                UsageCase.source("List catalog as records", "catalog.ListOttimateCatalog", Map.of("Company ID", "1", "Record Writer", "writer"), null),
                UsageCase.fed("Fetch invoice by id", "invoices.FetchOttimateInvoice", Map.of(), "{}", Map.of("ottimate.invoice.id", invoice), "success"),
                UsageCase.fed("Fetch unknown invoice", "invoices.FetchOttimateInvoice", Map.of(), "{}", Map.of("ottimate.invoice.id", "no-such-invoice"), "not found"),
                UsageCase.fed("Query invoices", "invoices.FetchOttimateInvoice", Map.of("Fetch Strategy", "BY_QUERY", "Location IDs", "${location}",
                        "Record Writer", "writer"), "{}", Map.of("location", "10"), "original"),
                UsageCase.fed("Fetch vendor by id", "masterdata.FetchOttimateVendor", Map.of(), "{}", Map.of("ottimate.vendor.id", vendor), "success"),
                UsageCase.fed("Query vendors", "masterdata.FetchOttimateVendor", Map.of("Fetch Strategy", "BY_QUERY", "Company ID", "${company}",
                        "Output Strategy", "ONE_PER_OBJECT"), "{}", Map.of("company", "1"), "original"),
                UsageCase.fed("Query dimensions", "masterdata.FetchOttimateDimension", Map.of("Fetch Strategy", "BY_QUERY", "Company ID", "1",
                        "Record Writer", "writer"), "{}", Map.of(), "original"),
                UsageCase.fed("Read locations", "masterdata.FetchOttimateAccountStructure", Map.of("Record Writer", "writer"), "{}", Map.of(), "original"),
                UsageCase.fed("Query catalog entries", "catalog.FetchOttimateCatalog", Map.of("Company ID", "${company}", "Record Writer", "writer"), "{}",
                        Map.of("company", "1"), "original"),
                UsageCase.fed("Fetch unknown catalog entry", "catalog.FetchOttimateCatalog", Map.of("Resource", "ENTRY_BY_ID"), "{}",
                        Map.of("ottimate.catalog.entry.id", "cte_unknown"), "not found"),
                UsageCase.fed("Read receiver export", "invoices.FetchOttimateReceiverExport", Map.of("Company ID", "1", "Location ID", "10",
                        "Output Strategy", "ONE_PER_OBJECT"), "{}", Map.of(), "original"),
                UsageCase.fed("Create invoice from JSON", "invoices.PutOttimateInvoice", Map.of(),
                        "{\"ottimate_location_id\": 10, \"invoice_number\": \"MATRIX-J1\", \"total_amount\": 99.95}", Map.of(), "success"),
                UsageCase.fed("Create invoices from records", "invoices.PutOttimateInvoice", Map.of("Input Strategy", "RECORDS",
                        "Record Reader", "reader", "Record Writer", "writer"), records, Map.of(), "original"),
                UsageCase.fed("Import invoices in batches", "invoices.PutOttimateInvoice", Map.of("Input Strategy", "RECORDS",
                        "Record Reader", "reader", "Record Writer", "writer", "Record Strategy", "IMPORT"),
                        "[{\"ottimate_location_id\": 10, \"invoice_number\": \"MATRIX-I1\"}]", Map.of(), "original"),
                UsageCase.fed("Upload a document", "invoices.UploadOttimateInvoiceFile", Map.of("Location ID", "10"), "%PDF-1.4 matrix document",
                        Map.of("filename", "matrix.pdf"), "success"),
                UsageCase.fed("Approve an invoice", "invoices.ApproveOttimateInvoice", Map.of(), "{}", Map.of("ottimate.invoice.id", approvable), "success"),
                UsageCase.fed("Flag an invoice", "invoices.ApproveOttimateInvoice", Map.of("Operation", "FLAG", "Flagging Reason", "matrix check"), "{}",
                        Map.of("ottimate.invoice.id", invoice), "success"),
                UsageCase.fed("Mark exported", "invoices.MarkOttimateInvoicesExported", Map.of(), "{}", Map.of("ottimate.invoice.id", exportable), "success"),
                UsageCase.fed("Upsert vendors", "masterdata.PutOttimateVendor", Map.of("Record Reader", "reader", "Record Writer", "writer",
                        "Company ID", "1"), vendors, Map.of(), "original"),
                UsageCase.fed("Upsert dimensions", "masterdata.PutOttimateDimension", Map.of("Record Reader", "reader", "Record Writer", "writer",
                        "Company ID", "1"), dimensions, Map.of(), "original"),
                UsageCase.fed("Upsert catalog entries", "catalog.PutOttimateCatalog", Map.of("Record Reader", "reader", "Record Writer", "writer",
                        "Company ID", "1"), entries, Map.of(), "original"),
                UsageCase.fed("Fetch purchase order by id", "procurement.FetchOttimatePurchaseOrder", Map.of(), "{}",
                        Map.of("ottimate.purchase.order.id", order), "success"),
                UsageCase.fed("Query a month of purchase orders", "procurement.FetchOttimatePurchaseOrder", Map.of("Fetch Strategy", "BY_QUERY",
                        "Location ID", "10", "Date From", "2026-11-01", "Date To", "2026-11-30", "Include Line Items", "true",
                        "Record Writer", "writer"), "{}", Map.of(), "original"),
                UsageCase.fed("Query the receipts of a purchase order", "procurement.FetchOttimateReceipt", Map.of("Fetch Strategy", "BY_QUERY",
                        "Purchase Order ID", "${ottimate.purchase.order.id}", "Record Writer", "writer"), "{}",
                        Map.of("ottimate.purchase.order.id", order), "original"),
                UsageCase.source("List purchase orders", "procurement.ListOttimatePurchaseOrders", with(with(oneObject, "Include Line Items",
                        "true"), "Date Window", "3660 days"), "success"),
                UsageCase.source("List receipts as records", "procurement.ListOttimateReceipts", Map.of("Record Writer", "writer",
                        "Date Window", "3660 days"), "success"),
                UsageCase.fed("Upsert purchase orders with nested lines", "procurement.PutOttimatePurchaseOrder", Map.of("Record Reader", "reader",
                        "Record Writer", "writer", "Company ID", "1", "Location ID", "10"), "[{\"external_id\": \"matrix-po-2\", \"po_number\": "
                        + "\"MATRIX-PO1\", \"erp_vendor_id\": \"OTHER-V\", \"date\": \"2026-11-07\", \"total_amount\": 5, \"items\": [{\"name\": "
                        + "\"Salt\", \"quantity\": 1, \"price\": 5}]}]", Map.of(), "original"),
                UsageCase.fed("Upsert receipts, one row per line", "procurement.PutOttimateReceipt", Map.of("Record Reader", "reader",
                        "Record Writer", "writer", "Company ID", "1", "Line Layout", "ROW_PER_LINE"), "[{\"external_id\": \"matrix-gr-1\", "
                        + "\"receipt_number\": \"MATRIX-R2\", \"ottimate_po_id\": \"" + order + "\", \"date\": \"2026-11-08\", \"total_amount\": 10, "
                        + "\"item_sku\": \"MX-1\", \"item_quantity\": 1}, {\"external_id\": \"matrix-gr-1\", \"receipt_number\": \"MATRIX-R2\", "
                        + "\"ottimate_po_id\": \"" + order + "\", \"date\": \"2026-11-08\", \"total_amount\": 10, \"item_sku\": \"MX-2\", "
                        + "\"item_quantity\": 1}]", Map.of(), "original"),
                UsageCase.fed("Call any endpoint", "generic.InvokeOttimateAPI", Map.of("Path", "accounts"), "{}", Map.of(), "success"),
                // the names from before 1.0, as flows saved them: still load, are valid and run as the processors they became
                UsageCase.fed("Fetch vendor by id (saved as FetchOttimateVendors)", "masterdata.FetchOttimateVendors", Map.of(), "{}",
                        Map.of("ottimate.vendor.id", vendor), "success"),
                UsageCase.fed("Query dimensions (saved as FetchOttimateDimensions)", "masterdata.FetchOttimateDimensions", Map.of("Fetch Strategy",
                        "BY_QUERY", "Company ID", "1", "Record Writer", "writer"), "{}", Map.of(), "original"),
                UsageCase.fed("Upsert catalog entries (saved as BulkUpsertOttimateCatalog)", "catalog.BulkUpsertOttimateCatalog", Map.of("Record Reader",
                        "reader", "Record Writer", "writer", "Company ID", "1"), entries.replace("mx-1", "mx-legacy").replace("MX-1", "MX-L"), Map.of(),
                        "original"));
    }

    private static Map<String, String> with(final Map<String, String> base, final String key, final String value) {
        final Map<String, String> all = new LinkedHashMap<>(base);
        all.put(key, value);
        return all;
    }

    /** Runs every case; answers what went wrong, by case, and names every processor type of our NAR that no case runs. */
    Map<String, List<String>> runAll() throws Exception {
        emulator.setPollsToExtract(0);
        final String group = flow.createGroup(shared.rootId, "usage matrix", -2000, 0);
        final Map<String, String> services = Map.of(
                "reader", flow.createService(group, "org.apache.nifi.json.JsonTreeReader", "reader", Map.of()),
                "writer", flow.createService(group, "org.apache.nifi.json.JsonRecordSetWriter", "writer", Map.of()));
        services.values().forEach(flow::enableService);
        final Map<String, List<String>> problems = new LinkedHashMap<>();
        double y = 0;
        final SortedSet<String> untested = flow.ottimateProcessorTypes();
        untested.addAll(flow.deprecatedOttimateProcessorTypes());
        for (final UsageCase usage : arrangements()) {
            cases++;
            untested.remove(usage.type);
            final List<String> found = check(usage, usage.build(flow, group, shared.connectionId, services, 0, y += 700));
            if (!found.isEmpty()) {
                problems.put(usage.name, found);
            }
        }
        if (!untested.isEmpty()) {
            problems.put("types NiFi offers from our NAR that no arrangement runs", List.copyOf(untested));
        }
        return problems;
    }

    private List<String> check(final UsageCase usage, final UsageCase.Built built) {
        final List<String> problems = new ArrayList<>();
        if (!"VALID".equals(built.validation().path("validationStatus").asText())) {
            problems.add("invalid: " + built.validation().path("validationErrors"));
            return problems;
        }
        final Map<String, List<QueuedFlowFile>> out = usage.run(flow, built);
        out.values().forEach(outputs::addAll);
        if (usage.expected != null && out.getOrDefault(usage.expected, List.of()).isEmpty()) {
            problems.add("nothing on '" + usage.expected + "': " + summary(out));
        }
        if (!"failure".equals(usage.expected) && !out.getOrDefault("failure", List.of()).isEmpty()) {
            problems.add("failure: " + out.get("failure").getFirst().attribute("ottimate.error.message"));
        }
        for (final JsonNode bulletin : flow.bulletins()) {
            if (bulletin.path("sourceId").asText().equals(built.processorId()) && bulletin.path("level").asText().equals("ERROR")) {
                problems.add("error bulletin: " + bulletin.path("message").asText());
            }
        }
        final Set<String> declared = declaredAttributes(built.processorId());
        final Set<String> allowed = new HashSet<>(declared);
        allowed.addAll(CORE);
        allowed.addAll(usage.attributes.keySet());
        out.forEach((relationship, flowFiles) -> flowFiles.forEach(flowFile -> flowFile.attributes().keySet().stream()
                .filter(name -> !allowed.contains(name)).forEach(name -> problems.add("writes '" + name + "' on " + relationship
                        + " without declaring it (@WritesAttributes)"))));
        return problems.stream().distinct().toList();
    }

    private static String summary(final Map<String, List<QueuedFlowFile>> out) {
        final Map<String, Integer> counts = new LinkedHashMap<>();
        out.forEach((relationship, flowFiles) -> counts.put(relationship, flowFiles.size()));
        return counts.toString();
    }

    /** The attributes the processor's documentation declares, as NiFi's runtime manifest has them. */
    private Set<String> declaredAttributes(final String processorId) {
        final JsonNode bundle = flow.processor(processorId).path("component").path("bundle");
        final String type = flow.processor(processorId).path("component").path("type").asText();
        final JsonNode definition = flow.client().get("/flow/processor-definition/" + bundle.path("group").asText() + "/"
                + bundle.path("artifact").asText() + "/" + bundle.path("version").asText() + "/" + type);
        final Set<String> names = new HashSet<>();
        definition.path("writesAttributes").forEach(attribute -> names.add(attribute.path("name").asText()));
        return names;
    }
}
