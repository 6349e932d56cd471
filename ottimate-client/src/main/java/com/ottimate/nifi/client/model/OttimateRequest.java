/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.client.model;

import com.ottimate.nifi.client.Lookup;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One API call, described without any HTTP machinery. Path segments are percent-encoded one by one, so an
 * id such as {@code ../x} or {@code a/b} can never change which endpoint is called.
 */
public final class OttimateRequest {
    /** The API's documented key format. */
    public static final Pattern IDEMPOTENCY_KEY = Pattern.compile("^[A-Za-z0-9._\\-+=/]{1,128}$");

    public enum Method { GET, POST, PATCH, DELETE }

    private final Method method;
    private final List<String> segments;
    private final Map<String, List<String>> query;
    private final RequestBody body;
    private final String idempotencyKey;
    private final boolean atMostOnce;
    private final Lookup lookup;
    private final UnansweredWrite unanswered;
    private final Map<String, String> headers;
    private final boolean trailingSlash;

    /** Headers a request may add beyond the ones every request carries: the API's optional ones. */
    private static final Set<String> OPTIONAL_HEADERS = Set.of("X-Export-Batch-Id");

    private OttimateRequest(final Builder builder) {
        this.method = builder.method;
        this.segments = List.copyOf(builder.segments);
        this.query = Map.copyOf(builder.query);
        this.body = builder.body;
        this.idempotencyKey = builder.idempotencyKey;
        this.atMostOnce = builder.atMostOnce;
        this.lookup = builder.lookup;
        this.unanswered = builder.unanswered;
        this.headers = Map.copyOf(builder.headers);
        this.trailingSlash = builder.trailingSlash;
    }

    /** The optional headers this request carries, e.g. {@code X-Export-Batch-Id}. */
    public Map<String, String> headers() {
        return headers;
    }

    /** This write's earlier attempts that went unanswered (from a flowfile or record that came back on retry). */
    public Optional<UnansweredWrite> unanswered() {
        return Optional.ofNullable(unanswered);
    }

    /** How to find what unanswered attempts of this write did, before it is sent again. */
    public Optional<Lookup> lookup() {
        return Optional.ofNullable(lookup);
    }

    /**
     * True for requests that must not be sent twice by the retry path (single-use idempotency keys, such as
     * file uploads): they are only retried when the API surely did not process them (429, connection refused).
     */
    public boolean atMostOnce() {
        return atMostOnce;
    }

    public static Builder get(final String... segments) {
        return new Builder(Method.GET, segments);
    }

    public static Builder post(final String... segments) {
        return new Builder(Method.POST, segments);
    }

    public static Builder patch(final String... segments) {
        return new Builder(Method.PATCH, segments);
    }

    public static Builder delete(final String... segments) {
        return new Builder(Method.DELETE, segments);
    }

    public Method method() {
        return method;
    }

    public Optional<RequestBody> body() {
        return Optional.ofNullable(body);
    }

    public Optional<String> idempotencyKey() {
        return Optional.ofNullable(idempotencyKey);
    }

    /** {@code /invoices/abc} with every segment percent-encoded (dots too, so {@code ..} stays a literal id). */
    public String encodedPath() {
        return segments.stream().map(OttimateRequest::encodeSegment).collect(Collectors.joining("/", "/", trailingSlash ? "/" : ""));
    }

    public String encodedQuery() {
        return query.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .flatMap(e -> e.getValue().stream().map(v -> encodeQuery(e.getKey()) + '=' + encodeQuery(v)))
                .collect(Collectors.joining("&"));
    }

