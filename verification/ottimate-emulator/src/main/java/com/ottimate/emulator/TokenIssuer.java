/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.emulator;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Issues bearer tokens and answers whether one is still valid. */
final class TokenIssuer {
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();
    private volatile Duration lifetime = Duration.ofHours(1);

    TokenIssuer(final Clock clock) {
        this.clock = clock;
    }

    void setLifetime(final Duration lifetime) {
        this.lifetime = lifetime;
    }

    Duration lifetime() {
        return lifetime;
    }

    String issue() {
        final byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        final String token = "ott_at_" + HexFormat.of().formatHex(bytes);
        expiries.put(token, clock.instant().plus(lifetime));
        return token;
    }

    boolean isValid(final String token) {
        final Instant expiry = expiries.get(token);
        return expiry != null && clock.instant().isBefore(expiry);
    }

    /** Fault: every token issued so far is expired now (the client sees 401 on its next call). */
    void expireAll() {
        final Instant now = clock.instant();
        expiries.replaceAll((token, expiry) -> now.minusSeconds(1));
    }
}
