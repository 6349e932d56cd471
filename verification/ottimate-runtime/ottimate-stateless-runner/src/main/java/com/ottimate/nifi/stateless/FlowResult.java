/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.stateless;

import java.util.List;
import java.util.Map;

/** What one trigger produced: flowfiles by output port, or the cause of a failed trigger. */
public record FlowResult(boolean successful, Throwable failure, Map<String, List<FlowOutput>> outputs) {

    public List<FlowOutput> at(final String outputPort) {
        return outputs.getOrDefault(outputPort, List.of());
    }
}