    /** The (first) value of a query parameter. */
    public Optional<String> queryParam(final String name) {
        final List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /** A copy with other query parameters, used by page iteration. */
    public OttimateRequest withQueryParam(final String name, final String value) {
        final Builder builder = new Builder(method, segments.toArray(String[]::new));
        builder.trailingSlash = trailingSlash;
        builder.query.putAll(query);
        builder.query.put(name, List.of(value));
        builder.body = body;
        builder.idempotencyKey = idempotencyKey;
        builder.atMostOnce = atMostOnce;
        builder.lookup = lookup;
        builder.unanswered = unanswered;
        builder.headers.putAll(headers);
        return builder.build();
    }

    /** The path with ids replaced by {@code {id}}: the endpoint, not the object (for notices about an endpoint). */
    public String template() {
        return segments.stream().map(s -> s.matches(".*\\d.*") && !s.matches("v\\d+") ? "{id}" : s).collect(Collectors.joining("/", "/", ""));
    }

    @Override
    public String toString() {
        return method + " " + encodedPath();
    }

    /** Whether {@code id} can stand as one path segment: not blank, no control characters, not {@code .} or {@code ..}. */
    public static boolean isUsableId(final String id) {
        return id != null && !id.isBlank() && !id.strip().matches("\\.+") && id.chars().noneMatch(Character::isISOControl);
    }

    private static String encodeSegment(final String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20").replace(".", "%2E").replace("*", "%2A");
    }

    private static String encodeQuery(final String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public static final class Builder {
        private final Method method;
        private final List<String> segments = new ArrayList<>();
        private final Map<String, List<String>> query = new LinkedHashMap<>();
        private RequestBody body;
        private String idempotencyKey;
        private boolean atMostOnce;
        private Lookup lookup;
        private UnansweredWrite unanswered;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private boolean trailingSlash;

        /** Segments of the path; a last empty one ({@code "vendors/bulk-create/".split("/", -1)}) keeps the path's trailing slash. */
        private Builder(final Method method, final String... segments) {
            this.method = method;
            for (int i = 0; i < segments.length; i++) {
                final String segment = segments[i];
                if (i == segments.length - 1 && i > 0 && "".equals(segment)) {
                    trailingSlash = true;
                    continue;
                }
                if (segment == null || segment.isEmpty()) {
                    throw new IllegalArgumentException("Path segments must not be empty");
                }
                // percent-encoding alone does not keep '..' from being read as a step up by a server or proxy
                if (segment.matches("\\.+")) {
                    throw new IllegalArgumentException("'" + segment + "' cannot be a path segment");
                }
                this.segments.add(segment);
            }
        }

        /** Earlier attempts went unanswered: the look-up runs before anything is sent, once none of them can still be applied. */
        public Builder unanswered(final UnansweredWrite earlier) {
            this.unanswered = earlier;
            return this;
        }

        /**
         * One of the API's optional headers ({@code X-Export-Batch-Id}).
         *
         * @throws IllegalArgumentException for another header, or a value that is not 1 to 128 safe characters (no CR/LF)
         */
        public Builder header(final String name, final String value) {
            if (!OPTIONAL_HEADERS.contains(name)) {
                throw new IllegalArgumentException(name + " is not one of the API's optional headers " + OPTIONAL_HEADERS);
            }
            if (value == null || !IDEMPOTENCY_KEY.matcher(value).matches()) {
                throw new IllegalArgumentException(name + " must be 1 to 128 characters of A-Z a-z 0-9 . _ - + = /");
            }
            headers.put(name, value);
            return this;
        }

        /** See {@link Lookup}. */
        public Builder lookup(final Lookup how) {
            this.lookup = how;
            return this;
        }

        public Builder query(final String name, final String value) {
            if (value != null && !value.isEmpty()) {
                query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
            return this;
        }

        public Builder json(final byte[] json) {
            this.body = RequestBody.json(json);
            return this;
        }

        public Builder body(final RequestBody body) {
            this.body = body;
            return this;
        }

        /**
         * Sets the {@code Idempotency-Key}.
         *
         * @throws IllegalArgumentException when the key does not match the API's format (this also stops CR/LF header injection)
         */
        public Builder idempotencyKey(final String key) {
            Objects.requireNonNull(key, "key");
            if (!IDEMPOTENCY_KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("Idempotency key must be 1 to 128 characters of A-Z a-z 0-9 . _ - + = /");
            }
            this.idempotencyKey = key;
            return this;
        }

        /** See {@link OttimateRequest#atMostOnce()}. */
        public Builder atMostOnce() {
            this.atMostOnce = true;
            return this;
        }

        public OttimateRequest build() {
            if (method == Method.POST && idempotencyKey == null) {
                throw new IllegalStateException("Every POST carries an Idempotency-Key so that a retry never creates a duplicate");
            }
            return new OttimateRequest(this);
        }
    }
}
