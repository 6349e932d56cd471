/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.invoices;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.ottimate.nifi.client.ExactJson;
import com.ottimate.nifi.client.Finding;
import com.ottimate.nifi.client.IdentityMatch;
import com.ottimate.nifi.client.Lookup;
import com.ottimate.nifi.client.model.OttimateRequest;
import com.ottimate.nifi.client.model.OttimateResult;
import com.ottimate.nifi.client.model.UnansweredWrite;
import com.ottimate.nifi.processors.resources.ApiResource;
import com.ottimate.nifi.services.OttimateConnectionService;
import org.apache.nifi.flowfile.FlowFile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One invoice write, whatever the input mode: the create and update calls that PutOttimateInvoice's JSON path and its records
 * ({@link InvoiceRecords}) send, the bytes they send, and how each (and an imported record) is proven. They are safe to send again after an attempt whose outcome
 * is unknown (a time-out, a lost answer), even where the server ignores {@code Idempotency-Key} (a beta header in production) or a PATCH
 * adds its lines again: the client looks for what the earlier attempts did and takes nothing for this write's result it cannot prove.
 */
final class InvoiceWrite {
    /** What makes an invoice the one a create sent: the fields accounts payable tells invoices apart by. */
    static final List<String> IDENTITY = List.of("invoice_number", "erp_vendor_id", "ottimate_vendor_id", "invoice_date", "total_amount",
            "ottimate_location_id");

    /** The line ids an unanswered update found before its first attempt, carried on its way back from 'retry'. */
    static final String LINES_BEFORE = ApiResource.INVOICE_LINES_BEFORE;

    private static final ObjectMapper JSON = ExactJson.mapper();

    private InvoiceWrite() {
    }

