/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** Invoices: list, structured create, get, patch. */
final class InvoiceRoutes {
    static final Set<String> WRITABLE_FIELDS = Set.of("version", "ottimate_location_id", "erp_vendor_id", "erp_vendor_name",
            "invoice_number", "invoice_date", "due_date", "posting_date", "total_amount", "total_tax", "discount_amount",
            "purchase_order", "notes", "currency", "type", "dimensions", "custom_fields", "items", "image_urls", "raw_images", "upload_id");
    private static final Set<String> ITEM_FIELDS = Set.of("id", "name", "sku", "quantity", "price", "is_taxed", "dimensions", "uom");
    private static final Set<String> TYPES = Set.of("invoice", "credit_memo", "other");
    /** The longest window a list with expand=items takes (API guide). */
    static final int EXPAND_WINDOW_DAYS = 30;

    private final InMemoryStore.Collection invoices;
    private final Clock clock;

    /** PATCH_CONFLICTS: invoices whose first PATCH was already answered 412. */
    private final Set<String> conflicted;

    InvoiceRoutes(final InMemoryStore store, final Clock clock, final boolean patchConflicts) {
        this.invoices = store.invoices();
        this.clock = clock;
        this.conflicted = patchConflicts ? ConcurrentHashMap.newKeySet() : null;
    }

    void register(final Router router) {
        router.add("GET", "/invoices", (request, params) -> list(request));
        router.add("POST", "/invoices", (request, params) -> create(request));
        router.add("GET", "/invoices/{id}", (request, params) -> get(params.get("id")));
        router.add("PATCH", "/invoices/{id}", (request, params) -> patch(params.get("id"), request));
    }

    private ApiResponse list(final ApiRequest request) {
        final Page page;
        try {
            page = Page.from(request, 20, 100);
        } catch (final Page.InvalidPage e) {
            return ApiResponse.error(400, "bad_request", e.getMessage());
        }
        final Optional<String> refused = expandRefusal(request);
        if (refused.isPresent()) {
            return ApiResponse.error(400, "validation_error", Map.of("expand", refused.get()));
        }
        final List<ObjectNode> newestFirst = invoices.all().reversed().stream().filter(filters(request)).toList();
        final ObjectNode body = Json.object();
        body.put("version", "1.0.0");
        body.put("count", newestFirst.size());
        final ArrayNode results = body.putArray("results");
        page.slice(newestFirst).forEach(results::add);
        return ApiResponse.json(200, body);
    }

    /**
     * The API guide: expand=items needs date_from or last_modified_date_from, and a window of at most 30 days (its end
     * defaulting to now). Why such a list is refused, if it is.
     */
    private Optional<String> expandRefusal(final ApiRequest request) {
        if (!request.queryParam("expand").map(e -> List.of(e.split(",")).contains("items")).orElse(false)) {
            return Optional.empty();
        }
        final Optional<String> modifiedFrom = request.queryParam("last_modified_date_from_utc").or(() -> request.queryParam("last_modified_date_from"));
        final Optional<String> modifiedTo = request.queryParam("last_modified_date_to_utc").or(() -> request.queryParam("last_modified_date_to"));
        final Optional<String> dateFrom = request.queryParam("date_from_utc").or(() -> request.queryParam("date_from"));
        final Optional<String> dateTo = request.queryParam("date_to_utc").or(() -> request.queryParam("date_to"));
        final Optional<String> from = modifiedFrom.isPresent() ? modifiedFrom : dateFrom;
        final Optional<String> to = modifiedFrom.isPresent() ? modifiedTo : dateTo;
        if (from.isEmpty()) {
            return Optional.of("expand=items needs date_from or last_modified_date_from.");
        }
        final Instant start = Timestamps.parseFilter(from.get(), false);
        final Instant end = to.map(value -> Timestamps.parseFilter(value, true)).orElse(clock.instant());
        if (Duration.between(start, end).compareTo(Duration.ofDays(EXPAND_WINDOW_DAYS)) > 0) {
            return Optional.of("With expand=items the window is at most " + EXPAND_WINDOW_DAYS + " days.");
        }
        return Optional.empty();
    }

