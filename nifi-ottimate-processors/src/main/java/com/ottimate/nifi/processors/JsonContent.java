/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.processor.ProcessSession;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/** Reads a flowfile holding one JSON object, with errors a user can act on. */
public final class JsonContent {

    /** The content is not one JSON object; the message says where and why. */
    public static final class InvalidJson extends Exception {
        InvalidJson(final String message) {
            super(message, null, false, false);
        }
    }

    private JsonContent() {
    }

    /** One JSON object and the exact bytes it was read from. */
    public record Parsed(ObjectNode object, byte[] bytes) {
    }

    /**
     * The content as one JSON object together with its bytes, read once: a write can send the bytes as they came instead
     * of serializing the tree again. A key given twice is refused (the server might take the other one than the tree).
     */
    public static Parsed readObjectAndBytes(final ProcessSession session, final FlowFile flowFile, final ObjectMapper mapper) throws InvalidJson {
        requireContent(flowFile);
        final byte[] bytes;
        try (InputStream in = session.read(flowFile)) {
            bytes = in.readAllBytes();
        } catch (final IOException e) {
            throw new InvalidJson("Flowfile content could not be read as JSON: " + e.getMessage());
        }
        try {
            return new Parsed(object(exact(mapper).with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).readTree(bytes)), bytes);
        } catch (final JsonProcessingException e) {
            throw invalid(e);
        } catch (final IOException e) {
            throw new InvalidJson("Flowfile content could not be read as JSON: " + e.getMessage());
        }
    }

    private static void requireContent(final FlowFile flowFile) throws InvalidJson {
        if (flowFile.getSize() == 0) {
            throw new InvalidJson("Flowfile content is empty; expected one JSON object");
        }
    }

    /** Exact decimals: amounts keep every digit, and a number too large for a double is not turned into Infinity; one value only. */
    private static ObjectReader exact(final ObjectMapper mapper) {
        return mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    private static InvalidJson invalid(final JsonProcessingException e) {
        final JsonLocation at = e.getLocation();
        return new InvalidJson("Flowfile content is not valid JSON: " + e.getOriginalMessage()
                + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
    }

    private static ObjectNode object(final JsonNode node) throws InvalidJson {
        if (node == null || node.isMissingNode()) {
            throw new InvalidJson("Flowfile content holds no JSON value; expected one JSON object");
        }
        if (!(node instanceof ObjectNode object)) {
            throw new InvalidJson("Flowfile content is a JSON " + node.getNodeType().name().toLowerCase(Locale.ROOT)
                    + "; expected one JSON object");
        }
        return object;
    }

    public static ObjectNode readObject(final ProcessSession session, final FlowFile flowFile, final ObjectMapper mapper) throws InvalidJson {
        requireContent(flowFile);
        final JsonNode node;
        try (InputStream in = session.read(flowFile)) {
            node = exact(mapper).readTree(in);
        } catch (final JsonProcessingException e) {
            throw invalid(e);
        } catch (final IOException e) {
            throw new InvalidJson("Flowfile content could not be read as JSON: " + e.getMessage());
        }
        return object(node);
    }
}
