/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Vendors: list, create, get. */
final class VendorRoutes {
    private static final Set<String> FIELDS = Set.of("version", "ottimate_company_id", "erp_vendor_id", "erp_vendor_name", "email",
            "phone", "net_terms", "payment_method", "address_line_1", "address_line_2", "city", "state", "zipcode");
    private static final Set<String> PAYMENT_METHODS = Set.of("credit_card", "ach", "check", "wire_transfer", "unknown");

    private final InMemoryStore store;
    private final Clock clock;
    /** company|erp_vendor_id → id: the bulk upsert key. */
    private final Map<String, String> byErpId = new ConcurrentHashMap<>();

    private final Batches async;

    /** @param async batches for ASYNC_MASTER_DATA_BULK, or null */
    VendorRoutes(final InMemoryStore store, final Clock clock, final Batches async) {
        this.store = store;
        this.clock = clock;
        this.async = async;
    }

    void register(final Router router) {
        router.add("GET", "/vendors", (request, params) -> list(request));
        router.add("POST", "/vendors", (request, params) -> create(request));
        router.add("GET", "/vendors/{id}", (request, params) -> get(params.get("id")));
        // the API reference spells it /vendors/bulk, the guide /vendors/bulk-create/: both work
        router.add("POST", "/vendors/bulk", (request, params) -> bulk(request));
        router.add("POST", "/vendors/bulk-create", (request, params) -> bulk(request));
    }

    private ApiResponse list(final ApiRequest request) {
        final Page page;
        try {
            page = Page.from(request, 20, 100);
        } catch (final Page.InvalidPage e) {
            return ApiResponse.error(400, "bad_request", e.getMessage());
        }
        final Optional<String> company = request.queryParam("ottimate_company_id");
        final Optional<Instant> from = request.queryParam("last_modified_date_from_utc").or(() -> request.queryParam("last_modified_date_from"))
                .map(value -> Timestamps.parseFilter(value, false));
        final Optional<Instant> to = request.queryParam("last_modified_date_to_utc").or(() -> request.queryParam("last_modified_date_to"))
                .map(value -> Timestamps.parseFilter(value, true));
        if ((from.isPresent() || to.isPresent()) && company.isEmpty()) {
            return ApiResponse.error(400, "validation_error", Map.of("ottimate_company_id", "Required with last_modified_date filters."));
        }
        final List<ObjectNode> matching = store.vendors().listed().stream()
                .filter(vendor -> company.isEmpty() || company.get().equals(vendor.path("ottimate_company_id").asText()))
                .filter(vendor -> from.isEmpty() || !Timestamps.read(vendor, "last_modified_date").isBefore(from.get()))
                .filter(vendor -> to.isEmpty() || !Timestamps.read(vendor, "last_modified_date").isAfter(to.get()))
                .toList();
        final ObjectNode body = Json.object();
        body.put("version", "1.0.0");
        body.put("count", matching.size());
        body.put("page", page.page());
        body.put("limit", page.limit());
        final ArrayNode vendors = body.putArray("vendors");
        page.slice(matching).forEach(vendors::add);
        return ApiResponse.json(200, body);
    }

    private ApiResponse create(final ApiRequest request) throws Exception {
        final Optional<ObjectNode> body = JsonBodies.object(request);
        if (body.isEmpty()) {
            return JsonBodies.notAnObject();
        }
        final Validation validation = new Validation(body.get()).onlyFields(FIELDS)
                .requireInteger("ottimate_company_id").requireString("erp_vendor_name").requireString("erp_vendor_id")
                .string("email").string("phone").string("net_terms").oneOf("payment_method", PAYMENT_METHODS);
        if (!validation.ok()) {
            return validation.toResponse();
        }
        final ObjectNode vendor = store(body.get());
        final ObjectNode response = Json.object();
        response.put("version", "1.0.0");
        response.set("vendor", vendor);
        return ApiResponse.json(201, response);
    }

    private ApiResponse bulk(final ApiRequest request) throws JsonBodies.MalformedJson {
        return BulkUpsert.handle(request, "vendors", "erp_vendor_id", item -> {
            final Validation validation = new Validation(item).onlyFields(FIELDS).requireString("erp_vendor_id").requireString("erp_vendor_name")
                    .string("email").string("phone").string("net_terms").oneOf("payment_method", PAYMENT_METHODS);
            return validation.ok() ? Optional.empty() : Optional.of(validation.toResponse().bodyText());
        }, key -> Optional.ofNullable(byErpId.get(key)).flatMap(id -> store.vendors().get(id)),
                this::store, pair -> {
                    final ObjectNode merged = pair[0].deepCopy();
                    merged.setAll(pair[1]);
                    Timestamps.put(merged, "last_modified_date", clock.instant());
                    store.vendors().put(merged.get("id").asText(), merged);
                    return merged;
                }, async);
    }

    String seed(final ObjectNode body) {
        return store(body).get("id").asText();
    }

    /** Stores a new vendor (validated) and answers it. */
    private ObjectNode store(final ObjectNode body) {
        final ObjectNode vendor = body.deepCopy();
        vendor.remove("version");
        final long id = store.nextVendorId();
        vendor.put("id", id);
        vendor.put("company_name", "Company " + vendor.get("ottimate_company_id").asText());
        Timestamps.put(vendor, "last_modified_date", clock.instant());
        store.vendors().put(Long.toString(id), vendor);
        byErpId.put(vendor.get("ottimate_company_id").asText() + "|" + vendor.path("erp_vendor_id").asText(), Long.toString(id));
        return vendor;
    }

    private ApiResponse get(final String id) {
        return store.vendors().get(id).map(vendor -> {
            final ObjectNode response = Json.object();
            response.put("version", "1.0.0");
            response.set("vendor", vendor);
            return ApiResponse.json(200, response);
        }).orElseGet(() -> ApiResponse.error(404, "not_found", "Vendor " + id + " does not exist"));
    }
}
