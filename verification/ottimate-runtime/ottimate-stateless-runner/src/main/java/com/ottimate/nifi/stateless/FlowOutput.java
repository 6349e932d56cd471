/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.stateless;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A flowfile that left the flow through an output port: its attributes, size, and its content if it was kept. */
public record FlowOutput(Map<String, String> attributes, long size, byte[] content) {

    public String attribute(final String name) {
        return attributes.get(name);
    }

    public String text() {
        return new String(content, StandardCharsets.UTF_8);
    }
}
