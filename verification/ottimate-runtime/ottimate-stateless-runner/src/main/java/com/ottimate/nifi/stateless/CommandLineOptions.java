/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.stateless;

import java.util.Map;
import java.util.TreeMap;

/** The {@code --name value} pairs the bin/ scripts pass to the launchers. */
public final class CommandLineOptions {
    private CommandLineOptions() {
    }

    /** Pairs from {@code args[first]} on, names without their leading {@code --}; a trailing name without a value is ignored. */
    public static Map<String, String> parse(final String[] args, final int first) {
        final Map<String, String> options = new TreeMap<>();
        for (int i = first; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }
}