    private static Predicate<ObjectNode> filters(final ApiRequest request) {
        Predicate<ObjectNode> predicate = invoice -> true;
        final Optional<String> status = request.queryParam("status");
        if (status.isPresent()) {
            predicate = predicate.and(invoice -> status.get().equals(invoice.path("status").asText()));
        }
        final Optional<String> ids = request.queryParam("invoice_ids");
        if (ids.isPresent()) {
            final Set<String> wanted = Set.copyOf(Arrays.asList(ids.get().split(",")));
            predicate = predicate.and(invoice -> wanted.contains(invoice.path("id").asText()));
        }
        final Optional<String> search = request.queryParam("search").map(text -> text.toLowerCase(Locale.ROOT));
        if (search.isPresent()) {
            // free text over the number and the vendor, as the Ottimate UI searches
            predicate = predicate.and(invoice -> (invoice.path("invoice_number").asText() + " " + invoice.path("ottimate_vendor_name").asText())
                    .toLowerCase(Locale.ROOT).contains(search.get()));
        }
        final Optional<String> custom = request.queryParam("custom_fields");
        if (custom.isPresent()) {
            // a JSON object; each key must equal the invoice's custom field of that name (ANDed)
            final JsonNode wanted = Json.parseOrNull(custom.get());
            final Map<String, String> pairs = new HashMap<>();
            if (wanted != null && wanted.isObject()) {
                wanted.properties().forEach(e -> pairs.put(e.getKey(), e.getValue().asText()));
            }
            predicate = predicate.and(invoice -> pairs.entrySet().stream()
                    .allMatch(e -> e.getValue().equals(invoice.path("custom_fields").path(e.getKey()).asText(null))));
        }
        final Optional<String> locations = request.queryParam("ottimate_location_ids");
        if (locations.isPresent()) {
            final Set<String> wanted = Set.copyOf(Arrays.asList(locations.get().split(",")));
            predicate = predicate.and(invoice -> wanted.contains(invoice.path("ottimate_location_id").asText()));
        }
        final Optional<Instant> from = request.queryParam("last_modified_date_from_utc").or(() -> request.queryParam("last_modified_date_from"))
                .map(value -> Timestamps.parseFilter(value, false));
        if (from.isPresent()) {
            predicate = predicate.and(invoice -> !Timestamps.read(invoice, "last_modified_date").isBefore(from.get()));
        }
        final Optional<Instant> to = request.queryParam("last_modified_date_to_utc").or(() -> request.queryParam("last_modified_date_to"))
                .map(value -> Timestamps.parseFilter(value, true));
        if (to.isPresent()) {
            predicate = predicate.and(invoice -> !Timestamps.read(invoice, "last_modified_date").isAfter(to.get()));
        }
        return predicate;
    }

    private ApiResponse create(final ApiRequest request) throws Exception {
        final Optional<ObjectNode> body = JsonBodies.object(request);
        if (body.isEmpty()) {
            return JsonBodies.notAnObject();
        }
        final Validation validation = validateCreate(body.get());
        if (!validation.ok()) {
            return validation.toResponse();
        }
        return ApiResponse.json(201, store(body.get()));
    }

    static Validation validateCreate(final ObjectNode body) {
        return validate(body).requireInteger("ottimate_location_id").requireString("invoice_number");
    }

    /** Stores a new invoice built from a validated body (structured create, import, finished extraction). */
    ObjectNode store(final ObjectNode body) {
        final ObjectNode invoice = Json.object();
        invoice.put("version", "1.0.0");
        invoice.put("id", UUID.randomUUID().toString());
        invoice.put("status", "needs-attention");
        invoice.put("payment_status", "unpaid");
        invoice.put("currency", "USD");
        invoice.put("type", "invoice");
        final Instant now = clock.instant();
        Timestamps.put(invoice, "created_at", now);
        apply(invoice, body, now);
        invoices.put(invoice.get("id").asText(), invoice);
        return invoice;
    }

    /** Replaces a stored invoice after a state change, bumping its last-modified time. */
    void touch(final ObjectNode invoice) {
        Timestamps.put(invoice, "last_modified_date", clock.instant());
        invoices.put(invoice.get("id").asText(), invoice);
    }

    private ApiResponse get(final String id) {
        return invoices.get(id).map(invoice -> ApiResponse.json(200, invoice)).orElseGet(() -> notFound(id));
    }

    private ApiResponse patch(final String id, final ApiRequest request) throws Exception {
        final Optional<ObjectNode> existing = invoices.get(id);
        if (existing.isEmpty()) {
            return notFound(id);
        }
        if (conflicted != null && conflicted.add(id)) {
            return ApiResponse.error(412, "precondition_failed", "Invoice " + id + " was changed by someone else; read it again and retry");
        }
        final Optional<ObjectNode> body = JsonBodies.object(request);
        if (body.isEmpty()) {
            return JsonBodies.notAnObject();
        }
        final Validation validation = validate(body.get());
        if (!validation.ok()) {
            return validation.toResponse();
        }
        final ObjectNode invoice = existing.get().deepCopy();
        final ObjectNode itemsResult = apply(invoice, body.get(), clock.instant());
        invoices.put(id, invoice);
        final ObjectNode response = invoice.deepCopy();
        if (body.get().has("items")) {
            response.set("items_processing_result", itemsResult);
        }
        return ApiResponse.json(200, response);
    }

