package com.ottimate.nifi.client;

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

    private ExactJson() {
    }

    /** A new mapper with exact decimals (mappers are thread-safe once built: keep one per class). */
    public static ObjectMapper mapper() {
        return JsonMapper.builder()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .build();
    }
}
