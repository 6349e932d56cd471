/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.stateless;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.emulator.OttimateEmulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How each template in templates/ is run against the emulator, by the demo (README command one) and by TemplatesIT:
 * its parameters besides the connection, the data the emulator starts with, and the sample files fed to its input
 * ports (templates/samples/).
 */
public enum TemplateScenario {

    INVOICE_INTAKE("01-invoice-intake.json", Map.of(), emulator -> Map.of(),
            List.of(new Input("CSV invoices", "invoices.csv", null), new Input("JSON invoices", "invoices.json", null))),

    INVOICE_EXPORT("02-invoice-export.json", Map.of("export.schedule", "1 hour"), emulator -> {
        final Map<String, String> ids = new LinkedHashMap<>();
        for (final String number : List.of("EXP-1", "EXP-2")) {
            ids.put(number, emulator.seedInvoice(10, number));
            emulator.editInvoice(ids.get(number), "status", "ready-for-export");
        }
        ids.put("EXP-3", emulator.seedInvoice(10, "EXP-3")); // still needs attention: not exported
        return ids;
    }, List.of()),

    MASTER_DATA_SYNC("03-master-data-sync.json", Map.of("ottimate.company.id", "1"), emulator -> Map.of(),
            List.of(new Input("vendors", "vendors.csv", null), new Input("dimensions", "dimensions.csv", null))),

    CATALOG_PRICE_BOOK("04-catalog-price-book.json", Map.of("ottimate.company.id", "1"), emulator -> Map.of(),
            List.of(new Input("price book", "price-book.csv", null))),

    INVOICE_DOCUMENT_INTAKE("05-invoice-document-intake.json", Map.of("ottimate.location.id", "10"), emulator -> {
        emulator.setPollsToExtract(0); // extracted at the first look, after one pass through the 'extracting' loop
        return Map.of();
    }, List.of(new Input("invoice documents", "invoice-sample.pdf", "application/pdf"))),

    APPROVAL_RULES("06-approval-rules.json", Map.of("auto.approve.limit", "500", "approval.schedule", "1 hour"), emulator -> {
        final Map<String, String> ids = new LinkedHashMap<>();
        for (final Map.Entry<String, String> invoice : Map.of("APR-SMALL", "120.00", "APR-LARGE", "2400.00").entrySet()) {
            final String id = emulator.seedInvoice(10, invoice.getKey());
            emulator.editInvoice(id, "total_amount", invoice.getValue());
            emulator.editInvoice(id, "status", "pending-approval");
            ids.put(invoice.getKey(), id);
        }
        ids.put("APR-NOT-QUEUED", emulator.seedInvoice(10, "APR-NOT-QUEUED"));
        return ids;
    }, List.of()),

    VENDOR_ENRICHMENT("07-vendor-enrichment.json", Map.of("ottimate.company.id", "1"), emulator -> {
        // the vendors template 03 syncs, unless a run before this one already did
        final Map<String, String> vendors = Map.of("V-100", "Fresh Farms Produce", "V-101", "Dairy Direct");
        vendors.forEach((number, name) -> {
            if (emulator.store().vendors().all().stream().noneMatch(v -> v.path("erp_vendor_id").asText().equals(number))) {
                emulator.seedVendor(1, number, name);
            }
        });
        return Map.of();
    }, List.of(new Input("ERP invoices", "erp-invoices.csv", null))),

