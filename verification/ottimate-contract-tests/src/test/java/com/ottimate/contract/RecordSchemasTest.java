/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.ottimate.nifi.processors.resources.ApiResource;
import org.apache.nifi.serialization.record.DataType;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;
import org.apache.nifi.serialization.record.type.ArrayDataType;
import org.apache.nifi.serialization.record.type.RecordDataType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The record schemas the readers write with, checked against Ottimate's OpenAPI document: for every collection in the
 * resource table, every field the document gives its list answer is declared (nested records and arrays included),
 * with a record type that holds the document's type without loss (integer as LONG, number as DECIMAL, date as DATE,
 * date-time as TIMESTAMP, object as RECORD, array as ARRAY). Fields the schemas add beyond the document, and the few
 * places they type a field differently, are listed below with the reason; anything else fails. Fields neither names
 * are still kept by the readers (inferred), which LosslessRecordsTest proves.
 */
class RecordSchemasTest {

    /** Fields the schemas declare that the document's list answers do not name, and why. */
    private static final Map<String, String> DECLARED_BEYOND_THE_DOCUMENT = Map.ofEntries(
            Map.entry("INVOICES.items", "invoice lines, listed with expand=items (API guide: GET /invoices)"),
            Map.entry("INVOICES.items.id", "invoice line (API guide: PATCH /invoices/{id} items)"),
            Map.entry("INVOICES.items.name", "invoice line (API guide)"),
            Map.entry("INVOICES.items.sku", "invoice line (API guide)"),
            Map.entry("INVOICES.items.uom", "invoice line (API guide)"),
            Map.entry("INVOICES.items.quantity", "invoice line (API guide)"),
            Map.entry("INVOICES.items.price", "invoice line (API guide)"),
            Map.entry("INVOICES.items.is_taxed", "invoice line (API guide)"),
            Map.entry("INVOICES.items.dimensions", "invoice line (API guide)"),
            Map.entry("INVOICES.items.ottimate_invoice_id", "added by the bundle: the invoice a listed or fetched line belongs to (a lines table's key)"),
            Map.entry("INVOICES.number", "the invoice number as the detail answer (InvoiceDetailObject) names it"),
            Map.entry("INVOICES.erp_vendor_id", "header field an invoice is written with (API guide: PATCH /invoices/{id})"),
            Map.entry("INVOICES.ottimate_location_id", "header field an invoice is written with (API guide: PATCH /invoices/{id})"),
            Map.entry("INVOICES.notes", "header field an invoice is written with (API guide: PATCH /invoices/{id})"),
            Map.entry("INVOICES.custom_fields", "written with PATCH and import, filtered on by GET /invoices (API guide)"),
            Map.entry("CATALOG_ENTRIES.prices", "CatalogEntryObject; in lists with expand=prices"),
            Map.entry("CATALOG_ENTRIES.allowances", "CatalogEntryObject; in lists with expand=allowances"),
            Map.entry("CATALOG_ENTRIES.dimensions", "CatalogEntryObject"),
            Map.entry("CATALOG_ENTRIES.catalog_unique_key", "the upsert key entries are written with (API guide: POST /catalog/entries)"),
            Map.entry("CATALOG_ENTRIES.size", "written with POST /catalog/entries and a list filter (API guide)"),
            Map.entry("CATALOG_ENTRIES.properties", "written with POST /catalog/entries (API guide)"));

    /** Fields whose record type differs from what the document's type maps to, and why. */
    private static final Map<String, String> TYPED_DIFFERENTLY = Map.of(
            "ACCOUNTS.created_date", "a plain time, YYYY-MM-DD HH:MM:SS, which is UTC (API guide, section 0): TIMESTAMP keeps the instant",
            "ALLOWANCES.start_date", "a day, YYYY-MM-DD (the API's start_date_utc twin is its start): DATE; another shape widens the field to text",
            "ALLOWANCES.end_date", "a day, YYYY-MM-DD (the API's end_date_utc twin is its end): DATE; another shape widens the field to text");

