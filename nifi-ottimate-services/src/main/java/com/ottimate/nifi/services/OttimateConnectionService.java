package com.ottimate.nifi.services;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.ottimate.nifi.client.OttimateRequest;
import com.ottimate.nifi.client.OttimateResult;
import org.apache.nifi.controller.ControllerService;

import java.net.URI;

/**
 * What processors see of an Ottimate connection: one method that sends a request through the shared
 * auth, rate-limit, idempotency and retry path and answers a typed outcome.
 */
public interface OttimateConnectionService extends ControllerService {

    /** Sends {@code request}, retrying transient failures; never throws for HTTP or network trouble. */
    OttimateResult execute(OttimateRequest request);

    /** Follows an asynchronous bulk job to its results (see {@link com.ottimate.nifi.client.OttimateClient#followBatch}). */
    com.ottimate.nifi.client.BatchResult followBatch(String batchId, java.time.Duration interval, java.time.Duration timeout);

    /** Requests this service sent today (UTC), token requests included, for the daily quota. */
    long requestsToday();

    /** The full URI a request goes to (for provenance transit URIs). */
    URI uriOf(OttimateRequest request);

    /** The JSON mapper the connection uses, so processors read and write bodies the same way. */
    ObjectMapper mapper();
}
