/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.contract;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the project knowingly goes beyond Ottimate's OpenAPI document, each with its reason. Everything else must
 * validate. docs/contract.md lists these (the suite checks that file).
 */
final class Deviations {
    /** Operations the document does not have, used because the release plan (the seed's endpoint list) names them. */
    static final Map<String, String> OPERATIONS = new LinkedHashMap<>();
    /** Statuses any operation may answer although the document lists them per operation only, or not at all. */
    static final Map<Integer, String> STATUSES = new LinkedHashMap<>();
    /** Query parameters sent beyond an operation's declared ones, as "METHOD /template?name". */
    static final Map<String, String> QUERY = new LinkedHashMap<>();
    /** Body fields whose type the document contradicts elsewhere, as "METHOD /template request|response $.path". */
    static final Map<String, String> BODY = new LinkedHashMap<>();
    /**
     * Emulator profiles whose answers depart from the document on purpose (the API as it may really behave, api.md's open
     * questions): the connector's requests under them are still checked, those answers are not.
     */
    static final Map<String, String> PROFILES = new LinkedHashMap<>();

    static {
        OPERATIONS.put("POST /invoices", "Structured invoice create: in the seed's endpoint list, not in the document (api.md §0.1, §0.3)");
        OPERATIONS.put("POST /invoices/{id}/approvers", "Add an approver: described in the docs, path from the seed, body shaped like GET /approvers (api.md §0.3, §9.5)");
        OPERATIONS.put("DELETE /invoices/{id}/approvers", "Remove an approver: described in the docs (invoice id + approval_id), path from the seed (api.md §9.5)");
        OPERATIONS.put("POST /invoices/{id}/approve", "Approve: described in the docs, path from the seed (api.md §9.5)");
        OPERATIONS.put("POST /vendors/bulk-create", "The seed's and guide's spelling of POST /vendors/bulk, the default (api.md §0.1)");
        OPERATIONS.put("POST /dimensions/bulk-create", "The seed's and guide's spelling of POST /dimensions/bulk, the default (api.md §0.1)");

        STATUSES.put(401, "An expired or revoked token; the connector renews it once (api.md §2)");
        STATUSES.put(404, "An id that does not exist; the document declares 404 on some operations only");
        STATUSES.put(409, "Idempotency: the first request with this key is still in flight (api.md §0.5)");
        STATUSES.put(422, "Idempotency: key reused with another body, or a single-use upload key (api.md §0.5)");
        STATUSES.put(429, "Rate limit with Retry-After (api.md §0.4)");
        STATUSES.put(400, "Validation errors; the document declares 400 on most but not all write operations");
        STATUSES.put(207, "Multi-Status when some records of a bulk call failed (api.md §7; documented for vendors)");

        PROFILES.put("page-cap", "List answers without count and with fewer items than asked: a server whose pages are capped");
        PROFILES.put("patch-conflicts", "412 to a PATCH that raced another writer, which the document does not declare");
        PROFILES.put("async-master-data-bulk", "202 with a batch to follow on vendor and dimension bulk calls, documented for catalog bulk only");
        PROFILES.put("bulk-results-unnumbered", "Batch results without their task numbers, in the order the tasks finished: the writers "
                + "then match results by the key each record sent, read back exactly, and fail what none proves");
        PROFILES.put("json-token", "415 to a form-encoded token request: an auth host that takes JSON only (the token request body is JSON then)");

        final String invoiceIds = "Invoice ids are UUID strings in GET /invoices but integers here (api.md §8, §12.5): the connector sends "
                + "the ids the API listed";
        BODY.put("POST /invoices/mark-exported request $.invoices[*].invoice_id", invoiceIds);
        BODY.put("POST /invoices/mark-exported response $.updated[*]", invoiceIds);
        BODY.put("POST /invoices/mark-exported response $.failed[*].id", invoiceIds);
        BODY.put("POST /invoices/mark-unexported request $.invoices[*].invoice_id", invoiceIds);
        BODY.put("POST /invoices/mark-unexported response $.updated[*]", invoiceIds);
        BODY.put("POST /invoices/mark-unexported response $.flagged[*]", invoiceIds);
        BODY.put("POST /catalog/allowances request $.catalog_entry_id",
                "Catalog entry ids are cte_ strings (api.md §8, GET /catalog/entries) but the allowance schema says integer");
    }

    private Deviations() {
    }
}
