/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The synchronous bulk upsert of vendors and dimensions: {@code {ottimate_company_id, <items>[]}} with at most
 * 100 items, each validated on its own; 201 when all succeed, 207 when some failed, with per-index errors.
 */
final class BulkUpsert {
    static final int MAX_ITEMS = 100;

    /** Validates one item; empty when it is fine, else the error message. */
    interface ItemCheck {
        Optional<String> check(ObjectNode item);
    }

    private BulkUpsert() {
    }

    /**
     * @param async the batches to submit to (ASYNC_MASTER_DATA_BULK: 202 and a batch, each item a task), or null to answer
     *              at once (201/207)
     */
    static ApiResponse handle(final ApiRequest request, final String itemsField, final String keyField, final ItemCheck check,
                              final Function<String, Optional<ObjectNode>> findByKey, final Function<ObjectNode, ObjectNode> create,
                              final Function<ObjectNode[], ObjectNode> update, final Batches async) throws JsonBodies.MalformedJson {
        final Optional<ObjectNode> body = JsonBodies.object(request);
        if (body.isEmpty()) {
            return JsonBodies.notAnObject();
        }
        final JsonNode company = body.get().get("ottimate_company_id");
        if (company == null || !company.canConvertToLong() || !company.isIntegralNumber()) {
            return ApiResponse.error(400, "validation_error", Map.of("ottimate_company_id", "A valid integer is required."));
        }
        final JsonNode items = body.get().get(itemsField);
        if (items == null || !items.isArray() || items.isEmpty() || items.size() > MAX_ITEMS) {
            return ApiResponse.error(400, "validation_error", Map.of(itemsField, "Send between 1 and " + MAX_ITEMS + " items."));
        }
        if (async != null) {
            final List<JsonNode> tasks = new ArrayList<>();
            items.forEach(item -> {
                if (item instanceof ObjectNode object) {
                    object.set("ottimate_company_id", company);
                }
                tasks.add(item);
            });
            return ApiResponse.json(202, async.submit("/v1", tasks, raw -> {
                if (!(raw instanceof ObjectNode item)) {
                    return Batches.TaskResult.failed("Expected an object");
                }
                final Optional<String> problem = check.check(item);
                if (problem.isPresent()) {
                    return Batches.TaskResult.failed(problem.get());
                }
                final Optional<ObjectNode> existing = findByKey.apply(company.asText() + "|" + item.get(keyField).asText());
                return Batches.TaskResult.ok(existing.isPresent() ? update.apply(new ObjectNode[]{existing.get(), item}) : create.apply(item));
            }));
        }
        final ObjectNode response = Json.object();
        final ArrayNode created = Json.MAPPER.createArrayNode();
        final ArrayNode updated = Json.MAPPER.createArrayNode();
        final ArrayNode errors = Json.MAPPER.createArrayNode();
        for (int i = 0; i < items.size(); i++) {
            final JsonNode raw = items.get(i);
            final ObjectNode error = Json.object();
            error.put("index", i);
            if (!(raw instanceof ObjectNode item)) {
                error.put("error", "Expected an object");
                error.put("type", "validation_error");
                errors.add(error);
                continue;
            }
            error.set(keyField, item.get(keyField));
            item.set("ottimate_company_id", company);
            final Optional<String> problem = check.check(item);
            if (problem.isPresent()) {
                error.put("error", problem.get());
                error.put("type", "validation_error");
                errors.add(error);
                continue;
            }
            final Optional<ObjectNode> existing = findByKey.apply(company.asText() + "|" + item.get(keyField).asText());
            if (existing.isPresent()) {
                updated.add(update.apply(new ObjectNode[]{existing.get(), item}));
            } else {
                created.add(create.apply(item));
            }
        }
        response.put("success_count", created.size() + updated.size());
        response.put("created_count", created.size());
        response.put("updated_count", updated.size());
        response.put("error_count", errors.size());
        response.set("created", created);
        response.set("updated", updated);
        response.set("errors", errors);
        return ApiResponse.json(errors.isEmpty() ? 201 : 207, response);
    }
}
