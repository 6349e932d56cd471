/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.invoices;

import com.ottimate.nifi.client.model.RequestBody;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.processor.ProcessSession;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The document an upload sends, as Ottimate takes it: PDF, JPG, PNG or TIFF up to 25 MB, typed by its extension, and
 * streamed from the flowfile's content (never held in memory) in a multipart body.
 */
final class InvoiceFile implements AutoCloseable {
    static final long MAX_BYTES = 25L * 1024 * 1024;
    private static final Map<String, String> TYPES = Map.of("pdf", "application/pdf", "jpg", "image/jpeg", "jpeg", "image/jpeg",
            "png", "image/png", "tif", "image/tiff", "tiff", "image/tiff");
    private static final Set<String> MIME_TYPES = Set.copyOf(TYPES.values());

    /** Why a file cannot be sent, before any request: the error code and what the user reads. */
    record Refusal(String code, String message) {
    }

    final String name;
    final String contentType;
    private final List<InputStream> opened = new ArrayList<>();

    private InvoiceFile(final String name, final String contentType) {
        this.name = name;
        this.contentType = contentType;
    }

    /** What the API would refuse, refused here: empty, over 25 MB, or not PDF/JPG/PNG/TIFF by name or declared type. */
    static Refusal refusal(final long size, final String givenName, final String declared) {
        if (size == 0) {
            return new Refusal("empty_file", "Flowfile content is empty; expected a PDF, JPG, PNG or TIFF file");
        }
        if (size > MAX_BYTES) {
            return new Refusal("file_too_large", "File is " + size + " bytes; Ottimate accepts at most 25 MB (" + MAX_BYTES + " bytes)");
        }
        if (givenName == null || givenName.isBlank() || contentType(givenName, declared).isEmpty()) {
            return new Refusal("unsupported_file_type", "File '" + givenName + "' (" + declared + ") is not a PDF, JPG, JPEG, PNG or TIFF");
        }
        return null;
    }

    /** A file {@link #refusal} let pass: the name to send (with a supported extension) and its type. */
    static InvoiceFile of(final String givenName, final String declared) {
        final String type = contentType(givenName, declared).orElseThrow();
        return new InvoiceFile(withExtension(givenName.strip(), type), type);
    }

    /** The same file under another name (the tagged name of a unique upload). */
    InvoiceFile named(final String otherName) {
        return new InvoiceFile(otherName, contentType);
    }

    /** A multipart body with {@code fields} and the file in {@code fileField}, read from the flowfile only while it is sent. */
    RequestBody.Multipart body(final Map<String, String> fields, final String fileField, final ProcessSession session, final FlowFile flowFile) {
        return RequestBody.Multipart.of(fields, fileField, name, contentType, flowFile.getSize(), () -> {
            final InputStream in = session.read(flowFile);
            opened.add(in);
            return in;
        });
    }

    /** Closes what the body opened (every attempt opens the content again). */
    @Override
    public void close() {
        for (final InputStream in : opened) {
            try {
                in.close();
            } catch (final IOException ignored) {
                // nothing left to do with a stream we only read
            }
        }
    }

    static Optional<String> contentType(final String filename, final String declared) {
        if (declared != null && MIME_TYPES.contains(declared.toLowerCase(Locale.ROOT))) {
            return Optional.of(declared.toLowerCase(Locale.ROOT));
        }
        if (filename == null || !filename.contains(".")) {
            return Optional.empty();
        }
        return Optional.ofNullable(TYPES.get(filename.substring(filename.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT)));
    }

    /** The API decides the type by extension: give a name without a supported one the extension of its MIME type. */
    static String withExtension(final String filename, final String contentType) {
        final String extension = filename.contains(".") ? filename.substring(filename.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        if (TYPES.containsKey(extension)) {
            return filename;
        }
        return filename + switch (contentType) {
            case "application/pdf" -> ".pdf";
            case "image/jpeg" -> ".jpg";
            case "image/png" -> ".png";
            default -> ".tiff";
        };
    }
}
