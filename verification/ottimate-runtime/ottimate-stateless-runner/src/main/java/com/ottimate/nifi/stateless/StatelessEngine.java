/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.stateless;

import org.apache.nifi.bundle.Bundle;
import org.apache.nifi.nar.NarClassLoader;
import org.apache.nifi.nar.NarClassLoaders;
import org.apache.nifi.nar.NarUnpackMode;
import org.apache.nifi.nar.NarUnpacker;
import org.apache.nifi.nar.SystemBundle;
import org.apache.nifi.stateless.config.ParameterOverride;
import org.apache.nifi.stateless.config.PropertiesFileEngineConfigurationParser;
import org.apache.nifi.stateless.config.StatelessConfigurationException;
import org.apache.nifi.stateless.engine.StatelessEngineConfiguration;
import org.apache.nifi.stateless.flow.DataflowDefinition;
import org.apache.nifi.stateless.flow.DataflowDefinitionParser;
import org.apache.nifi.stateless.flow.StatelessDataflow;
import org.apache.nifi.stateless.flow.StatelessDataflowFactory;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * Apache NiFi's Stateless engine, booted the way nifi-stateless-bootstrap does it (that jar is not served by Maven
 * Central): unpack the NAR directory, put an allow-list root class loader under every NAR, load the engine from the
 * nifi-stateless-nar, and let it parse and build flow definitions. One engine runs any number of flows.
 */
public final class StatelessEngine {

    private static final String ENGINE_NAR_ID = "nifi-stateless-nar";

    private final StatelessEngineConfiguration configuration;
    private final ClassLoader rootClassLoader;
    private final ClassLoader engineClassLoader;

    private StatelessEngine(final StatelessEngineConfiguration configuration, final ClassLoader rootClassLoader,
                            final ClassLoader engineClassLoader) {
        this.configuration = configuration;
        this.rootClassLoader = rootClassLoader;
        this.engineClassLoader = engineClassLoader;
    }

    /**
     * @param narDirectory  the engine NAR, nifi-standard-services-api-nar, nifi-ottimate-nar and any other extensions
     * @param workDirectory where NARs are unpacked (kept between runs; a changed NAR is unpacked again)
     */
    public static StatelessEngine boot(final Path narDirectory, final Path workDirectory) throws IOException {
        final StatelessEngineConfiguration configuration = configure(narDirectory.toAbsolutePath(), workDirectory.toAbsolutePath());
        final File unpacked = new File(configuration.getWorkingDirectory(), "nar");
        final File extensions = new File(unpacked, "extensions");
        removeStaleUnpackedNars(narDirectory, extensions);
        final Bundle systemBundle = SystemBundle.create(narDirectory.toString(), ClassLoader.getSystemClassLoader());
        NarUnpacker.unpackNars(systemBundle, new File(unpacked, "framework"), extensions, List.of(narDirectory),
                false, NarClassLoaders.FRAMEWORK_NAR_ID, false, true, NarUnpackMode.UNPACK_TO_UBER_JAR, coordinate -> true);

        final ClassLoader root = AllowListClassLoader.fromClassPath(ClassLoader.getSystemClassLoader(), System.getProperty("java.class.path"));
        final List<String> engineNars = narFileNames(narDirectory).stream().filter(name -> name.startsWith(ENGINE_NAR_ID)).toList();
        if (engineNars.size() != 1) {
            throw new IllegalStateException("Expected exactly one " + ENGINE_NAR_ID + " in " + narDirectory + ", found " + engineNars);
        }
        final File engineNar = new File(extensions, engineNars.getFirst() + "-unpacked");
        try {
            return new StatelessEngine(configuration, root, new NarClassLoader(engineNar, root));
        } catch (final ClassNotFoundException e) {
            throw new IllegalStateException("The engine NAR " + engineNar.getName() + " cannot be loaded", e);
        }
    }

    private static List<String> narFileNames(final Path narDirectory) throws IOException {
        try (Stream<Path> files = Files.list(narDirectory)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".nar")).sorted().toList();
        }
    }

    /**
     * The engine loads every unpacked NAR of the work directory: one left from a NAR that is gone (an older version
     * after a rebuild) would be loaded beside the new one, so it goes.
     */
    private static void removeStaleUnpackedNars(final Path narDirectory, final File extensions) throws IOException {
        final File[] unpackedNars = extensions.listFiles((dir, name) -> name.endsWith(".nar-unpacked"));
        if (unpackedNars == null) {
            return;
        }
        final List<String> present = narFileNames(narDirectory);
        for (final File stale : unpackedNars) {
            if (!present.contains(stale.getName().substring(0, stale.getName().length() - "-unpacked".length()))) {
                try (Stream<Path> tree = Files.walk(stale.toPath())) {
                    for (final Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
        }
    }

    /** Writes the engine's properties file: content repository on disk, a per-run key for sensitive property values. */
    private static StatelessEngineConfiguration configure(final Path narDirectory, final Path workDirectory) throws IOException {
        Files.createDirectories(workDirectory);
        final byte[] key = new byte[24];
        new SecureRandom().nextBytes(key);
        final Path properties = workDirectory.resolve("stateless.properties");
        Files.writeString(properties, String.join(System.lineSeparator(),
                "nifi.stateless.nar.directory=" + escape(narDirectory),
                "nifi.stateless.working.directory=" + escape(workDirectory),
                "nifi.stateless.extensions.directory=" + escape(workDirectory.resolve("extensions")),
                // flowfile content on disk, as in NiFi: a flow's heap does not grow with the data it moves
                "nifi.stateless.content.repository.directory=" + escape(workDirectory.resolve("content")),
                "nifi.stateless.sensitive.props.key=" + HexFormat.of().formatHex(key),
                "nifi.stateless.component.enableTimeout=30 sec",
                ""));
        try {
            return new PropertiesFileEngineConfigurationParser().parseEngineConfiguration(properties.toFile());
        } catch (final StatelessConfigurationException e) {
            throw new IOException("Invalid engine configuration " + properties, e);
        } finally {
            // the key only lives in memory from here on
            Files.delete(properties);
        }
    }

    private static String escape(final Path path) {
        return path.toString().replace("\\", "\\\\");
    }

    /** Parses a flow definition (the JSON NiFi exports for a process group), builds and enables it. */
    public StatelessFlow load(final Path flowDefinition, final List<ParameterOverride> parameters) throws IOException {
        final Thread thread = Thread.currentThread();
        final ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(engineClassLoader);
        try {
            final Path resolved = SharedConnection.resolve(flowDefinition, configuration.getWorkingDirectory().toPath().resolve("flows"));
            final DataflowDefinition definition = service(DataflowDefinitionParser.class).parseFlowDefinition(
                    Map.of("nifi.stateless.flow.snapshot.file", resolved.toAbsolutePath().toString()), configuration, parameters);
            final StatelessDataflow dataflow = service(StatelessDataflowFactory.class).createDataflow(configuration, definition, rootClassLoader);
            dataflow.initialize(() -> true);
            return new StatelessFlow(dataflow);
        } catch (final StatelessConfigurationException e) {
            throw new IOException("Cannot load flow definition " + flowDefinition.getFileName() + ": " + e.getMessage(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private <T> T service(final Class<T> type) {
        return ServiceLoader.load(type, engineClassLoader).findFirst()
                .orElseThrow(() -> new IllegalStateException("The engine NAR provides no " + type.getName()));
    }
}
