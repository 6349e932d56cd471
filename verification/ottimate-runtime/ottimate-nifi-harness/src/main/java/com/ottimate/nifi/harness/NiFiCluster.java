/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.harness;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
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
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A NiFi 2.3.0 cluster on this host: {@code n} nodes from the assembly, each with its own directory and ports, unsecured
 * (plain HTTP on 127.0.0.1, which NiFi 2.3.0 allows), sharing one ZooKeeper that runs in its own JVM (from the
 * ZooKeeper jars the framework NAR bundles) so that any node, the primary included, can be killed and the cluster
 * goes on. For LOCAL tests only.
 */
public final class NiFiCluster implements AutoCloseable {
    private static final Duration FORM_LIMIT = Duration.ofMinutes(4);

    private final Path home;
    private final Path directory;
    private final Process zookeeper;
    private final List<NiFiInstance> nodes;

    private NiFiCluster(final Path home, final Path directory, final Process zookeeper, final List<NiFiInstance> nodes) {
        this.home = home;
        this.directory = directory;
        this.zookeeper = zookeeper;
        this.nodes = nodes;
    }

    /** Starts ZooKeeper and {@code count} nodes and waits until all of them are connected with a primary node. */
    public static NiFiCluster start(final Path home, final Path directory, final int count) throws IOException, InterruptedException {
        NiFiDemo.deleteTree(directory);
        Files.createDirectories(directory);
        final int zookeeperPort = NiFiInstance.freePort();
        final Process zookeeper = startZooKeeper(home, directory.resolve("zookeeper"), zookeeperPort);
        final byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        final List<NiFiInstance> nodes = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            final Map<String, String> cluster = new LinkedHashMap<>();
            cluster.put("nifi.cluster.is.node", "true");
            cluster.put("nifi.cluster.protocol.is.secure", "false");
            cluster.put("nifi.cluster.node.address", "127.0.0.1");
            cluster.put("nifi.cluster.node.protocol.port", Integer.toString(NiFiInstance.freePort()));
            cluster.put("nifi.cluster.load.balance.host", "127.0.0.1");
            cluster.put("nifi.cluster.load.balance.port", Integer.toString(NiFiInstance.freePort()));
            cluster.put("nifi.cluster.flow.election.max.candidates", Integer.toString(count));
            cluster.put("nifi.cluster.flow.election.max.wait.time", "20 sec");
            cluster.put("nifi.zookeeper.connect.string", "127.0.0.1:" + zookeeperPort);
            cluster.put("nifi.state.management.embedded.zookeeper.start", "false");
            cluster.put("nifi.remote.input.host", "127.0.0.1");
            // every node must decrypt the same flow
            cluster.put("nifi.sensitive.props.key", HexFormat.of().formatHex(key));
            final NiFiInstance node = NiFiInstance.prepare(home, directory.resolve("node" + i), NiFiInstance.freePort(), cluster);
            node.writeConf("state-management.xml", Files.readString(home.resolve("conf/state-management.xml"), StandardCharsets.UTF_8)
                    .replace("<property name=\"Connect String\"></property>", "<property name=\"Connect String\">127.0.0.1:" + zookeeperPort + "</property>"));
            nodes.add(node);
        }
        final NiFiCluster cluster = new NiFiCluster(home, directory, zookeeper, nodes);
        try {
            for (final NiFiInstance node : nodes) {
                node.startProcess();
            }
            for (final NiFiInstance node : nodes) {
                node.awaitUp();
            }
            cluster.awaitConnected(count);
            return cluster;
        } catch (final IOException | InterruptedException | RuntimeException e) {
            // no node and no ZooKeeper left running
            cluster.close();
            throw e;
        }
    }

    /** ZooKeeper's standalone server in its own JVM, from the jars bundled in NiFi's framework NAR. */
    private static Process startZooKeeper(final Path home, final Path directory, final int port) throws IOException, InterruptedException {
        final Path jars = directory.resolve("lib");
        Files.createDirectories(jars);
        Files.createDirectories(directory.resolve("data"));
        final Path framework;
        try (var files = Files.list(home.resolve("lib"))) {
            framework = files.filter(f -> f.getFileName().toString().matches("nifi-framework-nar-.*\\.nar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no nifi-framework-nar in " + home.resolve("lib")));
        }
        try (ZipInputStream nar = new ZipInputStream(Files.newInputStream(framework))) {
            for (ZipEntry entry; (entry = nar.getNextEntry()) != null; ) {
                final String name = entry.getName();
                if (name.contains("/bundled-dependencies/") && name.endsWith(".jar")) {
                    copy(nar, jars.resolve(name.substring(name.lastIndexOf('/') + 1)));
                }
            }
        }
        Files.writeString(directory.resolve("zoo.cfg"), String.join("\n", "tickTime=2000", "dataDir=" + directory.resolve("data"),
                "clientPort=" + port, "clientPortAddress=127.0.0.1", "admin.enableServer=false", "maxClientCnxns=0", ""));
        final String java = ProcessHandle.current().info().command().orElse("java");
        final Process process = new ProcessBuilder(java, "-Xmx256m", "-Dzookeeper.admin.enableServer=false",
                "-cp", jars + "/*:" + home.resolve("lib") + "/*", "org.apache.zookeeper.server.ZooKeeperServerMain",
                directory.resolve("zoo.cfg").toString())
                .redirectErrorStream(true).redirectOutput(directory.resolve("zookeeper.log").toFile()).start();
        NiFiFlow.await("ZooKeeper on port " + port, () -> NiFiInstance.portInUse(port), Duration.ofSeconds(30));
        return process;
    }

    private static void copy(final InputStream in, final Path target) throws IOException {
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }

    public List<NiFiInstance> nodes() {
        return nodes;
    }

    /** A client of any connected node (NiFi replicates each request to all nodes). */
    public NiFiClient client() {
        for (final NiFiInstance node : nodes) {
            if (node.isRunning() && connected(node)) {
                return node.client();
            }
        }
        throw new IllegalStateException("no connected node");
    }

    /** The node NiFi made the primary node, once there is one. */
    public Optional<NiFiInstance> primary() {
        for (final NiFiInstance node : nodes) {
            if (!node.isRunning()) {
                continue;
            }
            try {
                for (final JsonNode member : node.client().get("/controller/cluster").path("cluster").path("nodes")) {
                    final boolean primary = member.path("status").asText().equals("CONNECTED")
                            && member.path("roles").toString().contains("Primary Node");
                    if (primary) {
                        final int port = member.path("apiPort").asInt();
                        return nodes.stream().filter(n -> n.baseUri().getPort() == port).findFirst();
                    }
                }
                return Optional.empty();
            } catch (final RuntimeException e) {
                // this node has no coordinator to ask now
            }
        }
        return Optional.empty();
    }

    /** Waits until {@code count} nodes are connected and one of them is the primary node. */
    public void awaitConnected(final int count) {
        NiFiFlow.await(count + " connected NiFi nodes with a primary", () -> nodes.stream().filter(NiFiInstance::isRunning)
                .anyMatch(node -> connectedCount(node) == count) && primary().isPresent(), FORM_LIMIT);
    }

    private static boolean connected(final NiFiInstance node) {
        return connectedCount(node) > 0;
    }

    private static int connectedCount(final NiFiInstance node) {
        try {
            final JsonNode summary = node.client().get("/flow/cluster/summary").path("clusterSummary");
            return summary.path("connectedToCluster").asBoolean() ? summary.path("connectedNodeCount").asInt() : 0;
        } catch (final RuntimeException e) {
            return 0;
        }
    }

    /** Restarts a node that was killed or stopped and waits until the cluster has all its nodes again. */
    public void restart(final NiFiInstance node) throws IOException, InterruptedException {
        node.stop();
        node.start();
        awaitConnected(nodes.size());
    }

    @Override
    public void close() throws InterruptedException {
        try {
            for (final NiFiInstance node : nodes) {
                node.stop();
            }
        } finally {
            zookeeper.destroy();
            zookeeper.waitFor();
        }
    }

    public Path directory() {
        return directory;
    }

    public Path home() {
        return home;
    }
}
