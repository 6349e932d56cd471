package com.ottimate.nifi.stateless;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The root of every NAR class loader, as in nifi-stateless-bootstrap: classes from the jars NiFi Stateless keeps in
 * its lib/ directory and the JDK are visible; everything else on this JVM's class path (the launcher, the emulator,
 * Jackson, JUnit) is hidden, so extensions see exactly what they would see in NiFi.
 */
final class AllowListClassLoader extends ClassLoader {

    /** The jars of NiFi Stateless's lib/ directory, by file name prefix. */
    static final List<String> ROOT_JAR_PREFIXES = List.of("nifi-api-", "nifi-framework-api-", "nifi-stateless-api-", "nifi-properties-",
            "nifi-property-utils-", "nifi-nar-utils-", "nifi-python-framework-api-", "nifi-server-api-", "slf4j-api-");

    private final Set<String> allowedClasses;

    private AllowListClassLoader(final ClassLoader parent, final Set<String> allowedClasses) {
        super(parent);
        this.allowedClasses = allowedClasses;
    }

    /** Allows the classes of the root jars found on the class path (a directory of jars or a Maven-built class path). */
    static AllowListClassLoader fromClassPath(final ClassLoader parent, final String classPath) {
        final Set<String> allowed = new HashSet<>();
        for (final String entry : classPath.split(File.pathSeparator)) {
            final File file = new File(entry);
            if (file.getName().endsWith(".jar") && ROOT_JAR_PREFIXES.stream().anyMatch(file.getName()::startsWith)) {
                addClassNames(file, allowed);
            }
        }
        if (allowed.isEmpty()) {
            throw new IllegalStateException("None of the NiFi Stateless root jars " + ROOT_JAR_PREFIXES + " is on the class path");
        }
        return new AllowListClassLoader(parent, Set.copyOf(allowed));
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
