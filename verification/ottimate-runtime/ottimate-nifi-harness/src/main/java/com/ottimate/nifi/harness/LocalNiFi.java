/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.harness;

import com.ottimate.emulator.EmulatorSettings;
import com.ottimate.nifi.stateless.CommandLineOptions;
import com.ottimate.nifi.stateless.TemplateScenario;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * bin/nifi: a local Apache NiFi 2.3.0 with the Ottimate emulator beside it, the bundle installed and every template
 * imported and wired (files dropped into an inbox directory per input port; what leaves each output port waits in a
 * queue), the shared connection pointed at the emulator and every service enabled, so the flows can be looked at and
 * run in NiFi's own UI. Plain HTTP on 127.0.0.1 without authentication: for local use only.
 *
 * <pre>LocalNiFi start|stop|status --nifi-home DIR --instance DIR --templates DIR --class-path CP [--port 8080] [--emulator-port 8089]</pre>
 */
public final class LocalNiFi {
    private static final String EMULATOR_PID = "emulator.pid";

    private final Path home;
    private final Path instance;
    private final Path templates;
    private final String classPath;
    private final int port;
    private final int emulatorPort;
    private final PrintStream out = System.out;

    private LocalNiFi(final Map<String, String> options) {
        this.home = Path.of(options.get("nifi-home")).toAbsolutePath();
        this.instance = Path.of(options.get("instance")).toAbsolutePath();
        this.templates = Path.of(options.get("templates")).toAbsolutePath();
        this.classPath = options.get("class-path");
        this.port = Integer.parseInt(options.getOrDefault("port", "8080"));
        this.emulatorPort = Integer.parseInt(options.getOrDefault("emulator-port", "8089"));
    }

    public static void main(final String[] args) throws Exception {
        final Map<String, String> options = CommandLineOptions.parse(args, 1);
        final String command = args.length == 0 ? "" : args[0];
        final LocalNiFi local = new LocalNiFi(options);
        final int status = switch (command) {
            case "start" -> local.start();
            case "stop" -> local.stop();
            case "status" -> local.status();
            default -> {
                System.err.println("usage: bin/nifi start | stop | status");
                yield 2;
            }
        };
        System.exit(status);
    }

    private NiFiInstance nifi() throws IOException {
        return NiFiInstance.prepare(home, instance.resolve("nifi"), port);
    }

    private int start() throws Exception {
        Files.createDirectories(instance);
        final NiFiInstance nifi = nifi();
        if (nifi.isRunning()) {
            out.println("NiFi is already running at " + nifi.baseUri() + "/nifi (bin/nifi stop stops it)");
            return 0;
        }
        if (NiFiInstance.portInUse(port)) {
            System.err.println("error: port " + port + " on 127.0.0.1 is taken by another program; stop it, or run NIFI_PORT=<free port> bin/nifi start");
            return 1;
        }
        final boolean emulatorRunning = emulatorHandle().isPresent();
        if (!emulatorRunning && NiFiInstance.portInUse(emulatorPort)) {
            System.err.println("error: port " + emulatorPort + " for the Ottimate emulator is taken by another program; run EMULATOR_PORT=<free port> bin/nifi start");
            return 1;
        }
        if (!emulatorRunning) {
            startEmulator();
        }
        out.println("Starting Apache NiFi 2.3.0 at http://127.0.0.1:" + port + "/nifi (about 20 s) ...");
        final long started = System.nanoTime();
        nifi.start();
        out.printf("NiFi is up (%.0f s, %d MB resident)%n", (System.nanoTime() - started) / 1e9, nifi.residentMegabytes());
        setUpFlows(new NiFiFlow(nifi.client()));
        out.println();
        out.println("Open http://127.0.0.1:" + port + "/nifi : one group per template ('run 01-invoice-intake', ...), each wired for a");
        out.println("try-out. Drop a file into " + instance.resolve("inbox") + "/<template>/<input port>/ (e.g. invoice_intake/CSV-invoices/,");
        out.println("samples in templates/samples/) and start the group (right-click, Start); what leaves each output port waits in the");
        out.println("queue before the funnel after it. The Ottimate emulator answers at http://127.0.0.1:" + emulatorPort + "/v1.");
        out.println("LOCAL USE ONLY: no authentication. bin/nifi stop stops both.");
        return 0;
    }

