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
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

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
        final Bundle systemBundle = SystemBundle.create(narDirectory.toString(), ClassLoader.getSystemClassLoader());
        NarUnpacker.unpackNars(systemBundle, new File(unpacked, "framework"), new File(unpacked, "extensions"), List.of(narDirectory),
                false, NarClassLoaders.FRAMEWORK_NAR_ID, false, true, NarUnpackMode.UNPACK_TO_UBER_JAR, coordinate -> true);

        final ClassLoader root = AllowListClassLoader.fromClassPath(ClassLoader.getSystemClassLoader(), System.getProperty("java.class.path"));
        final File[] engineNars = new File(unpacked, "extensions").listFiles((dir, name) -> name.startsWith(ENGINE_NAR_ID) && name.endsWith("-unpacked"));
        if (engineNars == null || engineNars.length != 1) {
            throw new IllegalStateException("Expected exactly one " + ENGINE_NAR_ID + " in " + narDirectory);
        }
        try {
            return new StatelessEngine(configuration, root, new NarClassLoader(engineNars[0], root));
        } catch (final ClassNotFoundException e) {
            throw new IllegalStateException("The engine NAR " + engineNars[0].getName() + " cannot be loaded", e);
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
            final DataflowDefinition definition = service(DataflowDefinitionParser.class).parseFlowDefinition(
                    Map.of("nifi.stateless.flow.snapshot.file", flowDefinition.toAbsolutePath().toString()), configuration, parameters);
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
