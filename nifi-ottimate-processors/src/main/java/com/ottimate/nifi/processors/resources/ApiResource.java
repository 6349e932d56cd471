/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.nifi.client.IdentityMatch;
import com.ottimate.nifi.client.Lookup;
import com.ottimate.nifi.client.model.OttimateRequest;
import com.ottimate.nifi.processors.records.ApiSchemas;
import org.apache.nifi.serialization.record.RecordSchema;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything that differs between the collections the bundle reads and writes, in one table: the path (with an
 * {@code {id}} of a parent where the collection hangs off one), the actions below it, the envelope fields of list and
 * single answers, the record schema, the attributes named after the object, the largest page the API takes, whether
 * the API filters it by modification time, how it is written in bulk and how a create of one object is proven after
 * its answer was lost. No processor spells an API path of its own; processors, record schemas and docs read this table.
 */
public enum ApiResource {
    INVOICES(collection("invoices", "invoice", ApiSchemas.INVOICE).incremental()
            .filters(ApiFilters.INVOICE_STATUS, ApiFilters.PAYMENT_STATUS, ApiFilters.LOCATION_IDS, ApiFilters.VENDOR_ID, ApiFilters.INVOICE_IDS,
                    ApiFilters.SEARCH, ApiFilters.CUSTOM_FIELDS, ApiFilters.INVOICE_DATE_FROM, ApiFilters.INVOICE_DATE_TO, ApiFilters.MODIFIED_BY,
                    ApiFilters.MODIFIED_FROM, ApiFilters.MODIFIED_TO, ApiFilters.INVOICE_EXPAND)
            .actions(Action.APPROVE, Action.FLAG, Action.APPROVERS, Action.IMAGES)
            .collectionActions(Action.IMPORT, Action.UPLOAD, Action.UPLOADS, Action.MARK_EXPORTED, Action.MARK_UNEXPORTED)
            .attribute("ottimate.invoice.status", "status").attribute("ottimate.invoice.last.modified", "last_modified_date_utc")
            .linesKeyed("items", ApiResource.INVOICE_LINE_KEY).expandedWindow(Duration.ofDays(30)).carriedWhileUnanswered(ApiResource.INVOICE_LINES_BEFORE)),
    VENDORS(collection("vendors", "vendor", ApiSchemas.VENDOR).listField("vendors").singleField("vendor").incremental()
            .filters(ApiFilters.COMPANY_ID, ApiFilters.MODIFIED_FROM, ApiFilters.MODIFIED_TO).sourceFilters(ApiFilters.COMPANY_ID_REQUIRED)
            .bulk(new Bulk("vendors/bulk-create", "vendors", 100, "erp_vendor_id"))
            .proof(new Proof(List.of("erp_vendor_id"), List.of("ottimate_company_id"), null))),
    DIMENSIONS(collection("dimensions", "dimension", ApiSchemas.DIMENSION).listField("dimensions").singleField("dimension")
            .filters(ApiFilters.COMPANY_ID, ApiFilters.ERP_TYPE)
            .bulk(new Bulk("dimensions/bulk-create", "dimensions", 100, "reference_id"))
            .proof(new Proof(List.of("reference_id", "erp_dimension_id", "erp_type"), List.of("ottimate_company_id", "erp_type"), null))),
    ACCOUNTS(collection("accounts", "account", ApiSchemas.ACCOUNT).filters(ApiFilters.ACCOUNT_SEARCH)),
    COMPANIES(collection("accounts/{id}/companies", "company", ApiSchemas.COMPANY)),
    LOCATIONS(collection("accounts/{id}/locations", "location", ApiSchemas.LOCATION)),
    CATALOG_ENTRIES(collection("catalog/entries", "catalog.entry", ApiSchemas.CATALOG_ENTRY)
            .filters(ApiFilters.COMPANY_ID_REQUIRED, ApiFilters.ERP_VENDOR_ID, ApiFilters.CATALOG_SEARCH, ApiFilters.SKU, ApiFilters.UPC,
                    ApiFilters.UOM, ApiFilters.PACK_SIZE, ApiFilters.CATALOG_EXPAND)
            .bulk(new Bulk("catalog/entries/bulk", "entries", 1000, "catalog_unique_key"))
            .proof(new Proof(List.of("erp_vendor_id", "item_name", "size", "uom", "upc", "sku"), List.of("ottimate_company_id", "erp_vendor_id", "sku",
                    "upc"), "catalog_unique_key"))),
    ALLOWANCES(collection("catalog/allowances", "allowance", ApiSchemas.ALLOWANCE)
            .filters(ApiFilters.COMPANY_ID_REQUIRED, ApiFilters.CATALOG_ENTRY_ID, ApiFilters.LOCATION_ID, ApiFilters.EFFECTIVE_DATE)
            .bulk(new Bulk("catalog/allowances/bulk", "allowances", 1000, null))),
    /** Company, location-group or location prices of catalog entries: create-only, proven by what only this price says. */
    PRICES(collection("catalog/prices", "price", ApiSchemas.PRICE).filters(ApiFilters.COMPANY_ID_REQUIRED, ApiFilters.CATALOG_ENTRY_ID)
            .bulk(new Bulk("catalog/prices/bulk", "prices", 1000, null))
            .proof(new Proof(List.of("reference_id", "catalog_entry_id", "price", "start_date", "ottimate_location_id", "ottimate_group_id"),
                    List.of("ottimate_company_id", "catalog_entry_id"), null, "created_date_utc"))),
    VARIANCES(collection("catalog/variances", "variance", ApiSchemas.VARIANCE)
            .filters(ApiFilters.COMPANY_ID_REQUIRED, ApiFilters.VARIANCE_ONLY, ApiFilters.INVOICE_START_DATE, ApiFilters.INVOICE_END_DATE,
                    ApiFilters.EXCEPTION_TYPE, ApiFilters.ERP_VENDOR_IDS, ApiFilters.LOCATION_IDS, ApiFilters.CATALOG_EXPAND)),
    VARIANCE_INVOICE_ITEMS(collection("catalog/variances/{id}/invoice-items", "variance.item", ApiSchemas.VARIANCE_ITEM)),
    RECEIVER_EXPORT(collection("invoices/receiver-export", "invoice", ApiSchemas.RECEIVER_EXPORT).idField("ottimate_invoice_id").maxPageSize(200)),
    PURCHASE_ORDERS(collection("purchase-orders", "purchase.order", ApiSchemas.PURCHASE_ORDER).listField("purchase_orders")
            .singleField("purchase_order").filters(ApiFilters.COMPANY_ID, ApiFilters.LOCATION_ID, ApiFilters.ERP_VENDOR_ID, ApiFilters.PO_STATUS,
                    ApiFilters.DATE_FROM, ApiFilters.DATE_TO, ApiFilters.EXTERNAL_ID, ApiFilters.LINES_EXPAND)
            .sourceFilters(ApiFilters.COMPANY_ID, ApiFilters.LOCATION_ID, ApiFilters.ERP_VENDOR_ID, ApiFilters.PO_STATUS, ApiFilters.LINES_EXPAND)
            .bulk(new Bulk("purchase-orders/bulk", "purchase_orders", 100, "external_id", 1000))
            .proof(new Proof(List.of("external_id"), List.of("external_id"), "external_id"))),
    RECEIPTS(collection("receipts", "receipt", ApiSchemas.RECEIPT).listField("receipts").singleField("receipt")
            .filters(ApiFilters.COMPANY_ID, ApiFilters.LOCATION_ID, ApiFilters.PURCHASE_ORDER_ID, ApiFilters.RECEIPT_STATUS, ApiFilters.DATE_FROM,
                    ApiFilters.DATE_TO, ApiFilters.EXTERNAL_ID, ApiFilters.LINES_EXPAND)
            .sourceFilters(ApiFilters.COMPANY_ID, ApiFilters.LOCATION_ID, ApiFilters.PURCHASE_ORDER_ID, ApiFilters.RECEIPT_STATUS,
                    ApiFilters.LINES_EXPAND)
            .bulk(new Bulk("receipts/bulk", "receipts", 100, "external_id", 1000))
            .proof(new Proof(List.of("external_id"), List.of("external_id"), "external_id"))),
    /** Asynchronous bulk batches, followed by their id. */
    BATCHES(collection("batch", "batch", null).actions(Action.PROGRESS, Action.RESULTS));

