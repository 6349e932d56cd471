/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
 * asynchronous bulk upsert (202 + batch, at most 100 objects). One instance per resource.
 */
final class ProcurementRoutes {
    private final String path;
    private final String listField;
    private final String singleField;
    private final List<String> required;
    private final InMemoryStore.Collection objects;
    private final Batches batches;
    /** STRICT_FIELDS: the fields an object may be written with, null to take any. */
    private final Set<String> known;
    private final Map<String, String> byExternalId = new ConcurrentHashMap<>();

    private ProcurementRoutes(final String path, final String listField, final String singleField, final List<String> required,
                              final InMemoryStore.Collection objects, final Batches batches, final Set<String> known) {
        this.path = path;
        this.listField = listField;
        this.singleField = singleField;
        this.required = required;
        this.objects = objects;
        this.batches = batches;
        this.known = known;
    }

    static ProcurementRoutes purchaseOrders(final InMemoryStore store, final Batches batches, final boolean strict) {
        return new ProcurementRoutes("/purchase-orders", "purchase_orders", "purchase_order",
                List.of("ottimate_location_id", "po_number", "erp_vendor_id", "date", "total_amount", "items"), store.purchaseOrders(), batches,
                strict ? Set.of("custom_fields", "date", "erp_vendor_id", "erp_vendor_name", "external_id", "freight", "invoice_number_ref", "is_2_way",
                        "items", "miscellaneous_charges", "ottimate_location_id", "po_number", "tax", "total_amount") : null);
    }

    static ProcurementRoutes receipts(final InMemoryStore store, final Batches batches, final boolean strict) {
        return new ProcurementRoutes("/receipts", "receipts", "receipt", List.of("receipt_number", "date", "total_amount", "items"),
                store.receipts(), batches, strict ? Set.of("date", "erp_vendor_id", "external_id", "invoice_number_ref", "items", "note",
                        "ottimate_location_id", "ottimate_po_id", "po_external_id", "po_number", "receipt_number", "total_amount") : null);
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
            if (!body.hasNonNull(field)) {
                return Optional.of(field + ": This field is required.");
            }
        }
        if (!body.get("items").isArray() || body.get("items").isEmpty()) {
            return Optional.of("items: At least one line is required.");
        }
        return Optional.empty();
    }

    private ObjectNode upsert(final ObjectNode body) {
        final String externalId = body.path("external_id").asText("");
        final String id = externalId.isEmpty() ? UUID.randomUUID().toString()
                : byExternalId.computeIfAbsent(externalId, k -> UUID.randomUUID().toString());
        final ObjectNode stored = objects.get(id).map(ObjectNode::deepCopy).orElseGet(Json::object);
        stored.setAll(body);
        stored.put("id", id);
        stored.put("status", stored.path("status").asText("open"));
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
        // the documented list filters that match a field exactly
        final List<ObjectNode> all = objects.listed().stream().filter(o -> List.of("external_id", "po_number", "receipt_number", "erp_vendor_id",
                "ottimate_location_id").stream().allMatch(name -> request.queryParam(name).map(v -> v.equals(o.path(name).asText())).orElse(true)))
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
        final JsonNode items = body.get().get(listField);
        if (items.isEmpty() || items.size() > 100) {
            return ApiResponse.error(400, "validation_error", Map.of(listField, "Send between 1 and 100."));
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
