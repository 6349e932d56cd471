/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Invoice endpoints beyond CRUD: upload and extraction, import, export marks, approvals and flags. */
final class InvoiceWorkflowRoutes {
    static final long MAX_UPLOAD_BYTES = 25L * 1024 * 1024;
    private static final Set<String> FILE_TYPES = Set.of("pdf", "jpg", "jpeg", "png", "tiff", "tif");
    private static final int MAX_IMPORT = 100;

    private final InMemoryStore store;
    private final InvoiceRoutes invoices;
    private final Batches batches;
    private final Clock clock;
    private final Map<String, ObjectNode> uploads = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> uploadPolls = new ConcurrentHashMap<>();
    private final Map<String, List<ObjectNode>> approvals = new ConcurrentHashMap<>();
    private final Set<String> importedUploadIds = ConcurrentHashMap.newKeySet();
    private volatile int pollsToExtract = 2;

    InvoiceWorkflowRoutes(final InMemoryStore store, final InvoiceRoutes invoices, final Batches batches, final Clock clock) {
        this.store = store;
        this.invoices = invoices;
        this.batches = batches;
        this.clock = clock;
    }

    void register(final Router router) {
        router.add("POST", "/invoices/upload", (request, params) -> upload(request));
        router.add("GET", "/invoices/uploads", (request, params) -> listUploads(request));
        router.add("POST", "/invoices/import", (request, params) -> importInvoices(request));
        router.add("POST", "/invoices/mark-exported", (request, params) -> mark(request, true));
        router.add("POST", "/invoices/mark-unexported", (request, params) -> mark(request, false));
        router.add("GET", "/invoices/{id}/approvers", (request, params) -> withInvoice(params, invoice -> listApprovers(invoice)));
        router.add("POST", "/invoices/{id}/approvers", (request, params) -> withInvoice(params, invoice -> addApprover(invoice, request)));
        router.add("DELETE", "/invoices/{id}/approvers", (request, params) -> withInvoice(params, invoice -> removeApprover(invoice, request)));
        router.add("POST", "/invoices/{id}/approve", (request, params) -> withInvoice(params, invoice -> approve(invoice)));
        router.add("POST", "/invoices/{id}/flag", (request, params) -> withInvoice(params, invoice -> flag(invoice, request)));
        router.add("PATCH", "/invoices/{id}/images", (request, params) -> withInvoice(params, invoice -> replaceImages(invoice, request)));
        router.add("GET", "/invoices/receiver-export", (request, params) -> receiverExport(request));
    }

    /** List calls an upload stays "processing" before its invoice appears (default 2). */
    void setPollsToExtract(final int polls) {
        this.pollsToExtract = polls;
    }

    /** Fault: extraction of this upload fails (it stays in the list with status "failed"). */
    void failExtraction(final String referenceId) {
        final ObjectNode upload = uploads.get(referenceId);
        if (upload != null) {
            upload.put("status", "failed");
        }
    }

    List<ObjectNode> uploads() {
        return List.copyOf(uploads.values());
    }

    // ---- upload and extraction

