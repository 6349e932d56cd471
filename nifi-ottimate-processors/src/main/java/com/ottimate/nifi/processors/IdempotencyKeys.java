/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Idempotency keys derived from what is sent. A record or batch keeps its key however it is split, retried or
 * re-read (a retry record set is a new flowfile with a new uuid), so the API replays instead of creating twice.
 */
public final class IdempotencyKeys {
    private IdempotencyKeys() {
    }

    /** {@code prefix-<first 40 hex chars of SHA-256(body)>}: well inside the API's 128-character key format. */
    public static String of(final String prefix, final byte[] body) {
        try {
            final byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return prefix + "-" + HexFormat.of().formatHex(digest).substring(0, 40);
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