    /** The field each listed or fetched invoice line carries its invoice's id in: the key a lines table joins on. */
    public static final String INVOICE_LINE_KEY = "ottimate_invoice_id";

    /** The line ids an invoice update that adds lines read before its first attempt, carried while its answer is unknown. */
    public static final String INVOICE_LINES_BEFORE = "ottimate.invoice.lines.before";

    /** The modification filter of incremental collections and the field holding an object's modification time. */
    public static final String MODIFIED_FROM = "last_modified_date_from_utc";
    public static final String MODIFIED_TO = "last_modified_date_to_utc";
    public static final String MODIFIED_FIELD = "last_modified_date_utc";

    /** What the API does below a collection or one of its objects ({@code invoices/{id}/approve}, {@code invoices/import}). */
    public enum Action {
        APPROVE("approve"), FLAG("flag"), APPROVERS("approvers"), IMAGES("images"),
        IMPORT("import"), UPLOAD("upload"), UPLOADS("uploads"), MARK_EXPORTED("mark-exported"), MARK_UNEXPORTED("mark-unexported"),
        PROGRESS("progress"), RESULTS("results");

        private final String segment;

        Action(final String segment) {
            this.segment = segment;
        }
    }

    /**
     * How the collection is written in bulk: the release plan's path (the API reference also spells it
     * {@code <path>/bulk}; both are accepted), the array field of the body, the most objects per call, the
     * business key the API upserts on (null when it has none), and the most lines ({@code items}) per call (0: no limit).
     */
    public record Bulk(String path, String listField, int maxBatch, String businessKey, int maxLines) {
        public Bulk(final String path, final String listField, final int maxBatch, final String businessKey) {
            this(path, listField, maxBatch, businessKey, 0);
        }
    }

