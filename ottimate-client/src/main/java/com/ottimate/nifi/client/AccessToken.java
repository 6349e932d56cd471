/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.client;

import java.time.Duration;

/** A bearer token and how long the token endpoint said it lives ({@code expires_in}). */
public record AccessToken(Secret value, Duration lifetime) {

    @Override
    public String toString() {
        return "AccessToken[lifetime=" + lifetime + "]";
    }
}