    /** What {@link #LINES_BEFORE} says, or null when the flowfile carries none. */
    static Set<String> linesBefore(final FlowFile flowFile) {
        final String value = flowFile.getAttribute(LINES_BEFORE);
        if (value == null) {
            return null;
        }
        return value.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(value.split(",")));
    }

    /** The bytes sent, from which records also derive their idempotency keys. */
    static byte[] toBytes(final ObjectNode invoice) {
        try {
            return JSON.writeValueAsBytes(invoice);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("A parsed JSON tree always serializes", e);
        }
    }

    /**
     * A create, proven by {@link #lookup}. A write whose attempt went unanswered ({@code unanswered}: {@code ottimate.unanswered.since}
     * / {@code .settled}) waits on 'retry' until Ottimate can no longer be applying any of its attempts, then looks before it is sent again.
     */
    static OttimateRequest create(final byte[] body, final ObjectNode invoice, final String key, final UnansweredWrite unanswered) {
        return ApiResource.INVOICES.create().json(body).idempotencyKey(key).unanswered(unanswered).lookup(lookup(invoice)).build();
    }

    /**
     * A create that carries a reference only it sends in the invoice custom field {@code referenceField} (the value the
     * content has for it, else {@code key}), and is proven by that field alone: {@code GET /v1/invoices?custom_fields=}
     * narrowed by number and location, read back exactly. {@code referenceField} null: {@link #create(byte[], ObjectNode,
     * String, UnansweredWrite)}.
     */
    static OttimateRequest create(final ObjectNode invoice, final String key, final UnansweredWrite unanswered, final String referenceField) {
        if (referenceField == null) {
            return create(toBytes(invoice), invoice, key, unanswered);
        }
        final JsonNode custom = invoice.get("custom_fields");
        final ObjectNode fields = custom instanceof ObjectNode object ? object : invoice.putObject("custom_fields");
        final JsonNode given = fields.get(referenceField);
        final String reference = given != null && given.isValueNode() && !given.asText().isBlank() ? given.asText() : key;
        fields.put(referenceField, reference);
        return ApiResource.INVOICES.create().json(toBytes(invoice)).idempotencyKey(key).unanswered(unanswered)
                .lookup(referenceLookup(invoice, referenceField, reference)).build();
    }

    private static Lookup referenceLookup(final ObjectNode invoice, final String referenceField, final String reference) {
        final IdentityMatch match = IdentityMatch.of("invoice " + invoice.path("invoice_number").asText("") + " (" + referenceField + " "
                + reference + ")", Map.of("custom_fields." + referenceField, TextNode.valueOf(reference)), "created_at_utc");
        final OttimateRequest.Builder search = ApiResource.INVOICES.list(null)
                .query("custom_fields", JsonNodeFactory.instance.objectNode().put(referenceField, reference).toString());
        final String number = invoice.path("invoice_number").asText("");
        if (!number.isBlank()) {
            // the API may not apply the custom field filter: the number keeps what is read small, the read-back decides
            search.query("search", number);
        }
        final String location = invoice.path("ottimate_location_id").asText("");
        if (!location.isBlank()) {
            search.query("ottimate_location_ids", location);
        }
        return Lookup.listing(search.build(), "results", 100, Lookup.MAX_PAGES, match::judge);
    }

    /**
     * How a create is found again: by its number (and location), then judged by its whole business identity ({@link #IDENTITY}, as
     * far as it sent them), made since shortly before its first attempt. Another vendor's invoice with the same number is not it;
     * one that cannot be told apart goes to a person ({@code unconfirmed_write}).
     */
    static Lookup lookup(final ObjectNode invoice) {
        final String number = invoice.path("invoice_number").asText("");
        if (number.isBlank()) {
            return Lookup.unprovable("The invoice carries no invoice_number, so nothing in Ottimate can be proven to be the one its unanswered "
                    + "attempt may have created. Check in Ottimate, then send it again or drop it");
        }
        final Map<String, JsonNode> identity = new LinkedHashMap<>();
        IDENTITY.forEach(field -> identity.put(field, invoice.get(field)));
        final IdentityMatch match = IdentityMatch.of("invoice " + number, identity, "created_at_utc");
        final String location = invoice.path("ottimate_location_id").asText("");
        final OttimateRequest search = ApiResource.INVOICES.list(null).query("search", number).query("ottimate_location_ids", location).build();
        return Lookup.listing(search, "results", 100, Lookup.MAX_PAGES, match::judge);
    }

    /**
     * How an imported invoice is found again: by its number (and location), then proven by its {@code upload_id} read back
     * exactly beside its business identity; the API imports an upload_id once, so the invoice showing it is this import.
     */
    static Lookup importLookup(final ObjectNode invoice) {
        final String number = invoice.path("invoice_number").asText("");
        if (number.isBlank()) {
            return Lookup.unprovable("The invoice carries no invoice_number, so the invoice its unanswered import may have made cannot be "
                    + "looked for. Check upload " + invoice.path("upload_id").asText() + " in Ottimate, then send it again or drop it");
        }
        // another vendor's invoice 1001 differs in its identity; one equal in it that does not show the upload_id cannot be told apart
        final Map<String, JsonNode> identity = new LinkedHashMap<>();
        IDENTITY.forEach(field -> identity.put(field, invoice.get(field)));
        identity.put("upload_id", invoice.path("upload_id"));
        final IdentityMatch match = IdentityMatch.of("invoice " + number + " (upload_id " + invoice.path("upload_id").asText() + ")", identity,
                "created_at_utc");
        final OttimateRequest search = ApiResource.INVOICES.list(null).query("search", number)
                .query("ottimate_location_ids", invoice.path("ottimate_location_id").asText("")).build();
        return Lookup.listing(search, "results", 100, Lookup.MAX_PAGES, match::judge);
    }

    /**
     * An update ready to send and the ids of the invoice's lines before it (null when it adds no lines); or, when those
     * could not be read, no request and the read's {@code failure}.
     */
    record Update(OttimateRequest request, Set<String> linesBefore, OttimateResult failure) {
    }

    /**
     * PATCH /invoices/{id}. When it adds lines (items without an id), the invoice's line ids before it are needed to tell its own new lines
     * from lines that were there: {@code linesBefore} when an earlier pass recorded them (the flowfile or record came
     * back after an unanswered attempt; the look-up then runs before anything is sent), else read now (one more
     * request). If that read fails, nothing is sent: the write waits on 'retry' (it could not be proven afterwards).
     */
    static Update update(final OttimateConnectionService connection, final String id, final byte[] body, final ObjectNode invoice,
                         final Set<String> linesBefore, final UnansweredWrite unanswered) {
        final OttimateRequest.Builder patch = ApiResource.INVOICES.update(id).json(body);
        final List<JsonNode> added = new ArrayList<>();
        invoice.path("items").forEach(item -> {
            if (!item.hasNonNull("id")) {
                added.add(item);
            }
        });
        if (added.isEmpty()) {
            // sets fields only: the same PATCH again gives the same invoice
            return new Update(patch.build(), null, null);
        }
        final OttimateRequest read = ApiResource.INVOICES.one(id).build();
        final Set<String> existing;
        if (linesBefore != null && unanswered != null) {
            existing = linesBefore;
            patch.unanswered(unanswered);
        } else {
            final OttimateResult before = connection.execute(read);
            if (!(before instanceof OttimateResult.Success success)) {
                return new Update(null, null, before);
            }
            existing = new HashSet<>();
            success.body().path("items").forEach(item -> existing.add(item.path("id").asText()));
        }
        final OttimateRequest request = patch.lookup(Lookup.reading(read, (now, window) -> newLines(id, existing, added, now))).build();
        return new Update(request, existing, null);
    }

    /**
     * All of {@code added}, and no more lines like them, among the invoice's lines that were not there before: proven;
     * none: absent; some, or more than it adds (another writer added the same lines): a person decides.
     */
    private static Finding newLines(final String id, final Set<String> existing, final List<JsonNode> added, final JsonNode now) {
        if (now.isMissingNode()) {
            return new Finding.Unconfirmed("Invoice " + id + " is gone: whether its unanswered update went through cannot be told");
        }
        final List<JsonNode> fresh = new ArrayList<>();
        now.path("items").forEach(item -> {
            if (!existing.contains(item.path("id").asText())) {
                fresh.add(item);
            }
        });
        int found = 0;
        for (final JsonNode line : added) {
            if (takeMatching(fresh, line)) {
                found++;
            }
        }
        if (found == added.size() && added.stream().noneMatch(line -> takeMatching(new ArrayList<>(fresh), line))) {
            return new Finding.Proven(now);
        }
        if (found == added.size()) {
            // more new lines like these than this update adds: another writer added the same lines, and which are ours cannot be told
            return new Finding.Unconfirmed("Invoice " + id + " holds more new lines like the " + added.size() + " its unanswered update adds than it adds: "
                    + "another writer added the same lines meanwhile, and whether this update went through cannot be told. Check the invoice in "
                    + "Ottimate, then send the missing lines or drop it");
        }
        if (found == 0) {
            return Finding.absent();
        }
        return new Finding.Unconfirmed("Invoice " + id + " holds " + found + " of the " + added.size() + " lines its unanswered update adds: "
                + "sending it again would add those twice. Check the invoice in Ottimate, then send the missing lines or drop it");
    }

    /** Removes from {@code candidates} a line equal to {@code line} in every field it was sent with (numbers as decimals). */
    private static boolean takeMatching(final List<JsonNode> candidates, final JsonNode line) {
        for (int i = 0; i < candidates.size(); i++) {
            final JsonNode candidate = candidates.get(i);
            boolean same = true;
            for (final Map.Entry<String, JsonNode> field : line.properties()) {
                final JsonNode theirs = candidate.get(field.getKey());
                if (theirs == null || !(field.getValue().isValueNode() ? IdentityMatch.same(field.getValue(), theirs) : field.getValue().equals(theirs))) {
                    same = false;
                    break;
                }
            }
            if (same) {
                candidates.remove(i);
                return true;
            }
        }
        return false;
    }
}
