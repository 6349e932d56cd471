/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.client;

import java.util.Objects;

/** A credential that never shows itself in {@code toString()}, logs or exception messages. */
public final class Secret {
    private static final String MASK = "********";
    private final String value;

    private Secret(final String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(final String value) {
        return new Secret(value);
    }

    /** The clear text, for the one place that must send it. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return MASK;
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof Secret secret && secret.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