    static Validation validate(final ObjectNode body) {
        final Validation validation = new Validation(body)
                .onlyFields(WRITABLE_FIELDS)
                .integer("ottimate_location_id")
                .string("invoice_number").string("erp_vendor_id").string("erp_vendor_name").string("currency")
                .string("notes").string("purchase_order")
                .date("invoice_date").date("due_date").date("posting_date")
                .number("total_amount").number("total_tax").number("discount_amount")
                .oneOf("type", TYPES);
        final JsonNode items = body.get("items");
        if (items != null && !items.isNull()) {
            if (!items.isArray()) {
                validation.error("items", "Expected a list of items.");
            } else {
                for (int i = 0; i < items.size(); i++) {
                    final JsonNode item = items.get(i);
                    if (!item.isObject()) {
                        validation.error("items[" + i + "]", "Expected an object.");
                        continue;
                    }
                    final Validation itemValidation = new Validation(item).onlyFields(ITEM_FIELDS)
                            .string("name").string("sku").number("quantity").number("price");
                    if (!itemValidation.ok()) {
                        validation.error("items[" + i + "]", itemValidation.toResponse().bodyText());
                    }
                }
            }
        }
        return validation;
    }

    /** Copies writable fields onto the invoice; answers the {@code items_processing_result}. */
    private static ObjectNode apply(final ObjectNode invoice, final ObjectNode body, final Instant now) {
        final ObjectNode success = Json.object();
        final ObjectNode failure = Json.object();
        for (final Map.Entry<String, JsonNode> field : body.properties()) {
            if (field.getKey().equals("items")) {
                continue;
            }
            invoice.set(field.getKey(), field.getValue());
        }
        if (body.has("invoice_number")) {
            invoice.set("number", body.get("invoice_number"));
        }
        if (body.has("erp_vendor_name") || body.has("erp_vendor_id")) {
            invoice.put("ottimate_vendor_name", body.path("erp_vendor_name").asText(body.path("erp_vendor_id").asText()));
        }
        if (body.has("ottimate_location_id")) {
            invoice.put("ottimate_location_name", "Location " + body.get("ottimate_location_id").asText());
        }
        if (body.has("total_amount")) {
            invoice.set("outstanding_balance", body.get("total_amount"));
        }
        // the API client's user, as the documented InvoiceObject.last_modified_user object
        final ObjectNode user = invoice.putObject("last_modified_user");
        user.put("id", 7);
        user.put("email", "integration@emulated.example");
        user.put("first_name", "API");
        user.put("last_name", "Integration");
        final JsonNode items = body.get("items");
        if (items != null && items.isArray()) {
            final ArrayNode stored = invoice.has("items") && invoice.get("items").isArray() ? (ArrayNode) invoice.get("items") : invoice.putArray("items");
            for (int index = 0; index < items.size(); index++) {
                final ObjectNode copy = ((ObjectNode) items.get(index)).deepCopy();
                if (copy.hasNonNull("id")) {
                    final Optional<ObjectNode> match = findItem(stored, copy.get("id").asText());
                    if (match.isPresent()) {
                        match.get().setAll(copy);
                        success.set(Integer.toString(index), copy.get("id"));
                    } else {
                        failure.put(Integer.toString(index), "Item " + copy.get("id").asText() + " is not on this invoice");
                    }
                } else {
                    copy.put("id", UUID.randomUUID().toString());
                    stored.add(copy);
                    success.set(Integer.toString(index), copy.get("id"));
                }
            }
        }
        Timestamps.put(invoice, "last_modified_date", now);
        final ObjectNode result = Json.object();
        result.set("success", success);
        result.set("failure", failure);
        result.put("status", failure.isEmpty() ? "success" : success.isEmpty() ? "failure" : "partial_success");
        return result;
    }

    private static Optional<ObjectNode> findItem(final ArrayNode items, final String id) {
        for (final JsonNode item : items) {
            if (id.equals(item.path("id").asText())) {
                return Optional.of((ObjectNode) item);
            }
        }
        return Optional.empty();
    }

    private static ApiResponse notFound(final String id) {
        return ApiResponse.error(404, "not_found", "Invoice " + id + " does not exist");
    }
}
