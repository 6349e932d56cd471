/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * Read-only account structure: one account with one company and its locations (10 and 11 after a reset; tests may add,
 * rename or remove locations, as Ottimate's onboarding team does).
 */
final class AccountRoutes {
    static final String ACCOUNT_ID = "racc_90832490382904802384";
    static final int COMPANY_ID = 1;
    static final String COMPANY_NAME = "Emulated Restaurants East";
    static final List<Integer> LOCATION_IDS = List.of(10, 11);

    private final InMemoryStore.Collection locations;

    AccountRoutes(final InMemoryStore store) {
        // listed in the store's order (newest first under NEWEST_FIRST), like every other collection
        locations = store.newCollection();
        reset();
    }

    /** The account's locations, in the order they were made. */
    InMemoryStore.Collection locations() {
        return locations;
    }

    /** Back to locations 10 and 11. */
    void reset() {
        locations.clear();
        LOCATION_IDS.forEach(id -> locations.put(Integer.toString(id), location(id)));
    }

    void register(final Router router) {
        // the account's and company's own objects count the locations there are now
        router.add("GET", "/accounts", (request, params) -> page(request, List.of(account())));
        router.add("GET", "/accounts/{id}/companies", (request, params) -> ACCOUNT_ID.equals(params.get("id"))
                ? page(request, List.of(company())) : notFound(params.get("id")));
        router.add("GET", "/accounts/{id}/locations", (request, params) -> ACCOUNT_ID.equals(params.get("id"))
                ? page(request, locations.listed()) : notFound(params.get("id")));
    }

    private static ApiResponse page(final ApiRequest request, final List<ObjectNode> all) {
        final Page page;
        try {
            page = Page.from(request, 20, 100);
        } catch (final Page.InvalidPage e) {
            return ApiResponse.error(400, "bad_request", e.getMessage());
        }
        final ObjectNode body = Json.object();
        body.put("count", all.size());
        body.put("page", page.page());
        body.put("limit", page.limit());
        final ArrayNode results = body.putArray("results");
        page.slice(all).forEach(results::add);
        return ApiResponse.json(200, body);
    }

    private ObjectNode account() {
        final ObjectNode account = Json.object();
        account.put("id", ACCOUNT_ID);
        account.put("name", "Emulated Restaurants Inc.");
        account.put("company_count", 1);
        account.put("location_count", locations.size());
        return account;
    }

    private ObjectNode company() {
        final ObjectNode company = Json.object();
        company.put("id", COMPANY_ID);
        company.put("name", COMPANY_NAME);
        company.put("location_count", locations.size());
        company.put("plan", "enterprise");
        return company;
    }

    private static ObjectNode location(final int id) {
        final ObjectNode location = Json.object();
        location.put("id", id);
        location.put("name", "Location " + id);
        location.put("company", COMPANY_NAME);
        return location;
    }

    private static ApiResponse notFound(final String id) {
        return ApiResponse.error(404, "not_found", "Account " + id + " does not exist");
    }
}
