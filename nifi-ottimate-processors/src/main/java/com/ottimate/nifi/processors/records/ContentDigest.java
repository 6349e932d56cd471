/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.records;

import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.processor.ProcessSession;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A digest of a flowfile's content, streamed: what a retry set was computed for. */
final class ContentDigest {
    private ContentDigest() {
    }

    /** The first 32 hex characters of the SHA-256 of the content. */
    static String of(final ProcessSession session, final FlowFile flowFile) {
        final MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
        final byte[] buffer = new byte[64 * 1024];
        try (InputStream in = session.read(flowFile)) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, read);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("Reading " + flowFile + " for its digest failed: " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(digest.digest()).substring(0, 32);
    }
}
