/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.client;

import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.client.model.OttimateRequest;
import com.ottimate.nifi.client.model.OttimateResult;
import com.ottimate.nifi.client.model.RequestBody;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 25 MB invoice upload through the shared request path in a JVM capped at 48 MB of heap (surefire execution
 * "low-heap"): the file is generated as a stream, sent as multipart and received by the emulator as a stream,
 * so neither side may hold it. (UploadOttimateInvoiceFile feeds the same multipart body from session.read.)
 */
class UploadStreamingLowHeapTest {
    private static final long SIZE = 25L * 1024 * 1024;

    /** Deterministic bytes, produced on demand. */
    private static InputStream generated(final long size) {
        return new InputStream() {
            private final Random random = new Random(42);
            private long remaining = size;

            @Override
            public int read() {
                if (remaining == 0) {
                    return -1;
                }
                remaining--;
                return random.nextInt(256);
            }

            @Override
            public int read(final byte[] buffer, final int offset, final int length) {
                if (remaining == 0) {
                    return -1;
                }
                final int n = (int) Math.min(length, remaining);
                final byte[] chunk = new byte[n];
                random.nextBytes(chunk);
                System.arraycopy(chunk, 0, buffer, offset, n);
                remaining -= n;
                return n;
            }
        };
    }

    @Test
    void twentyFiveMegabytesGoThroughA48MegabyteHeap() throws Exception {
        assertTrue(Runtime.getRuntime().maxMemory() <= 48L * 1024 * 1024, "runs only in the capped JVM: " + Runtime.getRuntime().maxMemory());
        final MessageDigest expected = MessageDigest.getInstance("SHA-256");
        try (InputStream in = generated(SIZE)) {
            final byte[] buffer = new byte[65536];
            int n;
            while ((n = in.read(buffer)) > 0) {
                expected.update(buffer, 0, n);
            }
        }
        try (OttimateEmulator emulator = OttimateEmulator.start();
             OttimateClient client = new OttimateClient(ClientSettings.defaults(URI.create(emulator.baseUrl()),
                     Secret.of(emulator.settings().apiKey()), emulator.settings().clientId(), Secret.of(emulator.settings().clientSecret())))) {
            final RequestBody.Multipart body = RequestBody.Multipart.of(Map.of("ottimate_location_id", "10", "filename", "big.pdf"),
                    "file", "big.pdf", "application/pdf", SIZE, () -> generated(SIZE));
            final OttimateResult result = client.execute(OttimateRequest.post("invoices", "upload").body(body).idempotencyKey("big-1").atMostOnce().build());
            assertInstanceOf(OttimateResult.Success.class, result, result.toString());
            assertEquals(SIZE, emulator.uploads().getFirst().get("size").asLong());
            assertEquals(HexFormat.of().formatHex(expected.digest()), emulator.uploads().getFirst().get("sha256").asText());
        }
    }
}
