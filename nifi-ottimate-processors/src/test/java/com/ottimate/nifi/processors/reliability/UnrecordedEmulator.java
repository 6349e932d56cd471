/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.reliability;

import com.ottimate.emulator.EmulatorProfile;
import com.ottimate.emulator.OttimateEmulator;

import java.io.IOException;
import java.util.Set;

/**
 * An emulator whose traffic is not recorded for the contract suite: for the simulation (thousands of histories that
 * repeat what the other tests send) and for exchanges that leave the document on purpose (a filter the API does not
 * declare). Test classes run one after another in one JVM, so the property is safe to lift while it starts.
 */
final class UnrecordedEmulator {
    private static final String TRAFFIC = "ottimate.traffic.dir";

    private UnrecordedEmulator() {
    }

    static synchronized OttimateEmulator start(final Set<EmulatorProfile> profiles) throws IOException {
        final String traffic = System.clearProperty(TRAFFIC);
        try {
            return OttimateEmulator.start(profiles);
        } finally {
            if (traffic != null) {
                System.setProperty(TRAFFIC, traffic);
            }
        }
    }
}
