/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Purchase orders and receipts (Beta): create (an upsert when {@code external_id} is given), list, get, and the
 * asynchronous bulk upsert (202 + batch, at most 100 objects and 1,000 lines). One instance per resource.
 */
final class ProcurementRoutes {
    /** The longest date window a list with expand=items takes (the document: both dates, at most 30 days). */
    static final int MAX_WINDOW_DAYS = 30;
    /** The most objects, and lines among them, one bulk call takes. */
    static final int MAX_BULK = 100;
    static final int MAX_BULK_LINES = 1000;
    private final String path;
    private final String listField;
    private final String singleField;
    private final List<String> required;
    private final InMemoryStore.Collection objects;
    private final Batches batches;
    /** STRICT_FIELDS: the fields an object may be written with, null to take any. */
    private final Set<String> known;
    private final Map<String, String> byExternalId = new ConcurrentHashMap<>();
    private final Clock clock;

    private ProcurementRoutes(final String path, final String listField, final String singleField, final List<String> required,
                              final InMemoryStore.Collection objects, final Batches batches, final Set<String> known, final Clock clock) {
        this.path = path;
        this.listField = listField;
        this.singleField = singleField;
        this.required = required;
        this.objects = objects;
        this.batches = batches;
        this.known = known;
        this.clock = clock;
    }

    static ProcurementRoutes purchaseOrders(final InMemoryStore store, final Batches batches, final boolean strict, final Clock clock) {
        return new ProcurementRoutes("/purchase-orders", "purchase_orders", "purchase_order",
                List.of("ottimate_location_id", "po_number", "erp_vendor_id", "date", "total_amount", "items"), store.purchaseOrders(), batches,
                strict ? Set.of("custom_fields", "date", "erp_vendor_id", "erp_vendor_name", "external_id", "freight", "invoice_number_ref", "is_2_way",
                        "items", "miscellaneous_charges", "ottimate_location_id", "po_number", "tax", "total_amount") : null, clock);
    }

    static ProcurementRoutes receipts(final InMemoryStore store, final Batches batches, final boolean strict, final Clock clock) {
        return new ProcurementRoutes("/receipts", "receipts", "receipt", List.of("receipt_number", "date", "total_amount", "items"),
                store.receipts(), batches, strict ? Set.of("date", "erp_vendor_id", "external_id", "invoice_number_ref", "items", "note",
                        "ottimate_location_id", "ottimate_po_id", "po_external_id", "po_number", "receipt_number", "total_amount") : null, clock);
    }

    void register(final Router router) {
        router.add("GET", path, (request, params) -> list(request));
        router.add("POST", path, (request, params) -> create(request));
        router.add("GET", path + "/{id}", (request, params) -> get(params.get("id")));
        router.add("POST", path + "/bulk", (request, params) -> bulk(request));
        router.add("POST", path + "/bulk-upsert", (request, params) -> bulk(request));
    }

    private Optional<String> problem(final JsonNode body) {
        if (!body.isObject()) {
            return Optional.of("Expected an object");
        }
        if (known != null) {
            for (final Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
                final String name = names.next();
                if (!known.contains(name)) {
                    return Optional.of(name + ": Unrecognised field.");
                }
            }
        }
        for (final String field : required) {
            if (!body.hasNonNull(field) || body.get(field).isTextual() && body.get(field).asText().isBlank()) {
                return Optional.of(field + ": This field is required.");
            }
        }
        if (!body.get("items").isArray() || body.get("items").isEmpty()) {
            return Optional.of("items: At least one line is required.");
        }
        return Optional.empty();
    }

    /** Test data: stored as a create would store it, without validation; answers the id. */
    String seed(final ObjectNode body) {
        return upsert(body).get("id").asText();
    }

    private ObjectNode upsert(final ObjectNode body) {
        final String externalId = body.path("external_id").asText("");
        final String id = externalId.isEmpty() ? UUID.randomUUID().toString()
                : byExternalId.computeIfAbsent(externalId, k -> UUID.randomUUID().toString());
        final ObjectNode stored = objects.get(id).map(ObjectNode::deepCopy).orElseGet(Json::object);
        final boolean created = stored.isEmpty();
        stored.setAll(body);
        stored.put("id", id);
        stored.put("status", stored.path("status").asText("open"));
        if (!stored.hasNonNull("ottimate_company_id")) {
            // the emulator's account has one company: every location, and so every order and receipt, is its
            stored.put("ottimate_company_id", AccountRoutes.COMPANY_ID);
        }
        if (created) {
            Timestamps.put(stored, "created_date", clock.instant());
        }
        Timestamps.put(stored, "last_modified_date", clock.instant());
        stored.path("items").forEach(item -> {
            if (item instanceof ObjectNode line && !line.hasNonNull("id")) {
                line.put("id", UUID.randomUUID().toString());
            }
        });
        objects.put(id, stored);
        return stored;
    }

    private ApiResponse create(final ApiRequest request) throws JsonBodies.MalformedJson {
        final Optional<ObjectNode> body = JsonBodies.object(request);
        if (body.isEmpty()) {
            return JsonBodies.notAnObject();
        }
        final Optional<String> problem = problem(body.get());
        return problem.map(p -> ApiResponse.error(400, "validation_error", p)).orElseGet(() -> ApiResponse.json(201, upsert(body.get())));
    }

