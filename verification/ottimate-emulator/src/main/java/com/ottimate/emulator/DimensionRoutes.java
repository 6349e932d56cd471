/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Dimensions: list, get, create, bulk upsert (keyed on company + reference_id). */
final class DimensionRoutes {
    private static final Set<String> FIELDS = Set.of("version", "ottimate_company_id", "erp_type", "ottimate_type", "name", "code",
            "reference_id", "erp_dimension_id");
    private static final Set<String> TYPES = Set.of("account", "location", "department", "class", "project", "customer", "entity", "item",
            "warehouse", "task", "costtype", "employee", "taxcode", "property", "company", "subsidiary");

    private final InMemoryStore.Collection dimensions;
    private final Map<String, String> byReference = new ConcurrentHashMap<>();

    private final Batches async;

    /** @param async batches for ASYNC_MASTER_DATA_BULK, or null */
    DimensionRoutes(final InMemoryStore store, final Batches async) {
        this.dimensions = store.dimensions();
        this.async = async;
    }

    void register(final Router router) {
        router.add("GET", "/dimensions", (request, params) -> list(request));
        router.add("POST", "/dimensions", (request, params) -> create(request));
        router.add("GET", "/dimensions/{id}", (request, params) -> get(params.get("id")));
        router.add("POST", "/dimensions/bulk", (request, params) -> bulk(request));
        router.add("POST", "/dimensions/bulk-create", (request, params) -> bulk(request));
    }

    private static Validation validate(final ObjectNode body) {
        return new Validation(body).onlyFields(FIELDS).requireInteger("ottimate_company_id").requireString("erp_type")
                .requireString("ottimate_type").requireString("name").requireString("code").requireString("reference_id")
                .requireString("erp_dimension_id").oneOf("ottimate_type", TYPES);
    }

    private ApiResponse list(final ApiRequest request) {
        final Page page;
        try {
            page = Page.from(request, 20, 100);
        } catch (final Page.InvalidPage e) {
            return ApiResponse.error(400, "bad_request", e.getMessage());
        }
        final Optional<String> company = request.queryParam("ottimate_company_id");
        final Optional<String> erpType = request.queryParam("erp_type");
        final List<ObjectNode> matching = dimensions.listed().stream()
                .filter(d -> company.isEmpty() || company.get().equals(d.path("ottimate_company_id").asText()))
                .filter(d -> erpType.isEmpty() || erpType.get().equals(d.path("erp_type").asText()))
                .toList();
        final ObjectNode body = Json.object();
        body.put("version", "1.0.0");
        body.put("count", matching.size());
        body.put("page", page.page());
        body.put("limit", page.limit());
        final ArrayNode list = body.putArray("dimensions");
        page.slice(matching).forEach(list::add);
        return ApiResponse.json(200, body);
    }

    private ApiResponse create(final ApiRequest request) throws JsonBodies.MalformedJson {
        final Optional<ObjectNode> body = JsonBodies.object(request);
        if (body.isEmpty()) {
            return JsonBodies.notAnObject();
        }
        final Validation validation = validate(body.get());
        if (!validation.ok()) {
            return validation.toResponse();
        }
        final ObjectNode stored = store(body.get());
        final ObjectNode response = stored.deepCopy();
        response.put("version", "1.0.0");
        return ApiResponse.json(201, response);
    }

    private ApiResponse bulk(final ApiRequest request) throws JsonBodies.MalformedJson {
        return BulkUpsert.handle(request, "dimensions", "reference_id", item -> {
            final Validation validation = validate(item);
            return validation.ok() ? Optional.empty() : Optional.of(validation.toResponse().bodyText());
        }, key -> Optional.ofNullable(byReference.get(key)).flatMap(dimensions::get), this::store, pair -> {
            final ObjectNode merged = pair[0].deepCopy();
            merged.setAll(pair[1]);
            merged.remove("version");
            dimensions.put(merged.get("id").asText(), merged);
            return merged;
        }, async);
    }

    private ObjectNode store(final ObjectNode body) {
        final ObjectNode dimension = body.deepCopy();
        dimension.remove("version");
        final String id = "dim_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        dimension.put("id", id);
        dimensions.put(id, dimension);
        byReference.put(dimension.get("ottimate_company_id").asText() + "|" + dimension.get("reference_id").asText(), id);
        return dimension;
    }

    private ApiResponse get(final String id) {
        return dimensions.get(id).map(d -> {
            final ObjectNode body = Json.object();
            body.put("version", "1.0.0");
            body.set("dimension", d);
            return ApiResponse.json(200, body);
        }).orElseGet(() -> ApiResponse.error(404, "not_found", "Dimension " + id + " does not exist"));
    }
}
