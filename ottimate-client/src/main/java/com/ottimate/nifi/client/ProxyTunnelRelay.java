/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.client;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * Proxy credentials that work for HTTPS. The JDK's HTTP client never sends Basic credentials when it opens a CONNECT
 * tunnel (jdk.http.auth.tunneling.disabledSchemes, a JVM-wide setting an extension cannot change), so a proxy that
 * wants them refuses every request. This relay, on a loopback port of its own, takes the client's CONNECT, opens the
 * tunnel at the real proxy with {@code Proxy-Authorization: Basic} sent up front, and then only copies bytes: TLS stays
 * end to end between the client and Ottimate. It forwards tunnels to the configured API and token hosts only, so no
 * other local program can use the proxy credentials to go anywhere else.
 */
final class ProxyTunnelRelay implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyTunnelRelay.class);
    private static final int MAX_HEAD = 16 * 1024;

    private final ProxySettings upstream;
    private final Set<String> allowed;
    private final int connectTimeoutMillis;
    private final String authorization;
    private final ServerSocket server;
    private final ExecutorService connections = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("ottimate-proxy-relay-", 0).factory());
    private volatile String lastRefusal;

    /** @param allowed the {@code host:port} authorities tunnels may be opened to */
    ProxyTunnelRelay(final ProxySettings upstream, final Set<String> allowed, final Duration connectTimeout) throws IOException {
        this.upstream = upstream;
        this.allowed = allowed.stream().map(a -> a.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((upstream.username() + ":" + upstream.password().reveal())
                .getBytes(StandardCharsets.UTF_8));
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("ottimate-proxy-relay").start(this::acceptLoop);
    }

    InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    /** What the proxy last answered instead of opening a tunnel (e.g. {@code HTTP/1.1 407 Proxy Authentication Required}), or null. */
    String lastRefusal() {
        return lastRefusal;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                final Socket client = server.accept();
                connections.execute(() -> relay(client));
            } catch (final IOException e) {
                if (!server.isClosed()) {
                    LOG.warn("Proxy relay stopped accepting connections: {}", e.toString());
                }
                return;
            }
        }
    }

    private void relay(final Socket client) {
        try (client) {
            final String head = readHead(client.getInputStream());
            final String[] requestLine = head.lines().findFirst().orElse("").split(" ");
            if (requestLine.length < 3 || !requestLine[0].equals("CONNECT")) {
                answer(client, "HTTP/1.1 405 Method Not Allowed");
                return;
            }
            final String authority = requestLine[1].toLowerCase(Locale.ROOT);
            if (!allowed.contains(authority)) {
                answer(client, "HTTP/1.1 403 Forbidden");
                return;
            }
            try (Socket proxy = new Socket()) {
                proxy.connect(new InetSocketAddress(upstream.host(), upstream.port()), connectTimeoutMillis);
                final OutputStream toProxy = proxy.getOutputStream();
                toProxy.write(("CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\nProxy-Authorization: " + authorization
                        + "\r\nProxy-Connection: Keep-Alive\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                toProxy.flush();
                final String answer = readHead(proxy.getInputStream());
                final String statusLine = answer.lines().findFirst().orElse("");
                if (!statusLine.matches("HTTP/1\\.[01] 2\\d\\d.*")) {
                    lastRefusal = statusLine;
                    answer(client, statusLine.isEmpty() ? "HTTP/1.1 502 Bad Gateway" : statusLine);
                    return;
                }
                answer(client, "HTTP/1.1 200 Connection Established");
                final Thread upward = Thread.ofVirtual().start(() -> copy(client, proxy));
                copy(proxy, client);
                upward.join();
            }
        } catch (final IOException e) {
            LOG.debug("Proxy relay connection ended: {}", e.toString());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Copies until {@code from} ends, then half-closes {@code to} so the other direction can finish. */
    private static void copy(final Socket from, final Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (final IOException e) {
            try {
                from.close();
                to.close();
            } catch (final IOException ignored) {
                // both ends are going away
            }
        }
    }

    private static void answer(final Socket client, final String statusLine) throws IOException {
        client.getOutputStream().write((statusLine + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        client.getOutputStream().flush();
    }

    /** The header block of a request or answer, up to the blank line (byte by byte: nothing after it may be consumed). */
    private static String readHead(final InputStream in) throws IOException {
        final ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        while (head.size() < MAX_HEAD) {
            final int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            last4 = (last4 << 8) | b;
            if (last4 == 0x0D0A0D0A) {
                break;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
        connections.shutdownNow();
    }
}
