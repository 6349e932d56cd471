/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors;

import com.github.benmanes.caffeine.cache.Ticker;
import com.ottimate.emulator.EmulatorSettings;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.client.Sleeper;
import com.ottimate.nifi.services.Environment;
import com.ottimate.nifi.services.StandardOttimateConnectionService;
import org.apache.nifi.processor.Processor;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A TestRunner whose processor talks to a real emulator over loopback through the real connection service. */
public final class EmulatedConnection {
    public static final String SERVICE_ID = "ottimate";

    private final TestRunner runner;
    private final StandardOttimateConnectionService service;
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    private EmulatedConnection(final Processor processor, final OttimateEmulator emulator, final Sleeper sleeper) throws InitializationException {
        this(processor, emulator.baseUrl(), emulator.settings(), sleeper);
    }

    private EmulatedConnection(final Processor processor, final String baseUrl, final EmulatorSettings s, final Sleeper sleeper)
            throws InitializationException {
        this(processor, baseUrl, s, sleeper, Clock.systemUTC());
    }

    private EmulatedConnection(final Processor processor, final String baseUrl, final EmulatorSettings s, final Sleeper sleeper,
                               final Clock clock) throws InitializationException {
        runner = TestRunners.newTestRunner(processor);
        final Sleeper recording = duration -> {
            sleeps.add(duration);
            sleeper.sleep(duration);
        };
        service = new StandardOttimateConnectionService(recording, Ticker.systemTicker(), clock);
        configure(runner, SERVICE_ID, service, baseUrl, s);
        runner.setProperty(AbstractOttimateProcessor.CONNECTION_SERVICE, SERVICE_ID);
        this.baseUrl = baseUrl;
        this.credentials = s;
    }

    private final String baseUrl;
    private final EmulatorSettings credentials;

    private static void configure(final TestRunner runner, final String id, final StandardOttimateConnectionService service, final String baseUrl,
                                  final EmulatorSettings s) throws InitializationException {
        runner.addControllerService(id, service);
        runner.setProperty(service, StandardOttimateConnectionService.ENVIRONMENT, Environment.CUSTOM.getValue());
        runner.setProperty(service, StandardOttimateConnectionService.BASE_URL, baseUrl);
        runner.setProperty(service, StandardOttimateConnectionService.API_KEY, s.apiKey());
        runner.setProperty(service, StandardOttimateConnectionService.CLIENT_ID, s.clientId());
        runner.setProperty(service, StandardOttimateConnectionService.CLIENT_SECRET, s.clientSecret());
        runner.setProperty(service, StandardOttimateConnectionService.INITIAL_BACKOFF, "10 millis");
    }

    /** A second connection service to the same emulator under {@code id}, enabled (not yet used by the processor). */
    public StandardOttimateConnectionService another(final String id) throws InitializationException {
        final StandardOttimateConnectionService other = new StandardOttimateConnectionService();
        configure(runner, id, other, baseUrl, credentials);
        runner.enableControllerService(other);
        return other;
    }

    /** Waits are recorded, not slept: tests stay fast and can assert on them. */
    public static EmulatedConnection of(final Processor processor, final OttimateEmulator emulator) throws InitializationException {
        return new EmulatedConnection(processor, emulator, duration -> { });
    }

    /** An emulator running in another process (its memory is not the test's), reached at {@code baseUrl}. */
    public static EmulatedConnection remote(final Processor processor, final String baseUrl) throws InitializationException {
        return new EmulatedConnection(processor, baseUrl, EmulatorSettings.defaults(), duration -> { });
    }

    /** Waits recorded, the daily quota's days decided by {@code clock}. */
    public static EmulatedConnection withClock(final Processor processor, final OttimateEmulator emulator, final Clock clock)
            throws InitializationException {
        return new EmulatedConnection(processor, emulator.baseUrl(), emulator.settings(), duration -> { }, clock);
    }

    /** An emulator in another process, with waits really slept (benchmarks). */
    public static EmulatedConnection sleepingRemote(final Processor processor, final String baseUrl) throws InitializationException {
        return new EmulatedConnection(processor, baseUrl, EmulatorSettings.defaults(), Sleeper.SYSTEM);
    }

    /** Waits are recorded and really slept (the demo, and tests that need wall-clock behaviour). */
    public static EmulatedConnection sleeping(final Processor processor, final OttimateEmulator emulator) throws InitializationException {
        return new EmulatedConnection(processor, emulator, Sleeper.SYSTEM);
    }

    public EmulatedConnection enable() {
        runner.enableControllerService(service);
        runner.assertValid(service);
        return this;
    }

    public TestRunner runner() {
        return runner;
    }

    public StandardOttimateConnectionService service() {
        return service;
    }

    public List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }
}
