package com.ottimate.nifi.processors.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.nifi.client.IdentityMatch;
import com.ottimate.nifi.client.Lookup;
import com.ottimate.nifi.client.model.OttimateRequest;
import com.ottimate.nifi.processors.records.ApiSchemas;
import org.apache.nifi.serialization.record.RecordSchema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything that differs between the collections the bundle reads, in one table: the path (with an {@code {id}} of
 * a parent where the collection hangs off one), the envelope fields of list and single answers, the record schema,
 * the attributes named after the object, the largest page the API takes, whether the API filters it by modification
 * time, how it is written in bulk and how a create of one object is proven after its answer was lost. The List, Fetch
 * and Put processors, the record schemas and the docs all read this table.
 */
public enum ApiResource {
    INVOICES("invoices", "results", null, ApiSchemas.INVOICE, "invoice", "id", 100, true),
    VENDORS("vendors", "vendors", "vendor", ApiSchemas.VENDOR, "vendor", "id", 100, true,
            new Bulk("vendors/bulk-create", "vendors", 100, "erp_vendor_id"),
            new Proof(List.of("erp_vendor_id"), List.of("ottimate_company_id"), null)),
    DIMENSIONS("dimensions", "dimensions", "dimension", ApiSchemas.DIMENSION, "dimension", "id", 100, false,
            new Bulk("dimensions/bulk-create", "dimensions", 100, "reference_id"),
            new Proof(List.of("reference_id", "erp_dimension_id", "erp_type"), List.of("ottimate_company_id", "erp_type"), null)),
    ACCOUNTS("accounts", "results", null, ApiSchemas.ACCOUNT, "account", "id", 100, false),
    COMPANIES("accounts/{id}/companies", "results", null, ApiSchemas.COMPANY, "company", "id", 100, false),
    LOCATIONS("accounts/{id}/locations", "results", null, ApiSchemas.LOCATION, "location", "id", 100, false),
    CATALOG_ENTRIES("catalog/entries", "results", null, ApiSchemas.CATALOG_ENTRY, "catalog.entry", "id", 100, false,
            new Bulk("catalog/entries/bulk", "entries", 1000, "catalog_unique_key"),
            new Proof(List.of("erp_vendor_id", "item_name", "size", "uom", "upc", "sku"), List.of("ottimate_company_id", "erp_vendor_id", "sku",
                    "upc"), "catalog_unique_key")),
    ALLOWANCES("catalog/allowances", "results", null, ApiSchemas.ALLOWANCE, "allowance", "id", 100, false,
            new Bulk("catalog/allowances/bulk", "allowances", 1000, null)),
    VARIANCES("catalog/variances", "results", null, ApiSchemas.VARIANCE, "variance", "id", 100, false),
    VARIANCE_INVOICE_ITEMS("catalog/variances/{id}/invoice-items", "results", null, ApiSchemas.VARIANCE_ITEM, "variance.item", "id", 100, false),
    RECEIVER_EXPORT("invoices/receiver-export", "results", null, ApiSchemas.RECEIVER_EXPORT, "invoice", "ottimate_invoice_id", 200, false);

    /** The modification filter of incremental collections and the field holding an object's modification time. */
    public static final String MODIFIED_FROM = "last_modified_date_from_utc";
    public static final String MODIFIED_TO = "last_modified_date_to_utc";
    public static final String MODIFIED_FIELD = "last_modified_date_utc";

    private final String path;
    private final String listField;
    private final String singleField;
    private final RecordSchema schema;
    private final String attributeName;
    private final String idField;
    private final int maxPageSize;
    private final boolean incremental;
    private final Bulk bulk;
    private final Proof proof;

    /**
     * How the collection is written in bulk: the release plan's path (the API reference also spells it
     * {@code <path>/bulk}; both are accepted), the array field of the body, the most objects per call, and the
     * business key the API upserts on (null when it has none).
     */
    public record Bulk(String path, String listField, int maxBatch, String businessKey) {
    }

    /**
     * How a create of one object is proven after its answer was lost: the fields only it sends ({@code identity}, as far
     * as it sent them), read back among the collection listed with the body's {@code filters} (and, for incremental
     * collections, only what changed since the create's first attempt). A create carrying {@code upsertKey} is an
     * upsert on it: sending it again changes nothing, so it needs no look-up.
     */
    public record Proof(List<String> identity, List<String> filters, String upsertKey) {
    }

    /** Pages a create's look-up reads: a company's dimensions of one type, or its vendors changed since the attempt. */
    private static final int PROOF_PAGES = 50;

    ApiResource(final String path, final String listField, final String singleField, final RecordSchema schema, final String attributeName,
                final String idField, final int maxPageSize, final boolean incremental) {
        this(path, listField, singleField, schema, attributeName, idField, maxPageSize, incremental, null);
    }

    ApiResource(final String path, final String listField, final String singleField, final RecordSchema schema, final String attributeName,
                final String idField, final int maxPageSize, final boolean incremental, final Bulk bulk) {
        this(path, listField, singleField, schema, attributeName, idField, maxPageSize, incremental, bulk, null);
    }

    ApiResource(final String path, final String listField, final String singleField, final RecordSchema schema, final String attributeName,
                final String idField, final int maxPageSize, final boolean incremental, final Bulk bulk, final Proof proof) {
        this.path = path;
        this.listField = listField;
        this.singleField = singleField;
        this.schema = schema;
        this.attributeName = attributeName;
        this.idField = idField;
        this.maxPageSize = maxPageSize;
        this.incremental = incremental;
        this.bulk = bulk;
        this.proof = proof;
    }

