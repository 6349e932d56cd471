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

    private OttimateAttributes() {
    }
}
