/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.emulator.ApiRequest;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.harness.NiFiFlow.QueuedFlowFile;
import com.ottimate.nifi.stateless.ErpInvoices;
import com.ottimate.nifi.stateless.TemplateScenario;

import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Templates 09 and 10 in NiFi against a real PostgreSQL: every column of every row equal to what the API holds (money to
 * the cent, dates, UTC instants to the microsecond, nulls, unicode); a re-listed invoice updates its rows and replaces
 * its lines; a database outage while the flow runs loses nothing and marks nothing that was not committed; a row the
 * database refuses leaves with the database's reason and holds back no other; ERP rows become invoices once each, and
 * each row gets its invoice id or Ottimate's reason back.
 */
final class ErpDatabaseCheck {
    private static final Duration LIMIT = Duration.ofMinutes(3);
    /** Columns of the invoices table that hold an API field of the same name, by how they compare. */
    private static final List<String> TEXT = List.of("id", "invoice_number", "erp_vendor_id", "ottimate_vendor_name", "ottimate_location_name",
            "currency", "type", "status", "payment_status", "purchase_order", "notes");
    private static final List<String> MONEY = List.of("total_amount", "total_tax", "outstanding_balance");
    private static final List<String> DAYS = List.of("invoice_date", "due_date", "posting_date");
    private static final List<String> INSTANTS = List.of("created_at_utc", "approved_date_utc", "last_modified_date_utc");

    private final NiFiFlow flow;
    private final SharedNiFi shared;
    private final ErpDatabase database;
    private final List<QueuedFlowFile> outputs = new ArrayList<>();

    ErpDatabaseCheck(final NiFiFlow flow, final SharedNiFi shared, final ErpDatabase database) {
        this.flow = flow;
        this.shared = shared;
        this.database = database;
    }

    /** Everything that left the templates' ports, for the secrets check. */
    List<QueuedFlowFile> outputs() {
        return outputs;
    }

    private OttimateEmulator emulator() {
        return shared.emulator;
    }

    private TemplateRun prepare(final TemplateScenario scenario, final double y) throws IOException {
        final Map<String, String> parameters = new HashMap<>(scenario.parameters(emulator()).values());
        parameters.putAll(database.parameters(3));
        final TemplateRun run = TemplateRun.prepare(flow, shared.rootId, SharedNiFi.TEMPLATES, scenario, parameters, shared.work("inputs"), y);
        assertEquals(List.of(), flow.invalidComponents(run.groupId()), scenario.template() + " has invalid components once configured");
        return run;
    }

    private Map<String, List<QueuedFlowFile>> outputsOf(final TemplateRun run) {
        final Map<String, List<QueuedFlowFile>> out = run.outputs();
        out.values().forEach(outputs::addAll);
        return out;
    }

