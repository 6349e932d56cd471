/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.ottimate.nifi.client.model.OttimateResult;

/**
 * What a look-up found of a write whose outcome is unknown. Only {@link Proven} settles the write; {@link Absent} sends
 * it again; {@link Unconfirmed} hands it to a person (failure, {@code unconfirmed_write}); {@link Unknown} waits.
 */
public sealed interface Finding {

    /** The write's own object: a unique value it sent, read back exactly. */
    record Proven(JsonNode object) implements Finding {
    }

    /** Nothing that can be the write: it did not happen, and sending it again makes no copy. */
    record Absent() implements Finding {
    }

    /** Objects that may be the write and cannot be proven to be (several, or fields the answer does not show): {@code found} says what. */
    record Unconfirmed(String found) implements Finding {
    }

    /** The look-up's own read failed ({@code read}): nothing can be told yet. */
    record Unknown(OttimateResult read) implements Finding {
    }

    static Finding absent() {
        return new Absent();
    }
}
