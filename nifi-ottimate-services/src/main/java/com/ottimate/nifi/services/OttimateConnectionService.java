/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.services;

import com.ottimate.nifi.client.model.OttimateRequest;
import com.ottimate.nifi.client.model.OttimateResult;
import org.apache.nifi.controller.ControllerService;

import java.net.URI;

/**
 * What processors see of an Ottimate connection: one method that sends a request through the shared auth, rate-limit,
 * idempotency and retry path and answers a typed outcome. Nothing here blocks beyond one request and its retries:
 * asynchronous work is followed by the processors on their 'pending' loop.
 */
public interface OttimateConnectionService extends ControllerService {

    /** Sends {@code request}, retrying transient failures; never throws for HTTP or network trouble. */
    OttimateResult execute(OttimateRequest request);

    /** Requests this service sent today (UTC), token requests included, for the daily quota. */
    long requestsToday();

    /** The full URI a request goes to (for provenance transit URIs). */
    URI uriOf(OttimateRequest request);
}
