/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.stateless;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * What happens to the content of a flowfile leaving the flow, while the engine still holds it: kept in memory (tests,
 * the demo), or streamed elsewhere so a flow with large outputs runs in a small heap (run-flow).
 */
@FunctionalInterface
public interface ContentHandler {

    /** Keeps every output's content in memory. */
    ContentHandler KEEP = (port, attributes, content) -> content.readAllBytes();

    /** Reads the content from the stream; answers the bytes to keep in the {@link FlowOutput}, or none. */
    byte[] handle(String port, Map<String, String> attributes, InputStream content) throws IOException;
}
