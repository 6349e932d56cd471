/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.lookup;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * About how many bytes of heap a parsed JSON object holds, for the preload budget: on a 64-bit JVM with compressed
 * pointers an object node with its map costs about 64 bytes, each field a map entry (about 48 bytes; field names are
 * shared by Jackson's symbol table), a text value its node, String and characters (about 56 bytes plus one per
 * character, two where it is not Latin-1), a number or boolean node about 24. It overestimates rather than under.
 */
final class HeapSize {
    private static final int OBJECT = 64;
    private static final int ENTRY = 48;
    private static final int TEXT = 56;
    private static final int SCALAR = 24;

    private HeapSize() {
    }

    static long of(final JsonNode node) {
        if (node.isObject()) {
            long bytes = OBJECT;
            for (final Map.Entry<String, JsonNode> field : node.properties()) {
                bytes += ENTRY + of(field.getValue());
            }
            return bytes;
        }
        if (node.isArray()) {
            long bytes = OBJECT;
            for (final JsonNode element : node) {
                bytes += 8 + of(element);
            }
            return bytes;
        }
        if (node.isTextual()) {
            final String text = node.textValue();
            return TEXT + (long) text.length() * (text.chars().allMatch(c -> c < 256) ? 1 : 2);
        }
        return SCALAR;
    }
}
