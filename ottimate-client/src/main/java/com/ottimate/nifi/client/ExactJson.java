/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Jackson as the bundle reads and writes API JSON: every decimal exact and with its scale ({@code 32.50} stays
 * {@code 32.50}, {@code 1234.56} never becomes {@code 1234.5600000001}, {@code 1e400} stays finite). Money passes
 * through the bundle as the API and the user wrote it.
 */
public final class ExactJson {
    /** The largest JSON document read: the same bound as an API answer. */
    public static final int MAX_DOCUMENT_BYTES = 32 * 1024 * 1024;

    private ExactJson() {
    }

    /**
     * A new mapper with exact decimals (mappers are thread-safe once built: keep one per class). Reading is bounded:
     * documents up to 32 MB, nesting up to 200 levels, numbers up to 1,000 digits, so a hostile or broken answer (or
     * flowfile) costs bounded memory and time.
     */
    public static ObjectMapper mapper() {
        final JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxDocumentLength(MAX_DOCUMENT_BYTES)
                        .maxNestingDepth(200)
                        .maxNumberLength(1_000)
                        .maxStringLength(MAX_DOCUMENT_BYTES)
                        .build())
                .build();
        return JsonMapper.builder(factory)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .build();
    }
}
