/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors;

import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The 'pending' self-loop of a flow: what leaves on 'pending' comes back to the processor until it goes elsewhere. */
public final class PendingLoop {
    private PendingLoop() {
    }

    /** Loops 'pending' back until nothing is left on it; answers the rounds taken. Other outcomes of earlier rounds are cleared. */
    public static int drain(final TestRunner runner) {
        int rounds = 0;
        while (!runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_PENDING).isEmpty()) {
            final MockFlowFile pending = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_PENDING).getFirst();
            assertTrue(pending.isPenalized(), "waiting is a penalty, not a held thread");
            runner.clearTransferState();
            runner.enqueue(pending);
            runner.run();
            rounds++;
            assertTrue(rounds < 50, "the work never finished");
        }
        return rounds;
    }
}
