/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.emulator;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Every request the emulator received, in arrival order, for tests to assert on. */
public final class RequestJournal {
    private static final Pattern ID_SEGMENT = Pattern.compile("/(?=[^/]*\\d)[^/]{8,}");
    // appended by every request: a copy-on-write list would copy itself each time (quadratic in a benchmark's load)
    private final Queue<ApiRequest> requests = new ConcurrentLinkedQueue<>();
    private final Set<String> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean recordBodies = true;

    void record(final ApiRequest request) {
        connections.add(request.connection());
        requests.add(recordBodies ? request : new ApiRequest(request.method(), request.rawPath(), request.rawQuery(),
                request.headers(), new byte[0], request.connection(), request.receivedAtNanos(), request.multipart()));
    }

    /** Benchmarks turn bodies off so the journal does not dominate the heap. */
    public void setRecordBodies(final boolean recordBodies) {
        this.recordBodies = recordBodies;
    }

    /** "POST /invoices x6, POST /oauth/token x1": requests by method and path, ids (segments of 8+ characters with a digit) folded. */
    public String summary() {
        final Map<String, Integer> counts = new TreeMap<>();
        requests.forEach(request -> counts.merge(request.method() + " " + ID_SEGMENT.matcher(request.apiPath()).replaceAll("/{id}"), 1, Integer::sum));
        final StringBuilder text = new StringBuilder();
        counts.forEach((call, count) -> text.append(text.isEmpty() ? "" : ", ").append(call).append(" x").append(count));
        return text.isEmpty() ? "no requests" : text.toString();
    }

    public List<ApiRequest> all() {
        return List.copyOf(requests);
    }

    public List<ApiRequest> matching(final String method, final String apiPathPrefix) {
        return filter(r -> r.method().equals(method) && r.apiPath().startsWith(apiPathPrefix));
    }

    public List<ApiRequest> filter(final Predicate<ApiRequest> predicate) {
        return requests.stream().filter(predicate).toList();
    }

    public long tokenRequests() {
        return matching("POST", "/oauth/token").size();
    }

    /** Distinct client TCP connections seen (each is a remote address:port). */
    public int connectionCount() {
        return connections.size();
    }

    public void clear() {
        requests.clear();
        connections.clear();
    }
}
