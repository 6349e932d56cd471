/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.client.model;

import com.ottimate.nifi.client.Secret;

import okhttp3.MediaType;
import okio.BufferedSink;
import okio.Okio;
import okio.Source;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** What a request sends. Bodies are replayable so a retry sends exactly the same bytes. */
public sealed interface RequestBody permits RequestBody.Json, RequestBody.Form, RequestBody.Multipart {

    MediaType JSON = MediaType.get("application/json");
    MediaType FORM = MediaType.get("application/x-www-form-urlencoded");
    /** What a POST, PUT or PATCH without a body of its own sends. */
    okhttp3.RequestBody EMPTY = okhttp3.RequestBody.create(new byte[0], null);

    String contentType();

    /** The body as OkHttp sends it (with its Content-Type); a new one for every attempt. */
    okhttp3.RequestBody httpBody();

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
        public okhttp3.RequestBody httpBody() {
            return okhttp3.RequestBody.create(bytes, JSON);
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
        public okhttp3.RequestBody httpBody() {
            final String encoded = fields.entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + '=' + URLEncoder.encode(e.getValue().reveal(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return okhttp3.RequestBody.create(encoded.getBytes(StandardCharsets.UTF_8), FORM);
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

        /** Streamed on the sending thread (the processor's): the head, the file from its source, the tail. */
        @Override
        public okhttp3.RequestBody httpBody() {
            final byte[] head = head();
            final byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
            final MediaType type = MediaType.get(contentType());
            return new okhttp3.RequestBody() {
                @Override
                public MediaType contentType() {
                    return type;
                }

                @Override
                public long contentLength() {
                    return head.length + fileSize + tail.length;
                }

                @Override
                public boolean isOneShot() {
                    // the file is opened once per attempt: a resend is a new attempt of the client's own
                    return true;
                }

                @Override
                public void writeTo(final BufferedSink sink) throws IOException {
                    sink.write(head);
                    try (InputStream in = file.open(); Source source = Okio.source(in)) {
                        final long written = sink.writeAll(source);
                        if (written != fileSize) {
                            throw new IOException("the file has " + written + " bytes, not the " + fileSize + " it was announced with");
                        }
                    }
                    sink.write(tail);
                }
            };
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
