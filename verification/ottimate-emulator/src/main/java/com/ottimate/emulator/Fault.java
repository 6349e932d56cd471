/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.emulator;

import java.time.Duration;

/** One scripted misbehaviour, applied to the next matching requests. */
public record Fault(Kind kind, int status, Duration retryAfter, Duration delay, String pathPrefix, Runnable action, String method) {

    public enum Kind {
        /** Answer with {@code status} (and {@code Retry-After} when set) without touching the store. */
        STATUS,
        /** Wait {@code delay}, then handle the request normally. */
        DELAY,
        /** Close the connection without any response, before the request is handled. */
        DROP,
        /** Handle the request, then cut the connection half-way through the response. */
        TRUNCATE,
        /** Handle the request, then answer 2xx with a body that is not JSON. */
        MALFORMED,
        /** Run {@code action} (e.g. change data mid-listing), then handle the request normally. */
        ACTION,
        /**
         * Close the connection without an answer at once, and apply the request when the emulator's clock has moved
         * {@code delay} past its arrival (a gateway that gave up while the backend went on): see
         * {@link OttimateEmulator#applyDue()}.
         */
        LATE,
        /** Handle the request twice, as a network that delivers it again would, and answer the second time. */
        TWICE
    }

    public Fault(final Kind kind, final int status, final Duration retryAfter, final Duration delay, final String pathPrefix) {
        this(kind, status, retryAfter, delay, pathPrefix, null, null);
    }

    public static Fault status(final int status) {
        return new Fault(Kind.STATUS, status, null, Duration.ZERO, "");
    }

    /** Runs {@code action} when the matching request arrives, before it is handled. */
    public static Fault action(final Runnable action) {
        return new Fault(Kind.ACTION, 0, null, Duration.ZERO, "", action, null);
    }

    public static Fault tooManyRequests(final Duration retryAfter) {
        return new Fault(Kind.STATUS, 429, retryAfter, Duration.ZERO, "");
    }

    public static Fault delay(final Duration delay) {
        return new Fault(Kind.DELAY, 0, null, delay, "");
    }

    public static Fault drop() {
        return new Fault(Kind.DROP, 0, null, Duration.ZERO, "");
    }

    public static Fault truncate() {
        return new Fault(Kind.TRUNCATE, 0, null, Duration.ZERO, "");
    }

    /** Answers nothing, and applies the request {@code delay} later on the emulator's clock (up to 29 s at Ottimate's gateway). */
    public static Fault applyLate(final Duration delay) {
        return new Fault(Kind.LATE, 0, null, delay, "");
    }

    /** The request arrives twice (a proxy or the network sent it again); the client sees the second answer. */
    public static Fault deliveredTwice() {
        return new Fault(Kind.TWICE, 0, null, Duration.ZERO, "");
    }

    public static Fault malformedJson() {
        return new Fault(Kind.MALFORMED, 0, null, Duration.ZERO, "");
    }

    /** Restricts the fault to request paths under {@code prefix} (below {@code /v1}, e.g. {@code /invoices}). */
    public Fault on(final String prefix) {
        return new Fault(kind, status, retryAfter, delay, prefix, action, method);
    }

    /** Restricts the fault to requests of one method (e.g. {@code PATCH}, to spare the reads of the same path). */
    public Fault onMethod(final String onlyMethod) {
        return new Fault(kind, status, retryAfter, delay, pathPrefix, action, onlyMethod);
    }

    boolean matches(final ApiRequest request) {
        return request.apiPath().startsWith(pathPrefix) && (method == null || method.equals(request.method()));
    }
}
