/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors;

import org.apache.nifi.annotation.documentation.DeprecationNotice;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

/**
 * The processors this module registers with NiFi (META-INF/services), so suites that must cover every processor of a
 * kind derive the list instead of keeping it by hand. Names kept from before a rename are left out. NiFi's naming rule sorts them: List… and Fetch… read, the rest write.
 */
public final class RegisteredProcessors {
    private static final String REGISTRY = "META-INF/services/org.apache.nifi.processor.Processor";

    private RegisteredProcessors() {
    }

    /** Simple class names of every registered processor of this bundle, but for deprecated names. */
    public static List<String> all() {
        final TreeSet<String> names = new TreeSet<>();
        try {
            for (final URL url : Collections.list(RegisteredProcessors.class.getClassLoader().getResources(REGISTRY))) {
                try (InputStream in = url.openStream()) {
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                            .filter(line -> line.startsWith("com.ottimate.") && !deprecated(line))
                            .forEach(line -> names.add(line.substring(line.lastIndexOf('.') + 1)));
                }
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(names);
    }

    /** A name kept only so that older flows load (it runs the processor it was renamed to, which the suites cover). */
    private static boolean deprecated(final String className) {
        try {
            return Class.forName(className).isAnnotationPresent(DeprecationNotice.class);
        } catch (final ClassNotFoundException e) {
            throw new IllegalStateException(className + " is registered but not on the class path", e);
        }
    }

    public static List<String> writers() {
        return all().stream().filter(name -> !name.startsWith("List") && !name.startsWith("Fetch")).toList();
    }

    public static List<String> readers() {
        return all().stream().filter(name -> name.startsWith("List") || name.startsWith("Fetch")).toList();
    }
}
