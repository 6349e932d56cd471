/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL cluster for the database templates (09, 10): created with {@code initdb} under a directory of
 * the build, listening on 127.0.0.1 only, trusting local connections, stopped and deleted afterwards. The server is
 * Debian's {@code postgresql} package ({@code bin/ensure-postgres} installs it where it is missing). PostgreSQL refuses
 * to run as root, so as root it runs as the package's {@code postgres} user.
 */
public final class LocalPostgres implements AutoCloseable {
    public static final String DATABASE = "erp";
    public static final String USER = "ottimate";

    private final Path bin;
    private final Path data;
    private final int port;
    private final boolean asPostgresUser;

    private LocalPostgres(final Path bin, final Path data, final int port) {
        this.bin = bin;
        this.data = data;
        this.port = port;
        this.asPostgresUser = "root".equals(System.getProperty("user.name"));
    }

    /**
     * Creates a cluster in {@code directory} (emptied first) and starts it with database {@value #DATABASE}.
     * {@code ensureScript} installs the server package where no {@code initdb} is found.
     */
    public static LocalPostgres start(final Path directory, final Path ensureScript) throws IOException, InterruptedException {
        final Optional<Path> found = serverBin();
        final Path bin = found.isPresent() ? found.get() : install(ensureScript);
        NiFiDemo.deleteTree(directory);
        Files.createDirectories(directory);
        final LocalPostgres postgres = new LocalPostgres(bin, directory.toAbsolutePath().resolve("data"), NiFiInstance.freePort());
        postgres.init();
        postgres.startServer();
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgres.port + "/postgres", USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + DATABASE + " ENCODING 'UTF8'");
        } catch (final SQLException e) {
            throw new IOException("Creating the database failed: " + e.getMessage(), e);
        }
        return postgres;
    }

    /** The newest server of the Debian package: /usr/lib/postgresql/N/bin. */
    private static Optional<Path> serverBin() throws IOException {
        final Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(version -> version.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))));
        }
    }

    private static Path install(final Path ensureScript) throws IOException, InterruptedException {
        run(List.of(ensureScript.toAbsolutePath().toString()), "installing PostgreSQL");
        return serverBin().orElseThrow(() -> new IllegalStateException("No PostgreSQL server after " + ensureScript));
    }

    private void init() throws IOException, InterruptedException {
        Files.createDirectories(data);
        if (asPostgresUser) {
            final UserPrincipal postgres = data.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(data.getParent(), postgres);
            Files.setOwner(data, postgres);
        }
        run(command(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--auth=trust", "-E", "UTF8", "--no-locale"), "initdb");
    }

    private void startServer() throws IOException, InterruptedException {
        // loopback TCP only: no Unix socket (its path may be longer than the 107 characters a socket takes), fsync off: it is thrown away
        run(command(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", data.resolve("server.log").toString(), "-w", "-t", "60",
                "-o", "-c listen_addresses=127.0.0.1 -p " + port + " -c unix_socket_directories='' -c fsync=off", "start"), "pg_ctl start");
    }

    /** Stops the server (an outage, or the end); {@link #restart} brings it back on the same port with the same data. */
    public void stopServer() throws IOException, InterruptedException {
        run(command(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"), "pg_ctl stop");
    }

    public void restart() throws IOException, InterruptedException {
        startServer();
    }

    public int port() {
        return port;
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/erp} */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, "");
    }

    /** Runs a SQL script, all its statements in one call (the templates' schema file, their sample rows). */
    public void execute(final Path script) throws IOException, SQLException {
        final String sql = Files.readString(script, StandardCharsets.UTF_8);
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private List<String> command(final String... arguments) {
        final List<String> command = new ArrayList<>();
        if (asPostgresUser) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.addAll(List.of(arguments));
        return command;
    }

    /** The end of the server's log, where pg_ctl's own answer says only "stopped waiting". */
    private static String serverLog(final List<String> command) {
        final int log = command.indexOf("-l");
        if (log < 0) {
            return "";
        }
        try {
            final List<String> lines = Files.readAllLines(Path.of(command.get(log + 1)), StandardCharsets.UTF_8);
            return "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (final IOException e) {
            return "";
        }
    }

    private static void run(final List<String> command, final String what) throws IOException, InterruptedException {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IOException(what + " failed: " + new String(output, StandardCharsets.UTF_8) + serverLog(command));
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            stopServer();
        } catch (final IOException e) {
            // already stopped (an outage left so): nothing runs
        }
        NiFiDemo.deleteTree(data.getParent());
    }
}