    @Test
    void everyDocumentedFieldOfEveryCollectionIsDeclaredWithALosslessType() throws Exception {
        final OpenApiContract contract = OpenApiContract.load();
        final JsonNode document = contract.document();
        final Map<String, String> problems = new TreeMap<>();
        final Set<String> usedBeyond = new HashSet<>();
        final Set<String> usedTyped = new HashSet<>();
        for (final ApiResource resource : ApiResource.values()) {
            if (resource.schema() == null) {
                // not a collection that is listed into records (the asynchronous batches, followed by id)
                continue;
            }
            final JsonNode answer = contract.resolve(document.path("paths").path("/" + resource.path()).path("get").path("responses").path("200")
                    .path("content").path("application/json").path("schema"));
            assertTrue(answer.isObject(), resource + ": the document has GET /" + resource.path());
            final JsonNode items = contract.resolve(contract.resolve(properties(contract, answer).path(resource.listField())).path("items"));
            assertTrue(items.isObject(), resource + ": the list field '" + resource.listField() + "' is an array of objects");
            compare(contract, resource.name(), items, detail(contract, document, resource), resource.schema(), problems, usedBeyond, usedTyped);
        }
        assertEquals(Map.of(), problems, "record schemas that do not match Ottimate's OpenAPI document");
        assertEquals(DECLARED_BEYOND_THE_DOCUMENT.keySet(), usedBeyond, "allow-list entries no longer needed");
        assertEquals(TYPED_DIFFERENTLY.keySet(), usedTyped, "allow-list entries no longer needed");
    }

    private static JsonNode properties(final OpenApiContract contract, final JsonNode schema) {
        final JsonNode resolved = contract.resolve(schema);
        if (resolved.has("properties")) {
            return resolved.get("properties");
        }
        for (final String combinator : List.of("allOf", "anyOf", "oneOf")) {
            for (final JsonNode part : resolved.path(combinator)) {
                final JsonNode nested = properties(contract, part);
                if (nested.size() > 0) {
                    return nested;
                }
            }
        }
        return resolved.path("properties");
    }

    /**
     * The object of the collection's GET-by-id answer, where the document has one: fields a list shows only on request
     * (a purchase order's lines, with expand=items) are documented there.
     */
    private static JsonNode detail(final OpenApiContract contract, final JsonNode document, final ApiResource resource) {
        final JsonNode answer = contract.resolve(document.path("paths").path("/" + resource.path() + "/{id}").path("get").path("responses")
                .path("200").path("content").path("application/json").path("schema"));
        if (!answer.isObject()) {
            return null;
        }
        return resource.singleField() == null ? answer : contract.resolve(properties(contract, answer).path(resource.singleField()));
    }

    private void compare(final OpenApiContract contract, final String where, final JsonNode documented, final RecordSchema declared,
                         final Map<String, String> problems, final Set<String> usedBeyond, final Set<String> usedTyped) {
        compare(contract, where, documented, null, declared, problems, usedBeyond, usedTyped);
    }

    private void compare(final OpenApiContract contract, final String where, final JsonNode documented, final JsonNode detail,
                         final RecordSchema declared, final Map<String, String> problems, final Set<String> usedBeyond, final Set<String> usedTyped) {
        final JsonNode props = properties(contract, documented);
        props.properties().forEach(entry -> {
            final String path = where + "." + entry.getKey();
            final Optional<RecordField> field = declared.getField(entry.getKey());
            if (field.isEmpty()) {
                problems.put(path, "documented, not declared");
                return;
            }
            check(contract, path, contract.resolve(entry.getValue()), field.get().getDataType(), problems, usedBeyond, usedTyped);
        });
        for (final RecordField field : declared.getFields()) {
            final String path = where + "." + field.getFieldName();
            if (!props.has(field.getFieldName())) {
                if (DECLARED_BEYOND_THE_DOCUMENT.containsKey(path)) {
                    usedBeyond.add(path);
                    nestedBeyond(path, field.getDataType(), usedBeyond, problems);
                } else if (detail != null && properties(contract, detail).has(field.getFieldName())) {
                    // in the detail answer only: held to its type there
                    check(contract, path, contract.resolve(properties(contract, detail).get(field.getFieldName())), field.getDataType(), problems,
                            usedBeyond, usedTyped);
                } else {
                    problems.put(path, "declared, not documented");
                }
            }
        }
    }