    private ApiResponse upload(final ApiRequest request) {
        final Multipart multipart = request.multipart();
        if (multipart == null) {
            return ApiResponse.error(400, "bad_request", "Expected multipart/form-data with ottimate_location_id and file");
        }
        if (multipart.fields().containsKey("_error")) {
            return ApiResponse.error(400, "bad_request", "Malformed multipart body: " + multipart.fields().get("_error"));
        }
        final Map<String, String> fields = multipart.fields();
        final Validation errors = new Validation(Json.object());
        final String location = fields.get("ottimate_location_id");
        if (location == null || !location.matches("\\d+")) {
            errors.error("ottimate_location_id", "A valid integer is required.");
        }
        if (multipart.file() == null) {
            errors.error("file", "No file was submitted.");
        }
        if (fields.containsKey("metadata")) {
            try {
                if (!Json.parse(fields.get("metadata").getBytes(StandardCharsets.UTF_8)).isObject()) {
                    errors.error("metadata", "Must be a JSON object.");
                }
            } catch (final IOException e) {
                errors.error("metadata", "Must be a JSON object.");
            }
        }
        if (!errors.ok()) {
            return errors.toResponse();
        }
        final Multipart.FilePart file = multipart.file();
        if (file.size() > MAX_UPLOAD_BYTES) {
            return ApiResponse.error(413, "file_too_large", "File exceeds the 25 MB limit");
        }
        final String filename = fields.getOrDefault("filename", file.filename());
        final String extension = filename.contains(".") ? filename.substring(filename.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        if (!FILE_TYPES.contains(extension)) {
            return ApiResponse.error(422, "unsupported_file_type", "Supported file types: PDF, JPG, JPEG, PNG, TIFF");
        }
        final String reference = UUID.randomUUID().toString();
        final ObjectNode upload = Json.object();
        upload.put("id", reference);
        upload.put("filename", filename);
        upload.put("status", "processing");
        upload.put("date", Timestamps.plain(clock.instant()));
        upload.put("no_of_pages", 1);
        upload.put("ottimate_location_id", Integer.parseInt(location));
        upload.put("ottimate_location_name", "Location " + location);
        upload.put("preview_url", "https://files.example.invalid/uploads/" + reference);
        upload.put("size", file.size());
        upload.put("sha256", file.sha256());
        uploads.put(reference, upload);
        uploadPolls.put(reference, new AtomicInteger());
        final ObjectNode body = Json.object();
        body.put("version", "1.0.0");
        body.put("reference_id", reference);
        return ApiResponse.json(200, body);
    }

    private ApiResponse listUploads(final ApiRequest request) {
        final Optional<String> location = request.queryParam("ottimate_location_id");
        final ObjectNode body = Json.object();
        body.put("version", "1.0.0");
        final ArrayNode results = body.putArray("results");
        for (final ObjectNode upload : List.copyOf(uploads.values())) {
            if (location.isPresent() && !location.get().equals(upload.get("ottimate_location_id").asText())) {
                continue;
            }
            final String id = upload.get("id").asText();
            if ("processing".equals(upload.get("status").asText()) && uploadPolls.get(id).incrementAndGet() > pollsToExtract) {
                uploads.remove(id);
                final ObjectNode extracted = Json.object();
                extracted.put("ottimate_location_id", upload.get("ottimate_location_id").asInt());
                extracted.put("invoice_number", "EXT-" + id.substring(0, 8));
                extracted.put("notes", "Extracted from " + upload.get("filename").asText());
                // the uploaded file becomes the invoice's image
                extracted.putArray("images").addObject().put("id", Math.abs(id.hashCode() % 1_000_000))
                        .put("url", upload.get("preview_url").asText() + "/" + URLEncoder.encode(upload.get("filename").asText(),
                                StandardCharsets.UTF_8).replace("+", "%20"));
                invoices.store(extracted);
                continue;
            }
            final ObjectNode shown = upload.deepCopy();
            shown.remove(List.of("size", "sha256", "ottimate_location_id"));
            results.add(shown);
        }
        body.put("count", results.size());
        return ApiResponse.json(200, body);
    }

    // ---- images

    private ApiResponse replaceImages(final ObjectNode invoice, final ApiRequest request) {
        final Multipart multipart = request.multipart();
        if (multipart == null || multipart.file() == null) {
            return ApiResponse.error(400, "validation_error", Map.of("images", "No image was submitted."));
        }
        final Multipart.FilePart file = multipart.file();
        if (!file.name().equals("images") && !file.name().equals("images[]")) {
            return ApiResponse.error(400, "validation_error", Map.of("images", "No image was submitted (expected the 'images' part)."));
        }
        if (file.size() > MAX_UPLOAD_BYTES) {
            return ApiResponse.error(413, "file_too_large", "File exceeds the 25 MB limit");
        }
        final ObjectNode body = Json.object();
        final ArrayNode images = body.putArray("images");
        final ArrayNode errors = body.putArray("image_errors");
        final String name = file.filename();
        final String extension = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        if (!FILE_TYPES.contains(extension)) {
            errors.addObject().put("filename", name).put("error", "Supported formats: PDF, JPG, JPEG, PNG");
        } else {
            final ObjectNode image = images.addObject();
            image.put("id", Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000));
            image.put("url", "https://files.example.invalid/invoices/" + invoice.get("id").asText() + "/" + name);
            invoice.set("images", images.deepCopy());
            invoices.touch(invoice);
        }
        return ApiResponse.json(200, body);
    }

