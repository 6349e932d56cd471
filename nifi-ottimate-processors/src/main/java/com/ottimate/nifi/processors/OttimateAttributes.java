/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors;

import com.ottimate.nifi.client.model.UnansweredWrite;
import org.apache.nifi.flowfile.FlowFile;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** Names of the {@code ottimate.*} flowfile attributes every processor writes. */
public final class OttimateAttributes {
    public static final String STATUS_CODE = "ottimate.status.code";
    public static final String REQUEST_ID = "ottimate.request.id";
    public static final String ATTEMPTS = "ottimate.attempts";
    public static final String IDEMPOTENCY_KEY = "ottimate.idempotency.key";
    public static final String REPLAYED = "ottimate.idempotent.replayed";
    public static final String ERROR_CODE = "ottimate.error.code";
    public static final String ERROR_MESSAGE = "ottimate.error.message";
    public static final String INVOICE_ID = "ottimate.invoice.id";
    /** Requests the connection sent today (UTC), on every outcome, so flows can watch the daily quota. */
    public static final String REQUESTS_TODAY = "ottimate.requests.today";
    /**
     * When the first unanswered attempt of a write was sent (ISO 8601): on 'retry', the write is looked for, not sent
     * again, once {@link #UNANSWERED_SETTLED} has passed; what it made cannot be older than this.
     */
    public static final String UNANSWERED_SINCE = "ottimate.unanswered.since";
    /** When none of a write's unanswered attempts can still be applied (ISO 8601): the latest one plus the settle time. */
    public static final String UNANSWERED_SETTLED = "ottimate.unanswered.settled";

    /** The unanswered attempts a flowfile carries, if any (one written by an earlier build settles at its first attempt). */
    public static UnansweredWrite unanswered(final FlowFile flowFile) {
        final Instant first = instant(flowFile.getAttribute(UNANSWERED_SINCE));
        if (first == null) {
            return null;
        }
        final Instant settled = instant(flowFile.getAttribute(UNANSWERED_SETTLED));
        return new UnansweredWrite(first, settled == null ? first : settled);
    }

    /** The attributes that carry {@code unanswered} to the next pass. */
    public static Map<String, String> unansweredAttributes(final UnansweredWrite unanswered) {
        return Map.of(UNANSWERED_SINCE, unanswered.first().toString(), UNANSWERED_SETTLED, unanswered.settled().toString());
    }

    private static Instant instant(final String value) {
        try {
            return value == null || value.isBlank() ? null : Instant.parse(value);
        } catch (final DateTimeParseException e) {
            return null;
        }
    }

    private OttimateAttributes() {
    }
}