    private ApiResponse list(final ApiRequest request) {
        final Page page;
        try {
            page = Page.from(request, 20, 100);
        } catch (final Page.InvalidPage e) {
            return ApiResponse.error(400, "bad_request", e.getMessage());
        }
        final Optional<String> from = request.queryParam("date_from");
        final Optional<String> to = request.queryParam("date_to");
        final LocalDate first;
        final LocalDate last;
        try {
            first = from.map(LocalDate::parse).orElse(null);
            last = to.map(LocalDate::parse).orElse(null);
        } catch (final DateTimeParseException e) {
            return ApiResponse.error(400, "validation_error", Map.of("date_from", "Dates are YYYY-MM-DD."));
        }
        final boolean withItems = request.queryParam("expand").map(e -> List.of(e.split(",")).contains("items")).orElse(false);
        // the document: with expand=items, date_from and date_to must both be given and lie within 30 days
        if (withItems && (first == null || last == null)) {
            return ApiResponse.error(400, "validation_error", Map.of("date_from", "expand=items needs date_from and date_to."));
        }
        if (withItems && (first.isAfter(last) || ChronoUnit.DAYS.between(first, last) > MAX_WINDOW_DAYS)) {
            return ApiResponse.error(400, "validation_error", Map.of("date_to", "With expand=items the window is at most " + MAX_WINDOW_DAYS + " days."));
        }
        // the documented list filters that match a field exactly
        final List<ObjectNode> all = objects.listed().stream().filter(o -> List.of("external_id", "po_number", "receipt_number", "erp_vendor_id",
                "ottimate_location_id", "ottimate_company_id", "ottimate_po_id", "status").stream()
                        .allMatch(name -> request.queryParam(name).map(v -> v.equals(o.path(name).asText())).orElse(true)))
                .filter(o -> inWindow(o.path("date").asText(""), first, last))
                .map(o -> withItems ? o : listed(o))
                .toList();
        final ObjectNode body = Json.object();
        body.put("version", "1.0.0");
        body.put("count", all.size());
        body.put("page", page.page());
        body.put("limit", page.limit());
        final ArrayNode list = body.putArray(listField);
        page.slice(all).forEach(list::add);
        return ApiResponse.json(200, body);
    }

    /** On or after {@code first} and on or before {@code last}; a null end is open. */
    private static boolean inWindow(final String date, final LocalDate first, final LocalDate last) {
        if (first == null && last == null) {
            return true;
        }
        try {
            final LocalDate day = LocalDate.parse(date.length() > 10 ? date.substring(0, 10) : date);
            return (first == null || !day.isBefore(first)) && (last == null || !day.isAfter(last));
        } catch (final DateTimeParseException e) {
            return false;
        }
    }

    /** As a list shows it without expand=items: the header only. */
    private static ObjectNode listed(final ObjectNode object) {
        final ObjectNode header = object.deepCopy();
        header.remove("items");
        return header;
    }

    private ApiResponse get(final String id) {
        return objects.get(id).map(o -> {
            final ObjectNode body = Json.object();
            body.put("version", "1.0.0");
            body.set(singleField, o);
            return ApiResponse.json(200, body);
        }).orElseGet(() -> ApiResponse.error(404, "not_found", singleField + " " + id + " does not exist"));
    }

    private ApiResponse bulk(final ApiRequest request) throws JsonBodies.MalformedJson {
        final Optional<ObjectNode> body = JsonBodies.object(request);
        if (body.isEmpty() || !body.get().path(listField).isArray()) {
            return ApiResponse.error(400, "validation_error", Map.of(listField, "Expected a list."));
        }
        final JsonNode company = body.get().get("ottimate_company_id");
        if (company == null || !company.isIntegralNumber()) {
            return ApiResponse.error(400, "validation_error", Map.of("ottimate_company_id", "A valid integer is required."));
        }
        final JsonNode items = body.get().get(listField);
        if (items.isEmpty() || items.size() > MAX_BULK) {
            return ApiResponse.error(400, "validation_error", Map.of(listField, "Send between 1 and " + MAX_BULK + "."));
        }
        int lines = 0;
        for (final JsonNode item : items) {
            lines += item.path("items").size();
        }
        if (lines > MAX_BULK_LINES) {
            return ApiResponse.error(400, "validation_error", Map.of(listField, lines + " lines; a bulk call takes at most " + MAX_BULK_LINES + "."));
        }
        final List<JsonNode> tasks = new ArrayList<>();
        for (final JsonNode item : items) {
            final ObjectNode task = item.isObject() ? ((ObjectNode) item).deepCopy() : Json.object();
            if (body.get().has("ottimate_location_id") && !task.has("ottimate_location_id")) {
                task.set("ottimate_location_id", body.get().get("ottimate_location_id"));
            }
            tasks.add(item.isObject() ? task : item);
        }
        return ApiResponse.json(202, batches.submit("/v1", tasks, task -> problem(task)
                .map(Batches.TaskResult::failed)
                .orElseGet(() -> Batches.TaskResult.ok(upsert((ObjectNode) task)))));
    }
}
