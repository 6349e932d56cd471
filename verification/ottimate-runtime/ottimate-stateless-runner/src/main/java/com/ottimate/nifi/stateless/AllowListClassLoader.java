/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.stateless;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The root of every NAR class loader, as in nifi-stateless-bootstrap: classes and resources from the jars NiFi
 * Stateless keeps in its lib/ directory and the JDK are visible; everything else on this JVM's class path (the
 * launcher, the emulator, Jackson, JUnit, their META-INF/services) is hidden from the NARs.
 */
final class AllowListClassLoader extends ClassLoader {

    /** The jars of NiFi Stateless's lib/ directory, by file name prefix. */
    static final List<String> ROOT_JAR_PREFIXES = List.of("nifi-api-", "nifi-framework-api-", "nifi-stateless-api-", "nifi-properties-",
            "nifi-property-utils-", "nifi-nar-utils-", "nifi-python-framework-api-", "nifi-server-api-", "slf4j-api-");

    private final Set<String> allowedClasses;
    private final Set<String> allowedJars;

    private AllowListClassLoader(final ClassLoader parent, final Set<String> allowedClasses, final Set<String> allowedJars) {
        super(parent);
        this.allowedClasses = allowedClasses;
        this.allowedJars = allowedJars;
    }

    /** Allows the classes of the root jars found on the class path (a directory of jars or a Maven-built class path). */
    static AllowListClassLoader fromClassPath(final ClassLoader parent, final String classPath) {
        final Set<String> allowed = new HashSet<>();
        final Set<String> jars = new HashSet<>();
        for (final String entry : classPath.split(File.pathSeparator)) {
            final File file = new File(entry);
            if (file.getName().endsWith(".jar") && ROOT_JAR_PREFIXES.stream().anyMatch(file.getName()::startsWith)) {
                addClassNames(file, allowed);
                jars.add(file.getAbsoluteFile().toURI().toString());
            }
        }
        if (allowed.isEmpty()) {
            throw new IllegalStateException("None of the NiFi Stateless root jars " + ROOT_JAR_PREFIXES + " is on the class path");
        }
        return new AllowListClassLoader(parent, Set.copyOf(allowed), Set.copyOf(jars));
    }

    private static void addClassNames(final File jar, final Set<String> names) {
        try (JarFile jarFile = new JarFile(jar)) {
            jarFile.stream().map(JarEntry::getName).filter(name -> name.endsWith(".class"))
                    .forEach(name -> names.add(name.substring(0, name.length() - ".class".length()).replace('/', '.')));
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot read " + jar, e);
        }
    }

    @Override
    public URL getResource(final String name) {
        final URL resource = super.getResource(name);
        return resource == null || isVisible(resource) ? resource : null;
    }

    @Override
    public Enumeration<URL> getResources(final String name) throws IOException {
        final List<URL> visible = new ArrayList<>();
        for (final URL resource : Collections.list(super.getResources(name))) {
            if (isVisible(resource)) {
                visible.add(resource);
            }
        }
        return Collections.enumeration(visible);
    }

    /** JDK resources (jrt:) and those inside a root jar (jar:file:/…/nifi-api-2.6.0.jar!/…). */
    private boolean isVisible(final URL resource) {
        if ("jrt".equals(resource.getProtocol())) {
            return true;
        }
        final String url = resource.toString();
        final int separator = url.indexOf("!/");
        return url.startsWith("jar:") && separator > 0 && allowedJars.contains(url.substring("jar:".length(), separator));
    }

    @Override
    protected Class<?> loadClass(final String name, final boolean resolve) throws ClassNotFoundException {
        if (allowedClasses.contains(name)) {
            return super.loadClass(name, resolve);
        }
        final Class<?> loaded = super.loadClass(name, false);
        final String module = loaded.getModule().getName();
        if (module != null && (module.startsWith("java.") || module.startsWith("jdk."))) {
            return loaded;
        }
        throw new ClassNotFoundException(name + " is not on NiFi Stateless's root class path");
    }
}