    /**
     * How a create of one object is proven after its answer was lost: the fields only it sends ({@code identity}, as far
     * as it sent them), read back among the collection listed with the body's {@code filters} (and, for incremental
     * collections, only what changed since the create's first attempt; where {@code createdField} is given, an object
     * created before the first attempt is not it). A create carrying {@code upsertKey} is an upsert on it: sending it
     * again changes nothing, so it needs no look-up.
     */
    public record Proof(List<String> identity, List<String> filters, String upsertKey, String createdField) {
        public Proof(final List<String> identity, final List<String> filters, final String upsertKey) {
            this(identity, filters, upsertKey, null);
        }
    }

    /** Pages a create's look-up reads: a company's dimensions of one type, or its vendors changed since the attempt. */
    private static final int PROOF_PAGES = 50;

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
    private final Set<Action> actions;
    private final Set<Action> collectionActions;
    private final Map<String, String> attributeFields;
    private final Set<String> carriedWhileUnanswered;
    private final String linesField;
    private final String lineKey;
    private final Duration expandedWindow;
    private final List<QueryFilter> filters;
    private final List<QueryFilter> sourceFilters;

    ApiResource(final Row row) {
        this.path = row.path;
        this.listField = row.listField;
        this.singleField = row.singleField;
        this.schema = row.schema;
        this.attributeName = row.attributeName;
        this.idField = row.idField;
        this.maxPageSize = row.maxPageSize;
        this.incremental = row.incremental;
        this.bulk = row.bulk;
        this.proof = row.proof;
        this.actions = row.actions;
        this.collectionActions = row.collectionActions;
        this.attributeFields = row.attributeFields;
        this.carriedWhileUnanswered = row.carriedWhileUnanswered;
        this.linesField = row.linesField;
        this.lineKey = row.lineKey;
        this.expandedWindow = row.expandedWindow;
        this.filters = row.filters;
        this.sourceFilters = row.sourceFilters != null ? row.sourceFilters
                : row.filters.stream().filter(f -> !f.parameter().equals(MODIFIED_FROM) && !f.parameter().equals(MODIFIED_TO)).toList();
    }

    /** The documented query filters, as a Fetch processor offers them on each flowfile. */
    public List<QueryFilter> filters() {
        return filters;
    }

    /** The filters its List source offers: incremental sources set the modification window themselves. */
    public List<QueryFilter> sourceFilters() {
        return sourceFilters;
    }

    /** A row of the table, with the defaults most collections share: {@code results} envelope, bare objects, {@code id}, 100 per page. */
    private static Row collection(final String path, final String attributeName, final RecordSchema schema) {
        return new Row(path, attributeName, schema);
    }

    private static final class Row {
        private final String path;
        private final String attributeName;
        private final RecordSchema schema;
        private String listField = "results";
        private String singleField;
        private String idField = "id";
        private int maxPageSize = 100;
        private boolean incremental;
        private Bulk bulk;
        private Proof proof;
        private Set<Action> actions = Set.of();
        private Set<Action> collectionActions = Set.of();
        private final Map<String, String> attributeFields = new LinkedHashMap<>();
        private Set<String> carriedWhileUnanswered = Set.of();
        private String linesField;
        private String lineKey;
        private Duration expandedWindow;
        private List<QueryFilter> filters = List.of();
        private List<QueryFilter> sourceFilters;

        private Row(final String path, final String attributeName, final RecordSchema schema) {
            this.path = path;
            this.attributeName = attributeName;
            this.schema = schema;
        }

        private Row listField(final String field) {
            this.listField = field;
            return this;
        }

        private Row singleField(final String field) {
            this.singleField = field;
            return this;
        }

        private Row idField(final String field) {
            this.idField = field;
            return this;
        }

        private Row maxPageSize(final int size) {
            this.maxPageSize = size;
            return this;
        }

        private Row incremental() {
            this.incremental = true;
            return this;
        }

        private Row bulk(final Bulk how) {
            this.bulk = how;
            return this;
        }

        private Row proof(final Proof how) {
            this.proof = how;
            return this;
        }

        private Row actions(final Action... onObject) {
            this.actions = Set.of(onObject);
            return this;
        }

