/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.emulator;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The documented {@code Idempotency-Key} rules: keys scoped to API key + method + path; the first 2xx is
 * replayed for 24 h; the same key with another body is 422; a multipart key is single-use; 409 while the
 * first request is still in flight.
 */
final class IdempotencyStore {
    static final Pattern KEY_PATTERN = Pattern.compile("^[A-Za-z0-9._\\-+=/]{1,128}$");
    private static final Duration RETENTION = Duration.ofHours(24);

    sealed interface Decision permits Proceed, Replay, Reject {
    }

    record Proceed(String scope, byte[] bodyHash) implements Decision {
    }

    record Replay(ApiResponse response) implements Decision {
    }

    record Reject(ApiResponse response) implements Decision {
    }

    private record Entry(byte[] bodyHash, Instant createdAt, ApiResponse response, boolean singleUse) {
        boolean inFlight() {
            return response == null;
        }
    }

    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** Forgets every key (a fresh sandbox). */
    void clear() {
        entries.clear();
    }

    IdempotencyStore(final Clock clock) {
        this.clock = clock;
    }

    Decision begin(final String apiKey, final ApiRequest request, final String key, final boolean singleUse) {
        if (!KEY_PATTERN.matcher(key).matches()) {
            return new Reject(ApiResponse.error(400, "invalid_idempotency_key",
                    "Idempotency-Key must match ^[A-Za-z0-9._\\-+=/]{1,128}$"));
        }
        final String scope = apiKey + ' ' + request.method() + ' ' + request.rawPath() + ' ' + key;
        final byte[] hash = sha256(request.body());
        final Entry fresh = new Entry(hash, clock.instant(), null, singleUse);
        while (true) {
            final Entry existing = entries.putIfAbsent(scope, fresh);
            if (existing == null) {
                return new Proceed(scope, hash);
            }
            if (existing.createdAt().plus(RETENTION).isBefore(clock.instant())) {
                entries.remove(scope, existing);
                continue;
            }
            if (existing.singleUse() || singleUse) {
                return new Reject(ApiResponse.error(422, "idempotency_key_reused",
                        "Idempotency keys for file uploads are single-use; send a new key with each upload"));
            }
            if (existing.inFlight()) {
                return new Reject(ApiResponse.error(409, "idempotency_request_in_progress",
                        "A request with this Idempotency-Key is still being processed"));
            }
            if (!Arrays.equals(existing.bodyHash(), hash)) {
                return new Reject(ApiResponse.error(422, "idempotency_key_mismatch",
                        "This Idempotency-Key was already used with a different request body"));
            }
            return new Replay(existing.response().withHeader("X-Idempotent-Replayed", "true"));
        }
    }

    /** Caches the first 2xx answer; anything else frees the key so the client can try again. */
    void complete(final Proceed proceed, final ApiResponse response) {
        final Entry inFlight = entries.get(proceed.scope());
        if (inFlight == null) {
            return;
        }
        if (response.isSuccess() || inFlight.singleUse()) {
            entries.put(proceed.scope(), new Entry(proceed.bodyHash(), inFlight.createdAt(), response, inFlight.singleUse()));
        } else {
            entries.remove(proceed.scope(), inFlight);
        }
    }

    private static byte[] sha256(final byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