    void invoicesToTheErpDatabase() throws Exception {
        final Map<String, String> ids = TemplateScenario.INVOICES_TO_ERP_DATABASE.seed(emulator());
        // what earlier tests left ready for export is exported too, and compared as well
        final Set<String> ready = emulator().store().invoices().all().stream().filter(i -> "ready-for-export".equals(i.path("status").asText()))
                .map(i -> i.path("id").asText()).collect(Collectors.toSet());
        assertTrue(ready.containsAll(Set.of(ids.get(ErpInvoices.FRESH_FARMS), ids.get(ErpInvoices.DAIRY), ids.get(ErpInvoices.CREDIT_MEMO))));
        final Map<String, JsonNode> listed = snapshot(ready);
        emulator().journal().clear();
        final TemplateRun run = prepare(TemplateScenario.INVOICES_TO_ERP_DATABASE, -4000);
        run.start();
        awaitExported(ready);
        run.awaitQuiet(LIMIT);

        Map<String, List<QueuedFlowFile>> out = outputsOf(run);
        assertEquals(List.of(), out.get("database failures"));
        assertEquals(List.of(), out.get("failure"));
        assertEquals(List.of(), out.get("unreadable listings"));
        assertEquals(Set.of(), Set.copyOf(database.rows("SELECT id FROM invoices").stream().map(r -> r.get("id")).toList()).stream()
                .filter(id -> !ready.contains(id)).collect(Collectors.toSet()), "only invoices ready for export");
        assertRowsEqualTheApi(listed);
        assertEquals(2, emulator().journal().matching("POST", "/invoices/mark-exported").size(),
                "one call for the invoices with lines, one for those without (the credit memo)");
        assertEquals("needs-attention", status(ids.get(ErpInvoices.NOT_READY)));
        assertEquals(1, database.rows("SELECT 1 FROM invoices WHERE invoice_number = 'INV-1001' AND erp_vendor_id = 'V-101'").size(),
                "two vendors' INV-1001 are two rows");

        // unexported, changed and approved again: the header row is updated, a removed line goes, a changed one changes
        final String fresh = ids.get(ErpInvoices.FRESH_FARMS);
        final ObjectNode changed = emulator().store().invoices().get(fresh).orElseThrow().deepCopy();
        changed.put("total_amount", new BigDecimal("1300.00")).put("outstanding_balance", new BigDecimal("1300.00")).putNull("notes");
        final ArrayNode items = (ArrayNode) changed.get("items");
        items.remove(1);
        ((ObjectNode) items.get(0)).put("price", new BigDecimal("10.5000"));
        emulator().store().invoices().put(fresh, changed);
        emulator().editInvoice(fresh, "status", "ready-for-export");
        final Map<String, JsonNode> relisted = snapshot(Set.of(fresh));
        run.stop();
        run.start();
        awaitExported(Set.of(fresh));
        NiFiFlow.await("the re-listed invoice in its rows", () -> query("SELECT total_amount FROM invoices WHERE id = ?", fresh).stream()
                .anyMatch(r -> new BigDecimal("1300.00").compareTo((BigDecimal) r.get("total_amount")) == 0), LIMIT);
        run.awaitQuiet(LIMIT);
        listed.putAll(relisted);
        assertRowsEqualTheApi(listed);
        assertEquals(1, database.rows("SELECT 1 FROM invoice_lines WHERE ottimate_invoice_id = ?", fresh).size(), "the removed line is gone");

        // the database goes down while the flow runs: the flowfile waits, nothing is marked, and all lands once it is back
        final List<String> late = List.of(readyInvoice("OUT-1", "V-100", "12.34"), readyInvoice("OUT-2", "V-102", "56.78"));
        listed.putAll(snapshot(Set.copyOf(late)));
        final int marksBefore = emulator().journal().matching("POST", "/invoices/mark-exported").size();
        database.postgres().stopServer();
        run.stop();
        run.start();
        // no step failed before: the first such bulletin is the outage's
        NiFiFlow.await("the flow to meet the outage", () -> flow.bulletins().stream().anyMatch(b -> b.toString().contains("Failed to put Records to database")),
                LIMIT);
        Thread.sleep(5_000);
        assertEquals(marksBefore, emulator().journal().matching("POST", "/invoices/mark-exported").size(), "nothing marked while the database is down");
        late.forEach(id -> assertEquals("ready-for-export", status(id)));
        database.postgres().restart();
        awaitExported(Set.copyOf(late));
        run.awaitQuiet(LIMIT);
        out = outputsOf(run);
        assertEquals(List.of(), out.get("database failures"), "the outage was waited out");
        assertRowsEqualTheApi(listed);

        // a row the table refuses (a number longer than its column) leaves with the database's reason; its neighbour lands
        final String tooLong = readyInvoice("INV-" + "9".repeat(70), "V-100", "1.00");
        final String neighbour = readyInvoice("INV-2002", "V-100", "2.00");
        listed.putAll(snapshot(Set.of(neighbour)));
        run.stop();
        run.start();
        awaitExported(Set.of(neighbour));
        NiFiFlow.await("the refused invoice to leave", () -> flow.queued(queueOf(run, "database failures")) > 0, LIMIT);
        run.awaitQuiet(LIMIT);
        out = outputsOf(run);
        final List<QueuedFlowFile> refused = out.get("database failures");
        assertEquals(1, refused.size(), "the refused invoice alone");
        assertTrue(refused.getFirst().text().contains(tooLong), "it holds the refused invoice");
        assertTrue(refused.getFirst().attribute("putdatabaserecord.error").contains("value too long"), refused.getFirst().attributes().toString());
        assertEquals("ready-for-export", status(tooLong), "not marked: the database did not take it");
        assertTrue(database.rows("SELECT 1 FROM invoices WHERE id = ?", tooLong).isEmpty());
        assertRowsEqualTheApi(listed);
        run.stop();
        run.remove();
    }

