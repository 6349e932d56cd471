/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.demo;

import com.ottimate.emulator.Fault;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.EmulatedConnection;
import com.ottimate.nifi.processors.OttimateAttributes;
import com.ottimate.nifi.processors.invoices.PutOttimateInvoice;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * README command one: starts the emulator and pushes sample invoices through PutOttimateInvoice and the
 * connection service (in NiFi's mock framework), then prints what was sent and what came back.
 */
public final class InvoiceDemo {
    private static final List<Relationship> RELATIONSHIPS = List.of(
            AbstractOttimateProcessor.REL_SUCCESS, AbstractOttimateProcessor.REL_FAILURE, AbstractOttimateProcessor.REL_RETRY);

    private InvoiceDemo() {
    }

    public static void main(final String[] args) throws Exception {
        try (OttimateEmulator emulator = OttimateEmulator.start()) {
            System.out.println("Ottimate emulator on " + emulator.baseUrl());
            final EmulatedConnection connection = EmulatedConnection.sleeping(new PutOttimateInvoice(), emulator).enable();
            final TestRunner runner = connection.runner();

            final Map<String, String> samples = new LinkedHashMap<>();
            samples.put("inv-1001.json", invoice("INV-1001", 125.50));
            samples.put("inv-1002.json", invoice("INV-1002", 980.00));
            samples.put("inv-1003.json", invoice("INV-1003", 42.10));
            samples.put("broken.json", "{\"ottimate_location_id\": 10, \"invoice_number\": ");
            samples.put("no-location.json", "{\"invoice_number\": \"INV-1004\", \"total_amount\": \"a lot\"}");
            samples.forEach((name, content) -> runner.enqueue(content, Map.of("filename", name)));

            // the API is briefly overloaded: the first attempt of the first invoice gets a 503
            emulator.faults().next(1, Fault.status(503).on("/invoices"));
            runner.run(samples.size());

            final List<String[]> rows = new ArrayList<>();
            for (final Relationship relationship : RELATIONSHIPS) {
                for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(relationship)) {
                    rows.add(new String[]{flowFile.getAttribute("filename"), relationship.getName(),
                            flowFile.getAttribute(OttimateAttributes.STATUS_CODE) == null ? "-" : flowFile.getAttribute(OttimateAttributes.STATUS_CODE),
                            flowFile.getAttribute(OttimateAttributes.ATTEMPTS) == null ? "-" : flowFile.getAttribute(OttimateAttributes.ATTEMPTS),
                            flowFile.getAttribute(OttimateAttributes.INVOICE_ID) != null ? "invoice " + flowFile.getAttribute(OttimateAttributes.INVOICE_ID)
                                    : flowFile.getAttribute(OttimateAttributes.ERROR_CODE) + ": " + flowFile.getAttribute(OttimateAttributes.ERROR_MESSAGE)});
                }
            }
            final String created = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst()
                    .getAttribute(OttimateAttributes.INVOICE_ID);
            runner.clearTransferState();

            // update one invoice in place
            runner.setProperty(PutOttimateInvoice.INVOICE_ID, "${ottimate.invoice.id}");
            runner.enqueue("{\"notes\": \"approved by AP lead\"}", Map.of("filename", "update-inv-1001.json", OttimateAttributes.INVOICE_ID, created));
            runner.run();
            for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS)) {
                rows.add(new String[]{flowFile.getAttribute("filename"), "success", flowFile.getAttribute(OttimateAttributes.STATUS_CODE),
                        flowFile.getAttribute(OttimateAttributes.ATTEMPTS), "updated invoice " + created});
            }

            System.out.println();
            System.out.printf("%-22s %-9s %-6s %-8s %s%n", "flowfile", "route", "status", "attempts", "result");
            rows.forEach(r -> System.out.printf("%-22s %-9s %-6s %-8s %s%n", r[0], r[1], r[2], r[3], clip(r[4])));
            System.out.println();
            System.out.printf("Emulator: %d requests (%d token request), %d invoices stored, %d retry wait(s) %s%n",
                    emulator.journal().all().size(), emulator.journal().tokenRequests(), emulator.store().invoices().size(),
                    connection.sleeps().size(), connection.sleeps());
        }
    }

    private static String invoice(final String number, final double total) {
        return "{\"ottimate_location_id\": 10, \"invoice_number\": \"" + number + "\", \"erp_vendor_id\": \"V-7\", "
                + "\"invoice_date\": \"2026-11-02\", \"total_amount\": " + total + "}";
    }

    private static String clip(final String text) {
        return text.length() <= 90 ? text : text.substring(0, 87) + "...";
    }
}
