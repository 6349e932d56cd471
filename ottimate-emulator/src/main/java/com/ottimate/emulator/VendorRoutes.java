package com.ottimate.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Vendors: list, create, get. */
final class VendorRoutes {
    private static final Set<String> FIELDS = Set.of("version", "ottimate_company_id", "erp_vendor_id", "erp_vendor_name", "email",
            "phone", "net_terms", "payment_method", "address_line_1", "address_line_2", "city", "state", "zipcode");
    private static final Set<String> PAYMENT_METHODS = Set.of("credit_card", "ach", "check", "wire_transfer", "unknown");

    private final InMemoryStore store;
    private final Clock clock;

    VendorRoutes(final InMemoryStore store, final Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    void register(final Router router) {
        router.add("GET", "/vendors", (request, params) -> list(request));
        router.add("POST", "/vendors", (request, params) -> create(request));
        router.add("GET", "/vendors/{id}", (request, params) -> get(params.get("id")));
    }

    private ApiResponse list(final ApiRequest request) {
        final Page page;
        try {
            page = Page.from(request, 20, 100);
        } catch (final Page.InvalidPage e) {
            return ApiResponse.error(400, "bad_request", e.getMessage());
        }
        final Optional<String> company = request.queryParam("ottimate_company_id");
        final List<ObjectNode> matching = store.vendors().all().stream()
                .filter(vendor -> company.isEmpty() || company.get().equals(vendor.path("ottimate_company_id").asText()))
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
        final ObjectNode vendor = body.get().deepCopy();
        vendor.remove("version");
        final long id = store.nextVendorId();
        vendor.put("id", id);
        vendor.put("company_name", "Company " + vendor.get("ottimate_company_id").asText());
        Timestamps.put(vendor, "last_modified_date", clock.instant());
        store.vendors().put(Long.toString(id), vendor);
        final ObjectNode response = Json.object();
        response.put("version", "1.0.0");
        response.set("vendor", vendor);
        return ApiResponse.json(201, response);
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
