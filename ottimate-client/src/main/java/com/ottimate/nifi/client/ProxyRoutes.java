/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;

/** Sends every request through one HTTP proxy, except requests to a loopback address, which go direct. */
final class ProxyRoutes extends ProxySelector {
    private final Proxy proxy;

    ProxyRoutes(final InetSocketAddress proxyAddress) {
        this.proxy = new Proxy(Proxy.Type.HTTP, proxyAddress);
    }

    @Override
    public List<Proxy> select(final URI uri) {
        return isLoopback(uri.getHost()) ? List.of(Proxy.NO_PROXY) : List.of(proxy);
    }

    @Override
    public void connectFailed(final URI uri, final SocketAddress address, final IOException e) {
        // the request itself reports the failure
    }

    /** localhost, or a literal loopback address; names are never resolved here (DNS must not decide the route). */
    static boolean isLoopback(final String host) {
        if (host == null) {
            return false;
        }
        final String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!bare.matches("[0-9.]+") && !bare.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (final UnknownHostException e) {
            return false;
        }
    }
}
