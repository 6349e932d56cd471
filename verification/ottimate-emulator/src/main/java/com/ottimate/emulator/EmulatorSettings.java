/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.emulator;

/** Credentials and limits the emulator enforces. */
public record EmulatorSettings(String apiKey, String clientId, String clientSecret, double rateLimitPerSecond, int rateLimitBurst) {

    /** Test credentials and the API's documented limits (1,000 requests/s, bursts of 2,000). */
    public static EmulatorSettings defaults() {
        return new EmulatorSettings("emulator-api-key", "emulator-client", "emulator-secret-do-not-log", 1000, 2000);
    }

    public EmulatorSettings withRateLimit(final double perSecond, final int burst) {
        return new EmulatorSettings(apiKey, clientId, clientSecret, perSecond, burst);
    }

    @Override
    public String toString() {
        return "EmulatorSettings[clientId=" + clientId + ", rate=" + rateLimitPerSecond + "/s, burst=" + rateLimitBurst + "]";
    }
}
