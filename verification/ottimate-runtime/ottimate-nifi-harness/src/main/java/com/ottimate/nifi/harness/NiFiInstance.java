/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.harness;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * One Apache NiFi 2.3.0 process started from the assembly (ottimate-nifi-assembly): what nifi-bootstrap would do, which
 * Maven Central does not serve. The instance directory holds its own conf/, repositories, state and logs; lib/ (and so
 * the NARs) is shared with the assembly. Plain HTTP on 127.0.0.1 without authentication: for local use only.
 */
public final class NiFiInstance implements AutoCloseable {
    /** System property: the level the Ottimate bundle logs at (the assembly's logback.xml says DEBUG). */
    public static final String BUNDLE_LOG_LEVEL = "ottimate.nifi.bundle.log.level";
    private static final Duration START_LIMIT = Duration.ofMinutes(3);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(40);
    private static final String PID_FILE = "nifi.pid";

    private final Path home;
    private final Path directory;
    private final int httpPort;
    private final Map<String, String> extraProperties;
    private Process process;

    private NiFiInstance(final Path home, final Path directory, final int httpPort, final Map<String, String> extraProperties) {
        this.home = home.toAbsolutePath();
        this.directory = directory.toAbsolutePath();
        this.httpPort = httpPort;
        this.extraProperties = extraProperties;
    }

    /**
     * Prepares (or reuses) an instance directory. {@code extraProperties} override nifi.properties (cluster settings).
     * The sensitive properties key is generated once per instance and kept, so a restart can read its flow.
     */
    public static NiFiInstance prepare(final Path home, final Path directory, final int httpPort, final Map<String, String> extraProperties)
            throws IOException {
        if (!Files.isDirectory(home.resolve("lib")) || !Files.isRegularFile(home.resolve("conf/nifi.properties"))) {
            throw new IllegalStateException("No NiFi assembly at " + home + ": build first (./mvnw -B -ntp install -DskipTests)");
        }
        final NiFiInstance instance = new NiFiInstance(home, directory, httpPort, extraProperties);
        instance.writeConfiguration();
        return instance;
    }

    public static NiFiInstance prepare(final Path home, final Path directory, final int httpPort) throws IOException {
        return prepare(home, directory, httpPort, Map.of());
    }

    /** A free port on the loopback interface (for tests; bin/nifi uses fixed ports). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when something on 127.0.0.1 accepts connections on {@code port}. */
    public static boolean portInUse(final int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (final IOException e) {
            return false;
        }
    }

    public Path directory() {
        return directory;
    }

    public int httpPort() {
        return httpPort;
    }

    /** {@code http://127.0.0.1:PORT} */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    public Path appLog() {
        return directory.resolve("logs/nifi-app.log");
    }

    public NiFiClient client() {
        return new NiFiClient(baseUri());
    }

