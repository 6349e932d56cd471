/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.harness;

import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.stateless.TemplateScenario;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The one NiFi of a test run (starting one takes about 15 s and 700 MB): the assembly's Apache NiFi 2.3.0 with our NAR,
 * an emulator beside it, and the shared "Ottimate Connection" at the root, as a user sets it up once.
 */
final class SharedNiFi implements AutoCloseable {
    static final Path TEMPLATES = Path.of(System.getProperty("templates.directory"));
    static final Path SAMPLES = TEMPLATES.resolve("samples");
    static final Path HOME = Path.of(System.getProperty("nifi.home"));
    private static final Path INSTANCES = Path.of(System.getProperty("nifi.instances"));

    final OttimateEmulator emulator;
    final NiFiInstance nifi;
    final NiFiFlow flow;
    final String rootId;
    final String connectionId;
    final long startMillis;

    private SharedNiFi() throws IOException, InterruptedException {
        NiFiDemo.deleteTree(INSTANCES);
        emulator = OttimateEmulator.start();
        final long started = System.nanoTime();
        nifi = NiFiInstance.prepare(HOME, INSTANCES.resolve("nifi"), NiFiInstance.freePort()).start();
        startMillis = (System.nanoTime() - started) / 1_000_000;
        flow = new NiFiFlow(nifi.client());
        rootId = flow.rootGroupId();
        connectionId = new OttimateConnectionSetup(flow, TEMPLATES).apply(rootId, connectionParameters());
    }

    static SharedNiFi start() throws IOException, InterruptedException {
        return new SharedNiFi();
    }

    /** The connection parameters pointing at the emulator, with its test credentials. */
    Map<String, String> connectionParameters() {
        return TemplateScenario.INVOICE_INTAKE.parameters(emulator).values();
    }

    Path work(final String name) {
        return INSTANCES.resolve("work").resolve(name);
    }

    @Override
    public void close() throws InterruptedException {
        try {
            nifi.stop();
        } finally {
            emulator.close();
        }
    }
}