    // ---- receiver export: catalog-matched lines of exported invoices

    private ApiResponse receiverExport(final ApiRequest request) {
        final Optional<String> company = request.queryParam("ottimate_company_id");
        final Optional<String> location = request.queryParam("ottimate_location_id");
        if (company.isEmpty() || location.isEmpty()) {
            return ApiResponse.error(400, "validation_error", Map.of("ottimate_company_id", "Required with ottimate_location_id."));
        }
        final Page page;
        try {
            page = Page.from(request, 50, 200);
        } catch (final Page.InvalidPage e) {
            return ApiResponse.error(400, "bad_request", e.getMessage());
        }
        final List<ObjectNode> exported = store.invoices().all().stream()
                .filter(i -> "exported".equals(i.path("status").asText()))
                .filter(i -> location.get().equals(i.path("ottimate_location_id").asText()))
                .toList();
        final ObjectNode body = Json.object();
        body.put("count", exported.size());
        final boolean more = (long) page.page() * page.limit() < exported.size();
        if (more) {
            body.put("next", "/v1/invoices/receiver-export?page=" + (page.page() + 1));
        } else {
            body.putNull("next");
        }
        if (page.page() > 1) {
            body.put("previous", "/v1/invoices/receiver-export?page=" + (page.page() - 1));
        } else {
            body.putNull("previous");
        }
        final ArrayNode results = body.putArray("results");
        for (final ObjectNode invoice : page.slice(exported)) {
            // the documented receiver-export object: invoice header, then each line as the catalog knows it
            final ObjectNode entry = results.addObject();
            entry.set("ottimate_invoice_id", invoice.get("id"));
            entry.put("ottimate_company_id", Integer.parseInt(company.get()));
            entry.set("ottimate_location_id", invoice.get("ottimate_location_id"));
            entry.set("invoice_number", invoice.get("invoice_number"));
            entry.put("vendor_name", invoice.path("ottimate_vendor_name").asText(""));
            entry.set("invoice_date", invoice.path("invoice_date").isMissingNode() ? NullNode.getInstance() : invoice.get("invoice_date"));
            entry.set("exported_at", invoice.path("exported_date").isMissingNode() ? NullNode.getInstance() : invoice.get("exported_date"));
            entry.set("exported_at_utc", invoice.path("exported_date_utc").isMissingNode() ? NullNode.getInstance() : invoice.get("exported_date_utc"));
            entry.put("receiver_status", "success");
            final ArrayNode lines = entry.putArray("receiver_lines");
            for (final JsonNode item : invoice.path("items")) {
                final ObjectNode line = lines.addObject();
                line.putNull("catalog_unique_key");
                line.put("upc", item.path("upc").asText(""));
                line.put("description", item.path("name").asText(""));
                line.put("uom", item.path("uom").asText("EA"));
                line.put("case_pack", 1);
                line.set("quantity_received", item.get("quantity"));
                line.set("unit_price", item.get("price"));
                line.put("extended_price", item.path("price").decimalValue().multiply(item.path("quantity").decimalValue()));
                line.putNull("pack_size");
                line.putNull("vendor_id");
                line.put("ottimate_catalog_id", "cte_" + Integer.toHexString(item.path("sku").asText(item.path("name").asText()).hashCode()));
            }
        }
        return ApiResponse.json(200, body);
    }

    // ---- import (async, at most 100)

    /** Forgets which upload_ids were imported (the emulator's reset). */
    void clearImports() {
        importedUploadIds.clear();
    }

