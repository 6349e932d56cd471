/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.client;

import java.util.Objects;

/**
 * An HTTP proxy, with or without Basic credentials. Loopback addresses never go through it: a local emulator or a
 * sidecar is reached directly, and no credential is handed to a proxy for a request that stays on the machine.
 *
 * @param username null when the proxy needs no credentials
 * @param password the password for {@code username} (empty when the proxy takes a user name alone)
 */
public record ProxySettings(String host, int port, String username, Secret password) {

    public ProxySettings {
        Objects.requireNonNull(host, "host");
        if (username != null && password == null) {
            password = Secret.of("");
        }
    }

    public static ProxySettings anonymous(final String host, final int port) {
        return new ProxySettings(host, port, null, null);
    }

    public boolean hasCredentials() {
        return username != null && !username.isEmpty();
    }

    @Override
    public String toString() {
        return "proxy " + host + ":" + port + (hasCredentials() ? " as " + username : "");
    }
}
