/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.invoices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.ottimate.nifi.client.Finding;
import com.ottimate.nifi.client.Lookup;
import com.ottimate.nifi.client.model.OttimateRequest;
import com.ottimate.nifi.client.model.OttimateResult;
import com.ottimate.nifi.processors.resources.ApiResource;
import com.ottimate.nifi.processors.resources.ApiResource.Action;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * How an upload whose answer was lost is found again. Every attachment may be called {@code invoice.pdf}, so the name
 * alone proves nothing: the file is sent under a name tagged from its flowfile's key ({@link #tagged}), and that exact
 * name, read back, is the proof: in the location's processing list (still being extracted), or else in the image of
 * an invoice changed since the first attempt (already extracted). Nothing with the name: the upload never arrived.
 */
final class UploadLookup {
    /** What a proven upload answers: the upload still processing, or the invoice it became. */
    static final String REFERENCE_ID = "reference_id";
    static final String INVOICE_ID = "invoice_id";
    private static final int TAG_LENGTH = 12;

    private UploadLookup() {
    }

    /** {@code invoice.pdf} as {@code invoice-nf<12 hex of SHA-256(key)>.pdf}: unique per key, the same on every attempt. */
    static String tagged(final String filename, final String key) {
        final String tag = "-nf" + digest(key).substring(0, TAG_LENGTH);
        final int dot = filename.lastIndexOf('.');
        return dot <= 0 ? filename + tag : filename.substring(0, dot) + tag + filename.substring(dot);
    }

    static Lookup of(final String location, final String filename) {
        return (read, window) -> {
            final OttimateResult uploads = read.apply(OttimateRequest.get(ApiResource.INVOICES.action(Action.UPLOADS)).query("ottimate_location_id", location).build());
            if (!(uploads instanceof OttimateResult.Success listed)) {
                return new Finding.Unknown(uploads);
            }
            final List<String> processing = new ArrayList<>();
            listed.body().path("results").forEach(upload -> {
                if (filename.equals(upload.path("filename").asText())) {
                    processing.add(upload.path("id").asText());
                }
            });
            if (processing.size() > 1) {
                return new Finding.Unconfirmed(processing.size() + " uploads at location " + location + " are called " + filename + " ("
                        + String.join(", ", processing) + "): which one its lost attempt made cannot be told. Check them in Ottimate");
            }
            if (processing.size() == 1) {
                return new Finding.Proven(JsonNodeFactory.instance.objectNode().put(REFERENCE_ID, processing.getFirst()));
            }
            // not processing (any more): extraction may have finished, leaving the file as an invoice's image
            final OttimateRequest changed = ApiResource.INVOICES.list(null).query("ottimate_location_ids", location)
                    .query(ApiResource.MODIFIED_FROM, window.toString()).build();
            return Lookup.listing(changed, "results", 100, Lookup.MAX_PAGES, (invoices, since) -> extracted(invoices, filename)).find(read, window);
        };
    }

    private static Finding extracted(final List<JsonNode> invoices, final String filename) {
        final String encoded = "/" + URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20");
        final List<String> found = new ArrayList<>();
        for (final JsonNode invoice : invoices) {
            for (final JsonNode image : invoice.path("images")) {
                final String url = image.path("url").asText("");
                if (url.endsWith(encoded) || url.endsWith("/" + filename)) {
                    found.add(invoice.path("id").asText());
                    break;
                }
            }
        }
        return switch (found.size()) {
            case 0 -> Finding.absent();
            case 1 -> new Finding.Proven(JsonNodeFactory.instance.objectNode().put(INVOICE_ID, found.getFirst()));
            default -> new Finding.Unconfirmed(found.size() + " invoices show the image " + filename + " (" + String.join(", ", found)
                    + "): which one its lost upload became cannot be told. Check them in Ottimate");
        };
    }

    private static String digest(final String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