    private ApiResponse importInvoices(final ApiRequest request) throws Exception {
        final JsonNode body = JsonBodies.parse(request);
        if (!body.isArray()) {
            return ApiResponse.error(400, "parse_error", "Expected a JSON array of invoices");
        }
        if (body.isEmpty() || body.size() > MAX_IMPORT) {
            return ApiResponse.error(400, "bad_request", "Send between 1 and " + MAX_IMPORT + " invoices per import");
        }
        final List<JsonNode> tasks = new ArrayList<>();
        body.forEach(tasks::add);
        final ObjectNode accepted = batches.submit("/v1", tasks, this::importOne);
        ((ObjectNode) accepted.get("summary")).put("invoice_count", tasks.size());
        return ApiResponse.json(202, accepted);
    }

    private Batches.TaskResult importOne(final JsonNode task) {
        if (!(task instanceof ObjectNode invoice)) {
            return Batches.TaskResult.failed("Expected an invoice object");
        }
        final Validation validation = InvoiceRoutes.validateCreate(invoice).requireString("upload_id");
        if (!validation.ok()) {
            return Batches.TaskResult.failed(validation.toResponse().bodyText());
        }
        if (!importedUploadIds.add(invoice.get("upload_id").asText())) {
            return Batches.TaskResult.failed("upload_id " + invoice.get("upload_id").asText() + " was already imported");
        }
        return Batches.TaskResult.ok(invoices.store(invoice));
    }

    // ---- export marks

    private ApiResponse mark(final ApiRequest request, final boolean exported) throws Exception {
        final Optional<ObjectNode> body = JsonBodies.object(request);
        if (body.isEmpty() || !body.get().path("invoices").isArray()) {
            return ApiResponse.error(400, "validation_error", Map.of("invoices", "Expected a list of {invoice_id, marked_reason}."));
        }
        final ArrayNode list = (ArrayNode) body.get().get("invoices");
        if (list.isEmpty() || list.size() > 100) {
            return ApiResponse.error(400, "validation_error", Map.of("invoices", "Send between 1 and 100 invoices."));
        }
        final ObjectNode response = Json.object();
        final ArrayNode updated = response.putArray("updated");
        final ArrayNode failed = response.putArray("failed");
        final ArrayNode flagged = exported ? null : response.putArray("flagged");
        final ArrayNode skipped = exported ? null : response.putArray("skipped");
        for (final JsonNode entry : list) {
            final JsonNode id = entry.get("invoice_id");
            final Optional<ObjectNode> invoice = id == null ? Optional.empty() : store.invoices().get(id.asText());
            if (invoice.isEmpty()) {
                final ObjectNode failure = failed.addObject();
                failure.set("id", id);
                failure.put("error", "Invoice not found");
                continue;
            }
            final ObjectNode copy = invoice.get().deepCopy();
            final boolean isExported = "exported".equals(copy.path("status").asText());
            if (exported) {
                copy.put("status", "exported");
                Timestamps.put(copy, "exported_date", clock.instant());
            } else if (!isExported) {
                skipped.add(id);
                continue;
            } else {
                final boolean flag = body.get().path("flag_invoice").asBoolean(false);
                copy.put("status", flag ? "incomplete" : "ready-for-export");
                copy.remove(List.of("exported_date", "exported_date_utc"));
                if (flag) {
                    flagged.add(id);
                }
            }
            final String reason = entry.path("marked_reason").asText(body.get().path("marked_reason").asText(""));
            copy.withArray("history").addObject().put("event", exported ? "marked_exported" : "marked_unexported").put("reason", reason);
            invoices.touch(copy);
            updated.add(id);
        }
        return ApiResponse.json(200, response);
    }

    // ---- approvals and flags

    private interface InvoiceAction {
        ApiResponse apply(ObjectNode invoice) throws Exception;
    }