    private void writeConfiguration() throws IOException {
        final Path conf = directory.resolve("conf");
        Files.createDirectories(conf);
        Files.createDirectories(directory.resolve("logs"));
        Files.createDirectories(directory.resolve("extensions"));
        try (Stream<Path> files = Files.list(home.resolve("conf"))) {
            for (final Path file : files.toList()) {
                if (!file.getFileName().toString().equals("nifi.properties")) {
                    Files.copy(file, conf.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        // the tests log the bundle at DEBUG to search every line for secrets; a benchmark runs at the level users run
        final String bundleLevel = System.getProperty(BUNDLE_LOG_LEVEL);
        if (bundleLevel != null) {
            final Path logback = conf.resolve("logback.xml");
            Files.writeString(logback, Files.readString(logback).replace("<logger name=\"com.ottimate\" level=\"DEBUG\"/>",
                    "<logger name=\"com.ottimate\" level=\"" + bundleLevel + "\"/>"));
        }
        final Path keyFile = directory.resolve("conf/.sensitive-props-key");
        if (!Files.exists(keyFile)) {
            final byte[] key = new byte[16];
            new SecureRandom().nextBytes(key);
            Files.writeString(keyFile, HexFormat.of().formatHex(key));
        }
        final Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("nifi.web.http.host", "127.0.0.1");
        overrides.put("nifi.web.http.port", Integer.toString(httpPort));
        overrides.put("nifi.sensitive.props.key", Files.readString(keyFile).strip());
        // the NARs stay in the assembly; hot-loaded extensions go to this instance's own directory
        overrides.put("nifi.nar.library.directory", home.resolve("lib").toString());
        overrides.put("nifi.nar.library.autoload.directory", directory.resolve("extensions").toString());
        overrides.putAll(extraProperties);
        final List<String> lines = new ArrayList<>();
        for (final String line : Files.readAllLines(home.resolve("conf/nifi.properties"), StandardCharsets.UTF_8)) {
            final int equals = line.indexOf('=');
            final String key = line.startsWith("#") || equals < 0 ? null : line.substring(0, equals);
            lines.add(key != null && overrides.containsKey(key) ? key + "=" + overrides.remove(key) : line);
        }
        overrides.forEach((key, value) -> lines.add(key + "=" + value));
        Files.write(conf.resolve("nifi.properties"), lines, StandardCharsets.UTF_8);
    }

    /** The flow file NiFi writes its canvas to, and reads it back from at start (nifi.flow.configuration.file). */
    public Path flowFile() {
        return directory.resolve("conf/flow.json.gz");
    }

    /**
     * The scheduled state (RUNNING, STOPPED, ENABLED, DISABLED) NiFi last wrote to its flow file for one component, or
     * empty when the file does not hold it yet. What NiFi restores after a restart is this, not what its REST API
     * says: NiFi writes a change on a background task about half a second after it (nifi.flowservice.writedelay.interval).
     */
    public Optional<String> savedState(final String componentId) {
        final JsonNode flow;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(flowFile()))) {
            flow = NiFiClient.JSON.readTree(in);
        } catch (final IOException e) {
            // not written yet, or being replaced right now: not saved as far as anyone can tell
            return Optional.empty();
        }
        return Optional.ofNullable(flow.findParents("instanceIdentifier").stream()
                .filter(component -> componentId.equals(component.path("instanceIdentifier").asText()))
                .map(component -> component.path("scheduledState").asText(null))
                .findFirst().orElse(null));
    }

    /** Waits until NiFi has written {@code componentId} to its flow file as {@code state}, so a restart brings it back so. */
    public void awaitSaved(final String componentId, final String state, final Duration limit) {
        NiFiFlow.await("NiFi to write " + componentId + " as " + state + " to " + flowFile().getFileName(),
                () -> savedState(componentId).filter(state::equals).isPresent(), limit,
                () -> "the flow file holds it as " + savedState(componentId).orElse("(absent)"));
    }

    /** Rewrites one file of this instance's conf/ (e.g. state-management.xml of a cluster node). */
    public void writeConf(final String name, final String content) throws IOException {
        Files.writeString(directory.resolve("conf").resolve(name), content, StandardCharsets.UTF_8);
    }

    /** Starts NiFi and waits until its REST API answers. */
    public NiFiInstance start() throws IOException, InterruptedException {
        startProcess();
        awaitUp();
        return this;
    }

    /** Starts the NiFi process without waiting for it (a cluster's nodes start together). */
    public void startProcess() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        if (portInUse(httpPort)) {
            throw new IllegalStateException("Port " + httpPort + " on 127.0.0.1 is already taken: stop what uses it, or choose another port");
        }
        final String java = ProcessHandle.current().info().command().orElse("java");
        final List<String> command = new ArrayList<>(List.of(java,
                "--class-path", home.resolve("lib") + "/*:" + directory.resolve("conf"),
                "-Dnifi.properties.file.path=" + directory.resolve("conf/nifi.properties"),
                "-Dorg.apache.nifi.bootstrap.config.log.dir=" + directory.resolve("logs"),
                "-Dorg.apache.nifi.management.server.address=127.0.0.1:" + freePort(),
                "-Dlogback.configurationFile=" + directory.resolve("conf/logback.xml"),
                "-Xms512m", "-Xmx1g", "-XX:+UseG1GC",
                "-Djava.awt.headless=true", "-Dsun.net.http.allowRestrictedHeaders=true",
                "-Djava.protocol.handler.pkgs=sun.net.www.protocol", "-Djavax.security.auth.useSubjectCredsOnly=true",
                "-Dcurator-log-only-first-connection-issue-as-error-level=true"));
        // e.g. -Dottimate.nifi.jvm.args="-XX:StartFlightRecording=..." to profile a benchmark run
        for (final String arg : System.getProperty("ottimate.nifi.jvm.args", "").split("\\s+")) {
            if (!arg.isBlank()) {
                command.add(arg);
            }
        }
        command.add("org.apache.nifi.NiFi");
        final ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("logs/nifi-stdout.log").toFile()));
        process = builder.start();
        Files.writeString(directory.resolve(PID_FILE), Long.toString(process.pid()));
    }

    /** Waits until the REST API answers (NiFi writes "Started Application" a moment before). */
    public void awaitUp() throws InterruptedException, IOException {
        final long deadline = System.nanoTime() + START_LIMIT.toNanos();
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        final HttpRequest about = HttpRequest.newBuilder(baseUri().resolve("/nifi-api/flow/about")).timeout(Duration.ofSeconds(5)).build();
        while (System.nanoTime() < deadline) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException("NiFi exited with " + process.exitValue() + " while starting; see " + appLog()
                        + " and " + directory.resolve("logs/nifi-stdout.log"));
            }
            try {
                if (http.send(about, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (final ConnectException | HttpTimeoutException e) {
                // not listening yet
            } catch (final IOException e) {
                // the server is coming up
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("NiFi did not answer on " + baseUri() + " within " + START_LIMIT + "; see " + appLog());
    }

    /** Stops NiFi the way its bootstrap does (SIGTERM, a clean shutdown), forcibly after a while. */
    public void stop() throws InterruptedException {
        final Optional<ProcessHandle> handle = handle();
        if (handle.isEmpty()) {
            return;
        }
        handle.get().destroy();
        try {
            handle.get().onExit().get(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (final ExecutionException | TimeoutException e) {
            handle.get().destroyForcibly();
            handle.get().onExit().join();
        }
        process = null;
        deletePidFile();
    }

    /** Kills NiFi at once (SIGKILL): a crash, for failover tests. */
    public void kill() {
        handle().ifPresent(h -> {
            h.destroyForcibly();
            h.onExit().join();
        });
        process = null;
        deletePidFile();
    }

    public void restart() throws IOException, InterruptedException {
        stop();
        start();
    }

    public boolean isRunning() {
        return handle().map(ProcessHandle::isAlive).orElse(false);
    }

    /** The NiFi process: the one this object started, else the one named in the instance's pid file (bin/nifi). */
    public Optional<ProcessHandle> handle() {
        if (process != null) {
            return Optional.of(process.toHandle());
        }
        try {
            final Path pidFile = directory.resolve(PID_FILE);
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            return ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()))
                    .filter(h -> h.info().commandLine().map(line -> line.contains("org.apache.nifi.NiFi")).orElse(false));
        } catch (final IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void deletePidFile() {
        try {
            Files.deleteIfExists(directory.resolve(PID_FILE));
        } catch (final IOException ignored) {
            // a stale pid file is checked against the process command line anyway
        }
    }

    /** Resident memory of the NiFi process in MB, from /proc (Linux), or -1. */
    public long residentMegabytes() {
        final Optional<ProcessHandle> handle = handle();
        if (handle.isEmpty()) {
            return -1;
        }
        try {
            for (final String line : Files.readAllLines(Path.of("/proc/" + handle.get().pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (final IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