    void erpRowsToOttimate() throws Exception {
        emulator().journal().clear();
        final String insert = "INSERT INTO erp_invoices (ottimate_location_id, invoice_number, erp_vendor_id, invoice_date, due_date, total_amount, "
                + "total_tax, currency, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        database.update(insert, 10, "ERP-7001", "V-100", Date.valueOf("2026-11-04"), Date.valueOf("2026-12-04"), new BigDecimal("1234.56"),
                new BigDecimal("0.10"), "EUR", "Crème brûlée — 東京 “quoted”");
        database.update(insert, 10, "ERP-7001", "V-101", Date.valueOf("2026-11-05"), null, new BigDecimal("98765432.10"), null, "CAD", null);
        database.update(insert, 10, "", "V-100", Date.valueOf("2026-11-05"), null, new BigDecimal("5.00"), null, "USD", "no number");
        final TemplateRun run = prepare(TemplateScenario.ERP_DATABASE_TO_OTTIMATE, -5000);
        run.start();
        NiFiFlow.await("every row's outcome written back", () -> query("SELECT 1 FROM erp_invoices WHERE ottimate_id IS NULL AND "
                + "ottimate_error_code IS NULL").isEmpty(), LIMIT);
        run.awaitQuiet(LIMIT);
        assertErpRowsAreTheirInvoices(3);