        private Row collectionActions(final Action... onCollection) {
            this.collectionActions = Set.of(onCollection);
            return this;
        }

        private Row attribute(final String attribute, final String field) {
            attributeFields.put(attribute, field);
            return this;
        }

        /** The query filters the API documents for the collection, offered on each flowfile by the Fetch processors. */
        private Row filters(final QueryFilter... documented) {
            this.filters = List.of(documented);
            return this;
        }

        /** What its source offers, where that is not the filters without the modification window the source owns. */
        private Row sourceFilters(final QueryFilter... offered) {
            this.sourceFilters = List.of(offered);
            return this;
        }

        /** Each object of the {@code lines} array carries its parent's id in {@code key} when read (see {@link #keyLines}). */
        private Row linesKeyed(final String lines, final String key) {
            this.linesField = lines;
            this.lineKey = key;
            return this;
        }

        /** The longest modification window a list with expand=items takes (the API refuses a longer one, or none). */
        private Row expandedWindow(final Duration span) {
            this.expandedWindow = span;
            return this;
        }

        private Row carriedWhileUnanswered(final String... attributes) {
            this.carriedWhileUnanswered = Set.of(attributes);
            return this;
        }
    }

    public boolean hasBulk() {
        return bulk != null;
    }

    /** How it is written in bulk; only for collections the API bulk-writes. */
    public Bulk bulk() {
        if (bulk == null) {
            throw new IllegalStateException(name() + " has no bulk endpoint");
        }
        return bulk;
    }

    /** The path of {@code action} on one object, e.g. {@code invoices/{id}/approve}: for any method. */
    public String[] action(final String id, final Action action) {
        if (!actions.contains(action)) {
            throw new IllegalArgumentException(name() + " has no action " + action.segment + " on its objects");
        }
        final List<String> segments = new ArrayList<>(List.of(objectSegments(id)));
        segments.add(action.segment);
        return segments.toArray(String[]::new);
    }

    /** The path of {@code action} on the collection, e.g. {@code invoices/import}. */
    public String[] action(final Action action) {
        if (!collectionActions.contains(action)) {
            throw new IllegalArgumentException(name() + " has no action " + action.segment);
        }
        final List<String> segments = new ArrayList<>(List.of(segments(null)));
        segments.add(action.segment);
        return segments.toArray(String[]::new);
    }

    /** The POST of a bulk write ({@link Bulk#path()}). */
    public OttimateRequest.Builder bulkCreate() {
        return OttimateRequest.post(bulk().path().split("/"));
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
                .map(JsonNode::asText).findFirst().orElse(""), identity, proof == null ? null : proof.createdField());
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

    /**
     * The object as the bundle emits it: where the row keys its lines, each line also carries the object's id (an
     * invoice line its {@link #INVOICE_LINE_KEY}), so lines written to a table of their own keep their parent. A copy;
     * the object itself is left as the API sent it.
     */
    public JsonNode keyLines(final JsonNode object) {
        if (lineKey == null || !object.path(linesField).isArray() || object.path(linesField).isEmpty() || !object.hasNonNull(idField)) {
            return object;
        }
        final ObjectNode keyed = object.deepCopy();
        for (final JsonNode line : keyed.get(linesField)) {
            if (line instanceof ObjectNode fields && !fields.has(lineKey)) {
                fields.set(lineKey, object.get(idField));
            }
        }
        return keyed;
    }

    /** The longest modification window {@code request} may ask for: set where it expands lines the API bounds (invoices, 30 days). */
    public Optional<Duration> windowLimit(final OttimateRequest request) {
        final boolean expanded = request.queryParam("expand").map(value -> List.of(value.split(",")).contains("items")).orElse(false);
        return expanded ? Optional.ofNullable(expandedWindow) : Optional.empty();
    }

    public RecordSchema schema() {
        return schema;
    }

    /** What one object is called, in attributes and messages: {@code invoice}, {@code catalog.entry}. */
    public String objectName() {
        return attributeName;
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

    /** The attributes of a flowfile holding one object: its id, and what the row names to route on (an invoice's status). */
    public Map<String, String> objectAttributes(final JsonNode object) {
        final Map<String, String> attributes = new HashMap<>();
        attributes.put(idAttribute(), idOf(object));
        attributeFields.forEach((attribute, field) -> {
            if (object.hasNonNull(field)) {
                attributes.put(attribute, object.get(field).asText());
            }
        });
        return attributes;
    }

    /** Attributes a write of this resource carries to its next pass while its answer is unknown (every row's, together). */
    public static Set<String> carriedWhileUnanswered() {
        final Set<String> carried = new HashSet<>();
        for (final ApiResource resource : values()) {
            carried.addAll(resource.carriedWhileUnanswered);
        }
        return Set.copyOf(carried);
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
