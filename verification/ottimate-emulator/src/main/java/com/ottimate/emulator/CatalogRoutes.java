/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Catalog: entries and allowances (create, get, patch, list, asynchronous bulk of at most 1,000), prices (create-only,
 * list by entry, asynchronous bulk), variances and
 * the invoice items behind a variance. Entries upsert on {@code catalog_unique_key}, or on vendor + name + size +
 * uom + upc when no key is given.
 */
final class CatalogRoutes {
    static final int MAX_BULK = 1000;
    private static final Set<String> ALLOWANCE_TYPES = Set.of("allowance", "discount", "rebate");

    /** What an entry or allowance may be written with (STRICT_FIELDS refuses anything else). */
    private static final Set<String> ENTRY_FIELDS = Set.of("ottimate_company_id", "erp_vendor_id", "erp_vendor_name", "item_name", "description",
            "prices", "allowances", "sku", "upc", "size", "pack_size", "buying_format", "uom", "price", "unit_price", "is_split_case",
            "catalog_unique_key", "reference_id", "dimensions", "properties");
    private static final Set<String> ALLOWANCE_FIELDS = Set.of("ottimate_company_id", "catalog_entry_id", "allowance_type", "amount",
            "unit_allowance", "target", "ottimate_location_id", "ottimate_group_id", "start_date", "end_date", "reference_id");
    private static final Set<String> PRICE_FIELDS = Set.of("ottimate_company_id", "catalog_entry_id", "price", "unit_price", "price_type",
            "start_date", "end_date", "ottimate_location_id", "ottimate_group_id", "reference_id", "data");
    private static final Map<String, Integer> PRICE_TYPES = Map.of("company", 10, "location_group", 15, "location", 20);

    private final InMemoryStore.Collection entries;
    private final InMemoryStore.Collection allowances;
    private final InMemoryStore.Collection prices;
    private final boolean strict;
    /** CATALOG_CREATES_INSERT: a single create without catalog_unique_key is never an upsert. */
    private final boolean createsInsert;
    private final Map<String, String> entryKeys = new ConcurrentHashMap<>();
    private final Map<String, List<ObjectNode>> varianceItems = new ConcurrentHashMap<>();
    private final AtomicInteger allowanceIds = new AtomicInteger(5000);
    private final AtomicInteger priceIds = new AtomicInteger(8000);
    private final Batches batches;
    private final Clock clock;
    /** Sends bulk answers synchronously (201/207), as the deprecated bulk API did. */
    private volatile boolean synchronousBulk;

    CatalogRoutes(final Batches batches, final InMemoryStore store, final boolean strict, final boolean createsInsert, final Clock clock) {
        this.batches = batches;
        this.clock = clock;
        this.createsInsert = createsInsert;
        this.entries = store.newCollection();
        this.allowances = store.newCollection();
        this.prices = store.newCollection();
        this.strict = strict;
    }

    InMemoryStore.Collection entries() {
        return entries;
    }

    InMemoryStore.Collection allowances() {
        return allowances;
    }

    InMemoryStore.Collection prices() {
        return prices;
    }

    void setSynchronousBulk(final boolean synchronous) {
        this.synchronousBulk = synchronous;
    }

