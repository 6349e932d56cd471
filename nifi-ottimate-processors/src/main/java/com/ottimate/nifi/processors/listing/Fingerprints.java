/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.listing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Short fingerprints of object versions for listing state: the first 48 bits of SHA-256 as 8 URL-safe base64
 * characters. Cluster state lives in ZooKeeper (about 1 MB per component), so remembering 20,000 versions this way
 * costs under 300 KB where the versions themselves would not fit.
 */
final class Fingerprints {
    static final int LENGTH = 8;

    private Fingerprints() {
    }

    static String of(final String text) {
        try {
            final byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 6));
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