    /** The shared connection at the root, then each template imported once, with its parameters, services and wiring. */
    private void setUpFlows(final NiFiFlow flow) throws IOException {
        final String root = flow.rootGroupId();
        final EmulatorSettings settings = EmulatorSettings.defaults();
        final Map<String, String> connection = Map.of("ottimate.environment", "CUSTOM",
                "ottimate.base.url", "http://127.0.0.1:" + emulatorPort + "/v1", "ottimate.api.key", settings.apiKey(),
                "ottimate.client.id", settings.clientId(), "ottimate.client.secret", settings.clientSecret());
        new OttimateConnectionSetup(flow, templates).apply(root, connection);
        double y = 0;
        for (final TemplateScenario scenario : TemplateScenario.values()) {
            if (flow.childGroupByName(root, "run " + TemplateRun.groupName(scenario)).isEmpty()) {
                final Map<String, String> parameters = new HashMap<>(connection);
                parameters.putAll(scenario.ownParameters());
                if (scenario.database()) {
                    // pointed at a local PostgreSQL of the usual address: change erp.jdbc.* to your database
                    parameters.putAll(ErpDatabase.parametersFor(home));
                }
                final TemplateRun run = TemplateRun.prepare(flow, root, templates, scenario, parameters, instance.resolve("inbox"), y);
                final List<String> invalid = flow.invalidComponents(run.groupId());
                out.println("  " + scenario.template() + (invalid.isEmpty() ? ": imported, valid" : ": imported, INVALID " + invalid));
            }
            y += 700;
        }
    }

    private void startEmulator() throws IOException, InterruptedException {
        final String java = ProcessHandle.current().info().command().orElse("java");
        final List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid");
        }
        command.addAll(List.of(java, "-cp", classPath, "com.ottimate.emulator.OttimateEmulator", Integer.toString(emulatorPort)));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(instance.resolve("emulator.log").toFile())).start();
        Files.writeString(instance.resolve(EMULATOR_PID), Long.toString(process.pid()));
        NiFiFlow.await("the emulator on port " + emulatorPort, () -> NiFiInstance.portInUse(emulatorPort), Duration.ofSeconds(30));
        out.println("Ottimate emulator at http://127.0.0.1:" + emulatorPort + "/v1 (log: " + instance.resolve("emulator.log") + ")");
    }

    private Optional<ProcessHandle> emulatorHandle() {
        try {
            final Path pid = instance.resolve(EMULATOR_PID);
            if (!Files.exists(pid)) {
                return Optional.empty();
            }
            return ProcessHandle.of(Long.parseLong(Files.readString(pid).strip()))
                    .filter(h -> h.info().commandLine().map(line -> line.contains("OttimateEmulator")).orElse(false));
        } catch (final IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private int stop() throws Exception {
        final NiFiInstance nifi = nifi();
        final boolean wasRunning = nifi.isRunning();
        nifi.stop();
        final Optional<ProcessHandle> emulator = emulatorHandle();
        emulator.ifPresent(handle -> {
            handle.destroy();
            handle.onExit().join();
        });
        Files.deleteIfExists(instance.resolve(EMULATOR_PID));
        out.println(wasRunning || emulator.isPresent() ? "Stopped NiFi and the Ottimate emulator." : "Nothing was running.");
        return 0;
    }

    private int status() throws Exception {
        final NiFiInstance nifi = nifi();
        final boolean running = nifi.isRunning();
        out.println("NiFi: " + (running ? "running at " + nifi.baseUri() + "/nifi (" + nifi.residentMegabytes() + " MB resident)" : "stopped"));
        out.println("Ottimate emulator: " + (emulatorHandle().isPresent() ? "running at http://127.0.0.1:" + emulatorPort + "/v1" : "stopped"));
        return running ? 0 : 3;
    }
}
