package com.ottimate.nifi.processors;

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
    /** When a write went unanswered (ISO 8601): on 'retry', it is looked for, not sent again, once Ottimate can no longer apply it. */
    public static final String UNANSWERED_SINCE = "ottimate.unanswered.since";

    /** The moment a flowfile carries in {@link #UNANSWERED_SINCE}, if any. */
    public static java.time.Instant unansweredSince(final org.apache.nifi.flowfile.FlowFile flowFile) {
        final String value = flowFile.getAttribute(UNANSWERED_SINCE);
        try {
            return value == null || value.isBlank() ? null : java.time.Instant.parse(value);
        } catch (final java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private OttimateAttributes() {
    }
}