    /** Test data: a variance for an entry with invoice lines behind it. */
    void seedVariance(final String entryId, final int lines) {
        final List<ObjectNode> items = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            final ObjectNode item = Json.object();
            item.put("id", 7000 + i);
            item.put("invoice_id", 900 + i);
            item.put("item_name", entries.get(entryId).map(e -> e.path("item_name").asText()).orElse("item"));
            item.put("price", 12.50);
            item.put("quantity", 2);
            item.put("invoice_date", "2026-11-0" + (1 + i % 9));
            item.put("price_variance", 0.75);
            item.put("effective_price", 11.75);
            items.add(item);
        }
        varianceItems.put(entryId, items);
    }

    void register(final Router router) {
        router.add("GET", "/catalog/entries", (request, params) -> list(request, entries, e -> true, "ottimate_company_id"));
        router.add("POST", "/catalog/entries", (request, params) -> createOne(request, true));
        router.add("GET", "/catalog/entries/{id}", (request, params) -> get(entries, params.get("id"), "Catalog entry"));
        router.add("PATCH", "/catalog/entries/{id}", (request, params) -> patch(request, entries, params.get("id"), true));
        router.add("POST", "/catalog/entries/bulk", (request, params) -> bulk(request, "entries", true));
        router.add("GET", "/catalog/allowances", (request, params) -> list(request, allowances, a -> true, "ottimate_company_id"));
        router.add("POST", "/catalog/allowances", (request, params) -> createOne(request, false));
        router.add("PATCH", "/catalog/allowances/{id}", (request, params) -> patch(request, allowances, params.get("id"), false));
        router.add("POST", "/catalog/allowances/bulk", (request, params) -> bulk(request, "allowances", false));
        router.add("GET", "/catalog/prices", (request, params) -> list(request, prices, p -> request.queryParam("catalog_entry_id")
                .map(entry -> entry.equals(p.path("catalog_entry_id").asText())).orElse(true), "ottimate_company_id"));
        router.add("POST", "/catalog/prices", (request, params) -> createPrice(request));
        router.add("POST", "/catalog/prices/bulk", (request, params) -> bulk(request, "prices", this::checkPrice, this::storePrice));
        router.add("GET", "/catalog/variances", (request, params) -> variances(request));
        router.add("GET", "/catalog/variances/{id}/invoice-items", (request, params) -> varianceItems(request, params.get("id")));
    }

    private Optional<String> checkEntry(final ObjectNode entry) {
        final Validation validation = new Validation(entry);
        if (strict) {
            validation.onlyFields(ENTRY_FIELDS);
        }
        validation.requireInteger("ottimate_company_id").requireString("erp_vendor_id")
                .requireString("item_name").string("sku").string("upc").string("uom").string("size").string("catalog_unique_key");
        for (final String decimal : List.of("price", "unit_price")) {
            final JsonNode value = entry.get(decimal);
            if (value != null && !value.isNull() && !(value.isTextual() && value.asText().matches("-?\\d+(\\.\\d+)?") || value.isNumber())) {
                validation.error(decimal, "A valid decimal string is required.");
            }
        }
        return validation.ok() ? Optional.empty() : Optional.of(validation.toResponse().bodyText());
    }

    private Optional<String> checkAllowance(final ObjectNode allowance) {
        final Validation validation = new Validation(allowance);
        if (strict) {
            validation.onlyFields(ALLOWANCE_FIELDS);
        }
        validation.requireInteger("ottimate_company_id").number("amount").number("unit_allowance")
                .oneOf("allowance_type", ALLOWANCE_TYPES).date("start_date").date("end_date");
        final JsonNode entry = allowance.get("catalog_entry_id");
        if (entry == null || entry.isNull() || entries.get(entry.asText()).isEmpty()) {
            validation.error("catalog_entry_id", "Catalog entry does not exist.");
        }
        if (!allowance.hasNonNull("amount")) {
            validation.error("amount", "This field is required.");
        }
        return validation.ok() ? Optional.empty() : Optional.of(validation.toResponse().bodyText());
    }

    /** A price of an existing entry for the company, a location group or a location from a date: create-only, no key. */
    private Optional<String> checkPrice(final ObjectNode price) {
        final Validation validation = new Validation(price);
        if (strict) {
            validation.onlyFields(PRICE_FIELDS);
        }
        validation.requireInteger("ottimate_company_id").oneOf("price_type", PRICE_TYPES.keySet()).integer("ottimate_location_id");
        final JsonNode entry = price.get("catalog_entry_id");
        if (entry == null || entry.isNull() || entries.get(entry.asText()).isEmpty()) {
            validation.error("catalog_entry_id", "Catalog entry does not exist.");
        }
        final JsonNode value = price.get("price");
        if (value == null || value.isNull() || !(value.isNumber() || value.isTextual() && value.asText().matches("-?\\d+(\\.\\d+)?"))) {
            validation.error("price", "A valid decimal string is required.");
        }
        return validation.ok() ? Optional.empty() : Optional.of(validation.toResponse().bodyText());
    }

    private ObjectNode storePrice(final ObjectNode body) {
        final ObjectNode stored = body.deepCopy();
        final String id = "prc_" + priceIds.incrementAndGet();
        stored.put("id", id);
        // answered as a code and a name: 10 company, 15 location group, 20 location
        final String type = stored.path("price_type").asText("company");
        stored.put("price_type", PRICE_TYPES.getOrDefault(type, 10));
        stored.put("price_type_display", PRICE_TYPES.containsKey(type) ? type : "company");
        // prices are decimal strings in answers
        stored.put("price", new BigDecimal(stored.get("price").asText()).toPlainString());
        Timestamps.put(stored, "created_date", clock.instant());
        prices.put(id, stored);
        return stored;
    }

    private ApiResponse createPrice(final ApiRequest request) throws JsonBodies.MalformedJson {
        final Optional<ObjectNode> body = JsonBodies.object(request);
        if (body.isEmpty()) {
            return JsonBodies.notAnObject();
        }
        final Optional<String> problem = checkPrice(body.get());
        return problem.map(p -> ApiResponse.error(400, "validation_error", p)).orElseGet(() -> ApiResponse.json(201, storePrice(body.get())));
    }

    private ObjectNode upsertEntry(final ObjectNode body) {
        final String key = body.path("ottimate_company_id").asText() + "|" + (body.hasNonNull("catalog_unique_key") ? body.get("catalog_unique_key").asText()
                : String.join("|", body.path("erp_vendor_id").asText(), body.path("item_name").asText(), body.path("size").asText(),
                body.path("uom").asText(), body.path("upc").asText()));
        return storeEntry(entryKeys.computeIfAbsent(key, k -> newEntryId()), body);
    }

    private ObjectNode insertEntry(final ObjectNode body) {
        return storeEntry(newEntryId(), body);
    }

    private static String newEntryId() {
        return "cte_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    private ObjectNode storeEntry(final String id, final ObjectNode body) {
        final ObjectNode stored = entries.get(id).map(ObjectNode::deepCopy).orElseGet(Json::object);
        stored.setAll(body);
        stored.put("id", id);
        for (final String list : List.of("prices", "allowances")) {
            if (!stored.path(list).isArray()) {
                stored.putArray(list);
            }
        }
        // the API answers catalog prices as decimal strings, whatever number the request carried
        for (final String price : List.of("price", "unit_price", "last_purchased_price")) {
            if (stored.hasNonNull(price)) {
                // a TextNode's decimalValue() is 0: read the text itself
                stored.put(price, new BigDecimal(stored.get(price).asText()).toPlainString());
            }
        }
        entries.put(id, stored);
        return stored;
    }

    private ObjectNode storeAllowance(final ObjectNode body) {
        final ObjectNode stored = body.deepCopy();
        final String id = Integer.toString(allowanceIds.incrementAndGet());
        stored.put("id", id);
        stored.put("allowance_type", stored.path("allowance_type").asText("allowance"));
        // targets are codes: 10 company, 15 location group, 20 location
        stored.put("target", stored.path("target").asInt(10));
        for (final String amount : List.of("amount", "unit_allowance")) {
            if (stored.hasNonNull(amount) && stored.get(amount).isNumber()) {
                stored.put(amount, stored.get(amount).decimalValue().toPlainString());
            }
        }
        allowances.put(id, stored);
        return stored;
    }

    private static ObjectNode normalizeAllowance(final ObjectNode allowance) {
        for (final String amount : List.of("amount", "unit_allowance")) {
            if (allowance.hasNonNull(amount) && allowance.get(amount).isNumber()) {
                allowance.put(amount, allowance.get(amount).decimalValue().toPlainString());
            }
        }
        return allowance;
    }

    private ApiResponse createOne(final ApiRequest request, final boolean entry) throws JsonBodies.MalformedJson {
        final Optional<ObjectNode> body = JsonBodies.object(request);
        if (body.isEmpty()) {
            return JsonBodies.notAnObject();
        }
        final Optional<String> problem = entry ? checkEntry(body.get()) : checkAllowance(body.get());
        if (problem.isPresent()) {
            return ApiResponse.error(400, "validation_error", problem.get());
        }
        final ObjectNode created = !entry ? storeAllowance(body.get())
                : createsInsert && !body.get().hasNonNull("catalog_unique_key") ? insertEntry(body.get()) : upsertEntry(body.get());
        final ObjectNode response = created.deepCopy();
        response.putArray("warnings");
        return ApiResponse.json(201, response);
    }

    private ApiResponse patch(final ApiRequest request, final InMemoryStore.Collection collection, final String id, final boolean entry)
            throws JsonBodies.MalformedJson {
        final Optional<ObjectNode> existing = collection.get(id);
        if (existing.isEmpty()) {
            return ApiResponse.error(404, "not_found", (entry ? "Catalog entry " : "Allowance ") + id + " does not exist");
        }
        final Optional<ObjectNode> body = JsonBodies.object(request);
        if (body.isEmpty()) {
            return JsonBodies.notAnObject();
        }
        final ObjectNode merged = existing.get().deepCopy();
        merged.setAll(body.get());
        merged.set("id", existing.get().get("id"));
        final ObjectNode stored = entry ? upsertEntry(merged) : normalizeAllowance(merged);
        collection.put(id, stored);
        return ApiResponse.json(200, stored);
    }

    private ApiResponse bulk(final ApiRequest request, final String field, final boolean entry) throws JsonBodies.MalformedJson {
        return bulk(request, field, entry ? this::checkEntry : this::checkAllowance, entry ? this::upsertEntry : this::storeAllowance);
    }

    /** An asynchronous bulk write (or a synchronous one, see setSynchronousBulk): each item checked, then stored. */
    private ApiResponse bulk(final ApiRequest request, final String field, final Function<ObjectNode, Optional<String>> check,
                             final Function<ObjectNode, ObjectNode> store) throws JsonBodies.MalformedJson {
        final Optional<ObjectNode> body = JsonBodies.object(request);
        if (body.isEmpty()) {
            return JsonBodies.notAnObject();
        }
        final JsonNode company = body.get().get("ottimate_company_id");
        final JsonNode items = body.get().get(field);
        if (company == null || !company.isIntegralNumber()) {
            return ApiResponse.error(400, "validation_error", Map.of("ottimate_company_id", "A valid integer is required."));
        }
        if (items == null || !items.isArray() || items.isEmpty() || items.size() > MAX_BULK) {
            return ApiResponse.error(400, "validation_error", Map.of(field, "Send between 1 and " + MAX_BULK + " items."));
        }
        final List<JsonNode> tasks = new ArrayList<>();
        for (final JsonNode item : items) {
            if (item instanceof ObjectNode object) {
                final ObjectNode task = object.deepCopy();
                task.set("ottimate_company_id", company);
                tasks.add(task);
            } else {
                tasks.add(item);
            }
        }
        final Function<JsonNode, Batches.TaskResult> worker = task -> {
            if (!(task instanceof ObjectNode object)) {
                return Batches.TaskResult.failed("Expected an object");
            }
            final Optional<String> problem = check.apply(object);
            return problem.map(Batches.TaskResult::failed).orElseGet(() -> Batches.TaskResult.ok(store.apply(object)));
        };
        if (synchronousBulk) {
            final ObjectNode response = Json.object();
            final ArrayNode results = response.putArray("results");
            int failed = 0;
            for (int i = 0; i < tasks.size(); i++) {
                final Batches.TaskResult result = worker.apply(tasks.get(i));
                final ObjectNode entryResult = results.addObject();
                entryResult.put("task", i);
                entryResult.set("result", result.result());
                entryResult.put("message", result.message());
                failed += result.result() == null ? 1 : 0;
            }
            return ApiResponse.json(failed == 0 ? 201 : 207, response);
        }
        return ApiResponse.json(202, batches.submit("/v1", tasks, worker));
    }

    private ApiResponse list(final ApiRequest request, final InMemoryStore.Collection collection, final Predicate<ObjectNode> filter,
                             final String requiredParam) {
        final Optional<String> company = request.queryParam(requiredParam);
        if (company.isEmpty()) {
            return ApiResponse.error(400, "validation_error", Map.of(requiredParam, "This field is required."));
        }
        final Page page;
        try {
            page = Page.from(request, 50, 100);
        } catch (final Page.InvalidPage e) {
            return ApiResponse.error(400, "bad_request", e.getMessage());
        }
        final Optional<String> vendor = request.queryParam("erp_vendor_id");
        final Optional<String> sku = request.queryParam("sku");
        final Optional<String> upc = request.queryParam("upc");
        final List<ObjectNode> all = collection.listed().stream().filter(filter)
                .filter(o -> company.get().equals(o.path("ottimate_company_id").asText()))
                .filter(o -> vendor.isEmpty() || vendor.get().equals(o.path("erp_vendor_id").asText()))
                .filter(o -> sku.isEmpty() || sku.get().equals(o.path("sku").asText()))
                .filter(o -> upc.isEmpty() || upc.get().equals(o.path("upc").asText()))
                .toList();
        final ObjectNode body = Json.object();
        body.put("count", all.size());
        final ArrayNode results = body.putArray("results");
        page.slice(all).forEach(results::add);
        body.put("page", page.page());
        body.put("per_page", page.limit());
        return ApiResponse.json(200, body);
    }

    private ApiResponse get(final InMemoryStore.Collection collection, final String id, final String what) {
        return collection.get(id).map(o -> ApiResponse.json(200, o)).orElseGet(() -> ApiResponse.error(404, "not_found", what + " " + id + " does not exist"));
    }

    private ApiResponse variances(final ApiRequest request) {
        final Predicate<ObjectNode> hasVariance = e -> varianceItems.containsKey(e.path("id").asText());
        return list(request, entries, hasVariance, "ottimate_company_id");
    }

    private ApiResponse varianceItems(final ApiRequest request, final String id) {
        final List<ObjectNode> items = varianceItems.get(id);
        if (items == null) {
            return ApiResponse.error(404, "not_found", "No variance for catalog entry " + id);
        }
        final Page page;
        try {
            page = Page.from(request, 20, 100);
        } catch (final Page.InvalidPage e) {
            return ApiResponse.error(400, "bad_request", e.getMessage());
        }
        final ObjectNode body = Json.object();
        body.put("count", items.size());
        final ArrayNode results = body.putArray("results");
        page.slice(items).forEach(results::add);
        return ApiResponse.json(200, body);
    }
}