    /** How it is written in bulk; only for collections the API bulk-writes. */
    public Bulk bulk() {
        if (bulk == null) {
            throw new IllegalStateException(name() + " has no bulk endpoint");
        }
        return bulk;
    }

    /** The POST creating one object. */
    public OttimateRequest.Builder create() {
        return OttimateRequest.post(segments(null));
    }

    /**
     * The POST creating {@code body}, with the look-up that proves, after an unanswered attempt, whether it was made
     * ({@link Proof}); a body with nothing to prove it by can only go to a person then.
     */
    public OttimateRequest.Builder create(final ObjectNode body) {
        final OttimateRequest.Builder create = create();
        if (proof != null && proof.upsertKey() != null && body.hasNonNull(proof.upsertKey()) && !body.get(proof.upsertKey()).asText().isBlank()) {
            return create;
        }
        final Map<String, JsonNode> identity = new LinkedHashMap<>();
        if (proof != null) {
            proof.identity().forEach(field -> identity.put(field, body.get(field)));
        }
        if (identity.values().stream().allMatch(v -> v == null || v.isNull() || v.asText().isBlank())) {
            return create.lookup(Lookup.unprovable("The " + attributeName + " carries none of " + (proof == null ? "the values that tell it apart"
                    : String.join(", ", proof.identity())) + ", so nothing in Ottimate can be proven to be the one its unanswered attempt "
                    + "may have created. Check in Ottimate, then send it again or drop it"));
        }
        final IdentityMatch match = IdentityMatch.of(attributeName + " " + identity.values().stream().filter(v -> v != null && !v.isNull())
                .map(JsonNode::asText).findFirst().orElse(""), identity, null);
        return create.lookup((read, window) -> {
            final OttimateRequest.Builder list = list(null);
            proof.filters().forEach(filter -> list.query(filter, body.path(filter).asText("")));
            if (incremental) {
                list.query(MODIFIED_FROM, window.toString());
            }
            return Lookup.listing(list.build(), listField, maxPageSize, PROOF_PAGES, match::judge).find(read, window);
        });
    }

    /** GET of the collection; {@code parentId} fills the path's {@code {id}} (account, catalog entry). */
    public OttimateRequest.Builder list(final String parentId) {
        return OttimateRequest.get(segments(parentId));
    }

    /** The field wrapping one object in GET-by-id and create answers ({@code vendor}), or null when the object comes bare. */
    public String singleField() {
        return singleField;
    }

    /** GET of one object by id. */
    public OttimateRequest.Builder one(final String id) {
        return OttimateRequest.get(objectSegments(id));
    }

    /** PATCH of one object by id. */
    public OttimateRequest.Builder update(final String id) {
        return OttimateRequest.patch(objectSegments(id));
    }

    private String[] objectSegments(final String id) {
        final List<String> segments = new ArrayList<>(List.of(segments(null)));
        segments.add(id);
        return segments.toArray(String[]::new);
    }

    private String[] segments(final String parentId) {
        if (path.contains("{id}") && (parentId == null || parentId.isBlank())) {
            throw new IllegalArgumentException(name() + " needs the id of the object it belongs to");
        }
        final String[] segments = path.split("/");
        for (int i = 0; i < segments.length; i++) {
            if (segments[i].equals("{id}")) {
                segments[i] = parentId.strip();
            }
        }
        return segments;
    }

    /** The array field of a list answer. */
    public String listField() {
        return listField;
    }

    /** The object of a GET-by-id answer: wrapped ({@code {version, vendor}}) or the answer itself. */
    public JsonNode unwrap(final JsonNode body) {
        return singleField != null && body.has(singleField) ? body.get(singleField) : body;
    }

    public RecordSchema schema() {
        return schema;
    }

    /** {@code ottimate.<name>.id} on a flowfile holding one object. */
    public String idAttribute() {
        return "ottimate." + attributeName + ".id";
    }

    /** {@code ottimate.<name>.count}: objects a run or query emitted. */
    public String countAttribute() {
        return "ottimate." + attributeName + ".count";
    }

    public String idOf(final JsonNode object) {
        return object.path(idField).asText();
    }

    /** The attributes of a flowfile holding one object: its id, and for invoices their status and modification time to route on. */
    public java.util.Map<String, String> objectAttributes(final JsonNode object) {
        final java.util.Map<String, String> attributes = new java.util.HashMap<>();
        attributes.put(idAttribute(), idOf(object));
        if (this == INVOICES) {
            if (object.hasNonNull("status")) {
                attributes.put("ottimate.invoice.status", object.get("status").asText());
            }
            if (object.hasNonNull(MODIFIED_FIELD)) {
                attributes.put("ottimate.invoice.last.modified", object.get(MODIFIED_FIELD).asText());
            }
        }
        return attributes;
    }

    public int maxPageSize() {
        return maxPageSize;
    }

    /** True when the API filters it by {@link #MODIFIED_FROM} / {@link #MODIFIED_TO}. */
    public boolean incremental() {
        return incremental;
    }

    /** The collection's path below /v1 as the API documents it, e.g. {@code accounts/{id}/companies}. */
    public String path() {
        return path;
    }
}
