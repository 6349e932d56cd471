/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.client.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;

/**
 * The typed outcome of one API call after the shared retry path is done with it. Processors switch on it
 * to pick a relationship: success, failure (rejected), not found, or retry.
 */
public sealed interface OttimateResult {

    /** Where the request went, for provenance transit URIs. */
    URI uri();

    /** HTTP status of the last attempt, or 0 when no response arrived. */
    int status();

    /** Attempts made, including retries. */
    int attempts();

    /** 2xx. {@code replayed} is true when the API answered from its idempotency cache. */
    record Success(URI uri, int status, JsonNode body, String requestId, boolean replayed, int attempts) implements OttimateResult {
    }

    /** 4xx other than 404/429 (or credentials the token endpoint refused): retrying the same request cannot help. */
    record Rejected(URI uri, int status, ApiError error, int attempts) implements OttimateResult {
    }

    /** 404: the object addressed does not exist. */
    record NotFound(URI uri, ApiError error, int attempts) implements OttimateResult {
        @Override
        public int status() {
            return 404;
        }
    }

    /**
     * 429, 5xx, time-outs, broken connections or unreadable answers that outlived the retries: try again later.
     * {@code unanswered} is set when attempts of a write that carries a look-up went unanswered: the API may still apply
     * them, so the write must not be sent again before its look-up can tell (pass it back with
     * {@link OttimateRequest.Builder#unanswered}).
     */
    record Retryable(URI uri, int status, ApiError error, int attempts, UnansweredWrite unanswered) implements OttimateResult {
        public Retryable(final URI uri, final int status, final ApiError error, final int attempts) {
            this(uri, status, error, attempts, null);
        }
    }
}
