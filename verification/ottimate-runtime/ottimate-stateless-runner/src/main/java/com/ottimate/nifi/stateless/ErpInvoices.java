/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.stateless;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.emulator.OttimateEmulator;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The invoices template 09 exports to the ERP database, shaped like real accounts payable: the same invoice number from
 * two vendors, unicode in names and notes, money with cents and lines with four decimals, a credit memo without lines,
 * nulls where an invoice has no value; and one invoice not ready for export. Answers their ids by a short name.
 */
public final class ErpInvoices {
    /** Ready for export: two vendors' INV-1001 and a credit memo; NOT_READY stays in Ottimate. */
    public static final String FRESH_FARMS = "INV-1001 Fresh Farms";
    public static final String DAIRY = "INV-1001 Dairy";
    public static final String CREDIT_MEMO = "CM-77";
    public static final String NOT_READY = "INV-1003";

    private static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);

    private ErpInvoices() {
    }

    public static Map<String, String> seed(final OttimateEmulator emulator) {
        final Map<String, String> ids = new LinkedHashMap<>();
        final ObjectNode fresh = invoice("INV-1001", "V-100", "Fresh Farms Produce — Müller & Söhne", "1234.56", "0.10");
        fresh.put("due_date", "2026-12-02").put("posting_date", "2026-11-03").put("notes", "Café crème, 東京 delivery; \"quoted\" and 'single'");
        final ArrayNode freshLines = fresh.putArray("items");
        freshLines.addObject().put("name", "Tomatoes, Roma (25 lb)").put("sku", "TOM-ROMA").put("uom", "CASE")
                .put("quantity", new BigDecimal("2.5")).put("price", new BigDecimal("10.1234")).put("is_taxed", true);
        freshLines.addObject().put("name", "Olive oil").put("sku", "OIL").put("uom", "EA")
                .put("quantity", new BigDecimal("1")).put("price", new BigDecimal("0.0001")).put("is_taxed", false);
        ids.put(FRESH_FARMS, ready(emulator, fresh));

        final ObjectNode dairy = invoice("INV-1001", "V-101", "Dairy Direct", "98765432.10", "0.00");
        dairy.putArray("items").addObject().put("name", "Whole milk").put("sku", "MLK-WHL").put("uom", "GAL")
                .put("quantity", new BigDecimal("120")).put("price", new BigDecimal("3.4900")).put("is_taxed", false);
        ids.put(DAIRY, ready(emulator, dairy));

        final ObjectNode memo = invoice(CREDIT_MEMO, "V-100", "Fresh Farms Produce — Müller & Söhne", "-45.00", "0.00");
        memo.put("type", "credit_memo").putArray("items");
        ids.put(CREDIT_MEMO, ready(emulator, memo));

        ids.put(NOT_READY, emulator.seedInvoice(invoice(NOT_READY, "V-100", "Fresh Farms Produce — Müller & Söhne", "10.00", "0.00")));
        return ids;
    }

    private static ObjectNode invoice(final String number, final String vendor, final String vendorName, final String total, final String tax) {
        return JSON.objectNode().put("ottimate_location_id", 10).put("invoice_number", number).put("erp_vendor_id", vendor)
                .put("erp_vendor_name", vendorName).put("invoice_date", "2026-11-02").put("currency", "USD")
                .put("total_amount", new BigDecimal(total)).put("total_tax", new BigDecimal(tax));
    }

    private static String ready(final OttimateEmulator emulator, final ObjectNode invoice) {
        final String id = emulator.seedInvoice(invoice);
        emulator.editInvoice(id, "approved_date_utc", "2026-11-03T09:15:30.123456Z");
        emulator.editInvoice(id, "status", "ready-for-export");
        return id;
    }
}