    private ApiResponse withInvoice(final Map<String, String> params, final InvoiceAction action) throws Exception {
        final Optional<ObjectNode> invoice = store.invoices().get(params.get("id"));
        if (invoice.isEmpty()) {
            return ApiResponse.error(404, "not_found", "Invoice " + params.get("id") + " does not exist");
        }
        return action.apply(invoice.get().deepCopy());
    }

    private ApiResponse listApprovers(final ObjectNode invoice) {
        final ObjectNode body = Json.object();
        body.put("version", "1.0.0");
        final ArrayNode list = body.putArray("approvers");
        approvals.getOrDefault(invoice.get("id").asText(), List.of()).forEach(list::add);
        return ApiResponse.json(200, body);
    }

    private ApiResponse addApprover(final ObjectNode invoice, final ApiRequest request) throws Exception {
        final Optional<ObjectNode> body = JsonBodies.object(request);
        final String email = body.map(b -> b.path("approver").path("email").asText("")).orElse("");
        if (!email.contains("@")) {
            return ApiResponse.error(400, "validation_error", Map.of("approver.email", "Enter a valid email address."));
        }
        return ApiResponse.json(201, addApproval(invoice.get("id").asText(), email));
    }

    /** Adds a manual approval for {@code email} to the invoice; answers it. */
    ObjectNode addApproval(final String invoiceId, final String email) {
        final ObjectNode approval = Json.object();
        approval.put("id", "pbjappr_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
        final ObjectNode approver = approval.putObject("approver");
        approver.put("id", Integer.toString(Math.abs(email.hashCode() % 100000)));
        approver.put("email", email);
        approver.put("display_name", email.substring(0, email.indexOf('@')));
        approval.putObject("policy");
        Timestamps.put(approval, "created_date", clock.instant());
        approvals.computeIfAbsent(invoiceId, k -> new CopyOnWriteArrayList<>()).add(approval);
        return approval;
    }

    /** The approvals of an invoice, as stored. */
    List<ObjectNode> approvals(final String invoiceId) {
        return List.copyOf(approvals.getOrDefault(invoiceId, List.of()));
    }

    private ApiResponse removeApprover(final ObjectNode invoice, final ApiRequest request) {
        final String approvalId = request.queryParam("approval_id").orElse("");
        final List<ObjectNode> list = approvals.getOrDefault(invoice.get("id").asText(), List.of());
        final boolean removed = list.removeIf(a -> a.get("id").asText().equals(approvalId));
        return removed ? new ApiResponse(204, Map.of(), new byte[0])
                : ApiResponse.error(404, "not_found", "Approval " + approvalId + " is not on invoice " + invoice.get("id").asText());
    }

    private ApiResponse approve(final ObjectNode invoice) {
        final String status = invoice.path("status").asText();
        if (status.equals("exported") || status.equals("archived")) {
            return ApiResponse.error(400, "invalid_state", "An invoice that is " + status + " cannot be approved");
        }
        Timestamps.put(invoice, "approved_date", clock.instant());
        invoice.put("status", "ready-for-export");
        invoices.touch(invoice);
        return ApiResponse.json(200, outcome(invoice, "Invoice approved"));
    }

    private ApiResponse flag(final ObjectNode invoice, final ApiRequest request) throws Exception {
        final Optional<ObjectNode> body = JsonBodies.object(request);
        final String reason = body.map(b -> b.path("flagging_reason").asText("")).orElse("");
        if (reason.isBlank()) {
            return ApiResponse.error(400, "validation_error", Map.of("flagging_reason", "This field is required."));
        }
        invoice.put("status", "incomplete");
        invoice.put("flagging_reason", reason);
        invoices.touch(invoice);
        return ApiResponse.json(200, outcome(invoice, "Invoice flagged for review"));
    }

    private static ObjectNode outcome(final ObjectNode invoice, final String message) {
        final ObjectNode body = Json.object();
        body.put("success", true);
        body.put("message", message);
        final ObjectNode summary = body.putObject("invoice");
        summary.set("id", invoice.get("id"));
        summary.set("invoice_number", invoice.get("invoice_number"));
        summary.set("status", invoice.get("status"));
        return body;
    }
}