    /** A field the document does not name: its nested fields must be listed too. */
    private static void nestedBeyond(final String path, final DataType type, final Set<String> usedBeyond, final Map<String, String> problems) {
        final Optional<RecordSchema> child = childSchema(type);
        child.ifPresent(schema -> schema.getFields().forEach(field -> {
            final String nested = path + "." + field.getFieldName();
            if (DECLARED_BEYOND_THE_DOCUMENT.containsKey(nested)) {
                usedBeyond.add(nested);
            } else {
                problems.put(nested, "declared, not documented");
            }
        }));
    }

    private static Optional<RecordSchema> childSchema(final DataType type) {
        if (type instanceof RecordDataType record) {
            return Optional.of(record.getChildSchema());
        }
        if (type instanceof ArrayDataType array && array.getElementType() instanceof RecordDataType record) {
            return Optional.of(record.getChildSchema());
        }
        return Optional.empty();
    }

    private void check(final OpenApiContract contract, final String path, final JsonNode documented, final DataType declared,
                       final Map<String, String> problems, final Set<String> usedBeyond, final Set<String> usedTyped) {
        final String type = type(contract, documented);
        final Set<RecordFieldType> lossless = switch (type) {
            case "integer" -> Set.of(RecordFieldType.LONG);
            case "number" -> Set.of(RecordFieldType.DECIMAL);
            case "boolean" -> Set.of(RecordFieldType.BOOLEAN);
            case "string" -> switch (documented.path("format").asText()) {
                case "date" -> Set.of(RecordFieldType.DATE);
                case "date-time" -> Set.of(RecordFieldType.TIMESTAMP);
                // decimal strings (catalog prices, allowances): DECIMAL keeps the value and its scale
                case "decimal" -> Set.of(RecordFieldType.DECIMAL);
                default -> documented.path("description").asText().contains("decimal string")
                        ? Set.of(RecordFieldType.DECIMAL) : Set.of(RecordFieldType.STRING);
            };
            case "object" -> Set.of(RecordFieldType.RECORD);
            case "array" -> Set.of(RecordFieldType.ARRAY);
            // no type in the document (any JSON): the readers infer it; a declared type is a claim the document does not make
            default -> Set.of();
        };
        if (!lossless.contains(declared.getFieldType())) {
            if (TYPED_DIFFERENTLY.containsKey(path)) {
                usedTyped.add(path);
            } else {
                problems.put(path, "documented " + type + (documented.has("format") ? " (" + documented.get("format").asText() + ")" : "")
                        + ", declared " + declared);
            }
            return;
        }
        if (type.equals("object") && declared instanceof RecordDataType record && properties(contract, documented).size() > 0) {
            compare(contract, path, documented, record.getChildSchema(), problems, usedBeyond, usedTyped);
        }
        if (type.equals("array") && declared instanceof ArrayDataType array) {
            final JsonNode items = contract.resolve(documented.path("items"));
            if (array.getElementType() instanceof RecordDataType element && items.isObject() && type(contract, items).equals("object")) {
                if (properties(contract, items).size() > 0) {
                    compare(contract, path, items, element.getChildSchema(), problems, usedBeyond, usedTyped);
                }
            } else if (items.isObject() && !items.isEmpty()) {
                check(contract, path + "[]", items, array.getElementType(), problems, usedBeyond, usedTyped);
            }
        }
    }

    /** The document's type of a schema, the non-null one where it allows null. */
    private static String type(final OpenApiContract contract, final JsonNode schema) {
        final JsonNode resolved = contract.resolve(schema);
        final JsonNode type = resolved.path("type");
        if (type.isTextual()) {
            return type.asText();
        }
        if (type.isArray()) {
            for (final JsonNode t : type) {
                if (!t.asText().equals("null")) {
                    return t.asText();
                }
            }
        }
        for (final String combinator : List.of("anyOf", "oneOf", "allOf")) {
            final List<String> types = new ArrayList<>();
            for (final JsonNode part : resolved.path(combinator)) {
                final String t = type(contract, part);
                if (!t.equals("null") && !t.isEmpty()) {
                    types.add(t);
                }
            }
            if (types.size() == 1) {
                return types.getFirst();
            }
        }
        if (resolved.has("properties")) {
            return "object";
        }
        return resolved.has("enum") ? "string" : "";
    }
}