        // a new row: only it is read and sent
        database.update(insert, 11, "ERP-7002", "V-102", Date.valueOf("2026-11-06"), null, new BigDecimal("0.01"), null, "USD", "a cent");
        NiFiFlow.await("the new row's invoice id written back", () -> query("SELECT 1 FROM erp_invoices WHERE ottimate_id IS NULL AND "
                + "ottimate_error_code IS NULL").isEmpty(), LIMIT);
        run.awaitQuiet(LIMIT);
        assertErpRowsAreTheirInvoices(4);
        final Map<String, List<QueuedFlowFile>> out = outputsOf(run);
        assertEquals(List.of(), out.get("database failures"));
        assertFalse(out.get("written back").isEmpty());
        run.stop();
        run.remove();
    }

    /** Each ERP row sent once, without its own key; a created invoice equal to its row; a refusal with Ottimate's reason. */
    private void assertErpRowsAreTheirInvoices(final int rows) throws SQLException, IOException {
        final List<Map<String, Object>> erp = database.rows("SELECT * FROM erp_invoices ORDER BY erp_row_id");
        assertEquals(rows, erp.size());
        final List<ApiRequest> creates = emulator().journal().matching("POST", "/invoices");
        assertEquals(rows, creates.size(), "one create per row, each row once");
        for (final ApiRequest create : creates) {
            final JsonNode body = NiFiClient.JSON.readTree(create.body());
            assertFalse(body.has("erp_row_id"), "the row's key is a Local Field: " + body);
        }
        for (final Map<String, Object> row : erp) {
            if (((String) row.get("invoice_number")).isEmpty()) {
                assertEquals("validation_error", row.get("ottimate_error_code"), row.toString());
                assertTrue(((String) row.get("ottimate_error_message")).contains("invoice_number"), row.toString());
                assertEquals(null, row.get("ottimate_id"));
                continue;
            }
            assertEquals(null, row.get("ottimate_error_code"), row.toString());
            final JsonNode invoice = emulator().store().invoices().get((String) row.get("ottimate_id")).orElseThrow();
            for (final String column : List.of("invoice_number", "erp_vendor_id", "currency", "notes")) {
                assertEquals(row.get(column) == null ? null : ((String) row.get(column)).strip(), text(invoice, column), column + " of " + row);
            }
            assertEquals(((Number) row.get("ottimate_location_id")).intValue(), invoice.path("ottimate_location_id").asInt());
            for (final String column : List.of("total_amount", "total_tax")) {
                assertMoney(row.get(column), invoice.get(column), column + " of " + row);
            }
            for (final String column : List.of("invoice_date", "due_date")) {
                assertEquals(row.get(column) == null ? null : ((Date) row.get(column)).toLocalDate(), day(invoice, column), column + " of " + row);
            }
        }
    }

    /** Every column of every exported invoice and line row equal to the invoice as it was listed. */
    private void assertRowsEqualTheApi(final Map<String, JsonNode> listed) throws SQLException {
        final Map<String, Map<String, Object>> rows = new TreeMap<>();
        database.rows("SELECT * FROM invoices").forEach(row -> rows.put((String) row.get("id"), row));
        final Map<String, Map<String, Object>> lines = new TreeMap<>();
        database.rows("SELECT * FROM invoice_lines").forEach(row -> lines.put((String) row.get("id"), row));
        final Map<String, JsonNode> expectedLines = new LinkedHashMap<>();
        for (final Map.Entry<String, JsonNode> invoice : listed.entrySet()) {
            final Map<String, Object> row = rows.get(invoice.getKey());
            assertTrue(row != null, "no row for " + invoice.getKey());
            final JsonNode api = invoice.getValue();
            final String where = api.path("invoice_number").asText() + " / " + api.path("erp_vendor_id").asText() + " ";
            for (final String column : TEXT) {
                final Object value = row.get(column);
                assertEquals(text(api, column), value == null ? null : value.toString().strip(), where + column);
            }
            assertEquals(api.path("ottimate_location_id").asInt(), ((Number) row.get("ottimate_location_id")).intValue(), where + "ottimate_location_id");
            for (final String column : MONEY) {
                assertMoney(row.get(column), api.get(column), where + column);
            }
            for (final String column : DAYS) {
                assertEquals(day(api, column), row.get(column) == null ? null : ((Date) row.get(column)).toLocalDate(), where + column);
            }
            for (final String column : INSTANTS) {
                final Instant expected = api.hasNonNull(column) ? Instant.parse(api.get(column).asText()) : null;
                assertEquals(expected, row.get(column) == null ? null : ((Timestamp) row.get(column)).toInstant(), where + column);
            }
            api.path("items").forEach(line -> expectedLines.put(line.path("id").asText(), line));
            assertEquals(api.path("items").size(), lines.values().stream().filter(l -> invoice.getKey().equals(l.get("ottimate_invoice_id"))).count(),
                    where + "lines");
        }
        for (final Map.Entry<String, JsonNode> line : expectedLines.entrySet()) {
            final Map<String, Object> row = lines.get(line.getKey());
            assertTrue(row != null, "no row for line " + line.getKey());
            final JsonNode api = line.getValue();
            for (final String column : List.of("name", "sku", "uom")) {
                assertEquals(text(api, column), row.get(column), "line " + line.getKey() + " " + column);
            }
            for (final String column : List.of("quantity", "price")) {
                assertEquals(0, api.get(column).decimalValue().compareTo((BigDecimal) row.get(column)), "line " + column + ": " + row);
            }
            assertEquals(api.hasNonNull("is_taxed") ? api.get("is_taxed").asBoolean() : null, row.get("is_taxed"), "line is_taxed: " + row);
        }
    }

    private static void assertMoney(final Object column, final JsonNode api, final String where) {
        if (api == null || api.isNull()) {
            assertEquals(null, column, where);
            return;
        }
        assertTrue(column instanceof BigDecimal, where + ": " + column);
        // to the cent, as numbers: 1234.56 and 1234.560 are the same amount
        assertEquals(0, api.decimalValue().compareTo((BigDecimal) column), where + ": " + api + " became " + column);
    }

    private static String text(final JsonNode object, final String field) {
        return object.hasNonNull(field) ? object.get(field).asText() : null;
    }

    private static LocalDate day(final JsonNode object, final String field) {
        return object.hasNonNull(field) ? LocalDate.parse(object.get(field).asText()) : null;
    }

    private Map<String, JsonNode> snapshot(final Set<String> ids) {
        final Map<String, JsonNode> invoices = new LinkedHashMap<>();
        ids.forEach(id -> invoices.put(id, emulator().store().invoices().get(id).orElseThrow().deepCopy()));
        return invoices;
    }

    private String readyInvoice(final String number, final String vendor, final String total) {
        final ObjectNode body = NiFiClient.JSON.createObjectNode().put("ottimate_location_id", 10).put("invoice_number", number)
                .put("erp_vendor_id", vendor).put("invoice_date", "2026-11-20").put("total_amount", new BigDecimal(total));
        body.putArray("items").addObject().put("name", "Item of " + number).put("quantity", 1).put("price", new BigDecimal(total));
        final String id = emulator().seedInvoice(body);
        emulator().editInvoice(id, "status", "ready-for-export");
        return id;
    }

    private String status(final String id) {
        return emulator().store().invoices().get(id).orElseThrow().path("status").asText();
    }

    private void awaitExported(final Set<String> ids) {
        NiFiFlow.await("invoices " + ids + " marked exported", () -> ids.stream().allMatch(id -> "exported".equals(status(id))), LIMIT);
    }

    private List<Map<String, Object>> query(final String sql, final Object... arguments) {
        try {
            return database.rows(sql, arguments);
        } catch (final SQLException e) {
            fail("query failed: " + e.getMessage());
            return List.of();
        }
    }

    private static String queueOf(final TemplateRun run, final String port) {
        return run.outputQueue(port);
    }
}
