/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** {@code User-Agent} naming the bundle and its version, e.g. {@code nifi-ottimate-bundle/0.1.0 (Apache NiFi; Java 21)}. */
public final class UserAgent {
    public static final String BUNDLE_VERSION = loadVersion();
    public static final String VALUE = "nifi-ottimate-bundle/" + BUNDLE_VERSION + " (Apache NiFi; Java " + Runtime.version().feature() + ")";

    private UserAgent() {
    }

    private static String loadVersion() {
        try (InputStream in = UserAgent.class.getResourceAsStream("bundle.properties")) {
            final Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
