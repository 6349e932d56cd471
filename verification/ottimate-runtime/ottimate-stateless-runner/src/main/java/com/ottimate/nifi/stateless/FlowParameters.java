/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.stateless;

import org.apache.nifi.stateless.config.ParameterOverride;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Parameter values for a flow's parameter contexts, by parameter name (a value applies to every context that declares
 * the name, inherited contexts included). Sensitive parameters, such as the client secret, have no value in a flow
 * definition: they must be given here.
 */
public final class FlowParameters {

    private final Map<String, String> values = new TreeMap<>();

    /**
     * Reads {@code name=value} lines: a Java properties file, so a backslash in a value is written {@code \\}. Keep it
     * readable by its owner only.
     */
    public FlowParameters readFile(final Path file) throws IOException {
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name)));
        return this;
    }

    /** Adds one {@code name=value} pair, as given on the command line. */
    public FlowParameters add(final String assignment) {
        final int equals = assignment.indexOf('=');
        if (equals <= 0) {
            // not echoed: a mistyped argument may be a secret
            throw new IllegalArgumentException("A --parameter is given as name=value; one had no name or no '='");
        }
        return set(assignment.substring(0, equals).strip(), assignment.substring(equals + 1));
    }

    public FlowParameters set(final String name, final String value) {
        values.put(name, value);
        return this;
    }

    /** Every value by parameter name (for a full NiFi, where they go into parameter contexts). */
    public Map<String, String> values() {
        return Map.copyOf(values);
    }

    public List<ParameterOverride> overrides() {
        final List<ParameterOverride> overrides = new ArrayList<>();
        values.forEach((name, value) -> overrides.add(new ParameterOverride(name, value)));
        return overrides;
    }

    /** Parameter names only: values may be secrets. */
    @Override
    public String toString() {
        return "FlowParameters" + values.keySet();
    }
}