    PURCHASE_ORDERS_AND_RECEIPTS("08-purchase-orders-and-receipts.json", Map.of("ottimate.company.id", "1", "ottimate.location.id", "10"), emulator -> {
        // two of the sample's orders as the ERP's previous run left them (the flow updates them): the receipts find them
        // whichever of the two inputs NiFi runs first; ERP-PO-4713 is new, and ERP-PO-4999 of the last receipt is unknown
        final Map<String, String> ids = new LinkedHashMap<>();
        for (final String[] order : List.of(new String[]{"ERP-PO-4711", "PO-100", "V-100"}, new String[]{"ERP-PO-4712", "PO-100", "V-101"})) {
            final ObjectNode po = JsonNodeFactory.instance.objectNode().put("external_id", order[0]).put("po_number", order[1])
                    .put("erp_vendor_id", order[2]).put("ottimate_location_id", 10).put("date", "2026-11-09").put("total_amount", 1);
            po.putArray("items").addObject().put("name", "as ordered before").put("quantity", 1).put("price", 1);
            ids.put(order[0], emulator.seedPurchaseOrder(po));
        }
        return ids;
    }, List.of(new Input("purchase orders", "purchase-orders.csv", null), new Input("receipts", "receipts.csv", null))),

    /** Needs a database: the harness's ErpDatabase gives it one (its schema, the erp.jdbc.* parameters) and checks the rows. */
    INVOICES_TO_ERP_DATABASE("09-invoices-to-erp-database.json", Map.of("export.schedule", "1 hour"), ErpInvoices::seed, List.of()),

    /** Needs a database, whose erp_invoices rows are its input (ErpDatabase inserts them). */
    ERP_DATABASE_TO_OTTIMATE("10-erp-database-to-ottimate.json", Map.of("erp.schedule", "1 sec"), emulator -> Map.of(), List.of());

    /** A sample file for an input port; the MIME type, when given, becomes the mime.type attribute. */
    public record Input(String port, String sample, String mimeType) {
    }

    /** The ERP's part in the export flow: what leaves 'invoices to export' comes back through 'delivered invoices'. */
    public record Loop(String outputPort, String inputPort) {
    }

    /** Output ports whose flowfiles the scenario sends back into the flow, as the systems around it would. */
    public List<Loop> loops() {
        return this == INVOICE_EXPORT ? List.of(new Loop("invoices to export", "delivered invoices")) : List.of();
    }

    /** True where the template reads or writes a database (an ERP staging schema) besides Ottimate. */
    public boolean database() {
        return this == INVOICES_TO_ERP_DATABASE || this == ERP_DATABASE_TO_OTTIMATE;
    }

    public List<Input> inputs() {
        return inputs;
    }

    private final String template;
    private final Map<String, String> parameters;
    private final Function<OttimateEmulator, Map<String, String>> seed;
    private final List<Input> inputs;

    TemplateScenario(final String template, final Map<String, String> parameters, final Function<OttimateEmulator, Map<String, String>> seed,
                     final List<Input> inputs) {
        this.template = template;
        this.parameters = parameters;
        this.seed = seed;
        this.inputs = inputs;
    }

    public String template() {
        return template;
    }

    /** The template's own parameters (company, location, limits), without the connection's. */
    public Map<String, String> ownParameters() {
        return parameters;
    }

    /** The template's parameters, connected to the emulator with its (test) credentials. */
    public FlowParameters parameters(final OttimateEmulator emulator) {
        final FlowParameters flowParameters = new FlowParameters()
                .set("ottimate.environment", "CUSTOM")
                .set("ottimate.base.url", emulator.baseUrl())
                .set("ottimate.api.key", emulator.settings().apiKey())
                .set("ottimate.client.id", emulator.settings().clientId())
                .set("ottimate.client.secret", emulator.settings().clientSecret());
        parameters.forEach(flowParameters::set);
        return flowParameters;
    }

    /** Puts the data the scenario starts from into the emulator; answers the seeded invoice ids by invoice number. */
    public Map<String, String> seed(final OttimateEmulator emulator) {
        return seed.apply(emulator);
    }

    /** Enqueues the sample inputs at the flow's input ports. */
    public void enqueueSamples(final StatelessFlow flow, final Path samples) throws IOException {
        for (final Input input : inputs) {
            final Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("filename", input.sample());
            if (input.mimeType() != null) {
                attributes.put("mime.type", input.mimeType());
            }
            flow.enqueue(input.port(), Files.readAllBytes(samples.resolve(input.sample())), attributes);
        }
    }
}
