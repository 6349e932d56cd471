/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.client.model;

import com.ottimate.nifi.client.Secret;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** What a request sends. Bodies are replayable so a retry sends exactly the same bytes. */
public sealed interface RequestBody permits RequestBody.Json, RequestBody.Form, RequestBody.Multipart {

    String contentType();

    HttpRequest.BodyPublisher publisher();

    static RequestBody json(final byte[] bytes) {
        return new Json(bytes);
    }

    /** A JSON document, already serialized. */
    record Json(byte[] bytes) implements RequestBody {
        @Override
        public String contentType() {
            return "application/json";
        }

        @Override
        public HttpRequest.BodyPublisher publisher() {
            return HttpRequest.BodyPublishers.ofByteArray(bytes);
        }

        @Override
        public String toString() {
            return "Json[" + bytes.length + " bytes]";
        }
    }

    /** {@code application/x-www-form-urlencoded}; values may be secrets, so toString names fields only. */
    record Form(Map<String, Secret> fields) implements RequestBody {
        @Override
        public String contentType() {
            return "application/x-www-form-urlencoded";
        }

        @Override
        public HttpRequest.BodyPublisher publisher() {
            final String encoded = fields.entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + '=' + URLEncoder.encode(e.getValue().reveal(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return HttpRequest.BodyPublishers.ofString(encoded);
        }

        @Override
        public String toString() {
            return "Form" + fields.keySet();
        }
    }

    /** Opens the file's bytes; called once per attempt so nothing is held in memory. */
    @FunctionalInterface
    interface StreamSource {
        InputStream open() throws IOException;
    }

    /**
     * {@code multipart/form-data} with text fields and one streamed file part. The length is known up front
     * (the file size is), so the request carries a Content-Length and the file is never buffered.
     */
    record Multipart(Map<String, String> fields, String fileField, String filename, String fileContentType, long fileSize,
                     StreamSource file, String boundary) implements RequestBody {

        public static Multipart of(final Map<String, String> fields, final String fileField, final String filename,
                                   final String fileContentType, final long fileSize, final StreamSource file) {
            return new Multipart(fields, fileField, filename, fileContentType, fileSize, file, "ottimate-" + UUID.randomUUID());
        }

        @Override
        public String contentType() {
            return "multipart/form-data; boundary=" + boundary;
        }

        @Override
        public HttpRequest.BodyPublisher publisher() {
            final byte[] head = head();
            final byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
            final long length = head.length + fileSize + tail.length;
            return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
                try {
                    return new SequenceInputStream(Collections.enumeration(List.of(
                            new ByteArrayInputStream(head), file.open(), new ByteArrayInputStream(tail))));
                } catch (final IOException e) {
                    throw new UncheckedIOException(e);
                }
            }), length);
        }

        private byte[] head() {
            final StringBuilder head = new StringBuilder();
            fields.forEach((name, value) -> head.append("--").append(boundary).append("\r\n")
                    .append("Content-Disposition: form-data; name=\"").append(quote(name)).append("\"\r\n\r\n")
                    .append(value).append("\r\n"));
            head.append("--").append(boundary).append("\r\n")
                    .append("Content-Disposition: form-data; name=\"").append(quote(fileField)).append("\"; filename=\"").append(quote(filename)).append("\"\r\n")
                    .append("Content-Type: ").append(fileContentType).append("\r\n\r\n");
            return head.toString().getBytes(StandardCharsets.UTF_8);
        }

        /** Quotes and line breaks would end the header early: drop them. */
        private static String quote(final String value) {
            return value.replaceAll("[\"\r\n]", "_");
        }

        @Override
        public String toString() {
            return "Multipart" + fields.keySet() + "+" + fileField + "[" + fileSize + " bytes]";
        }
    }
}
