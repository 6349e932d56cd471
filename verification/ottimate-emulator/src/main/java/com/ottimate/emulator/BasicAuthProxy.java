/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.emulator;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A corporate HTTP proxy: CONNECT tunnels only, each with {@code Proxy-Authorization: Basic} or a 407. It resolves the
 * names it knows ({@code api.ottimate.test}) to loopback, so the client never has to.
 */
final class BasicAuthProxy implements Closeable {
    static final String USER = "proxy-user";
    static final String PASSWORD = "proxy-password-do-not-log";

    private final ServerSocket server;
    private final Map<String, String> hosts;
    private final String expected = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    private final AtomicLong tunnels = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    /** @param hosts names this proxy resolves, to the address it connects instead (e.g. api.ottimate.test → 127.0.0.1) */
    BasicAuthProxy(final Map<String, String> hosts) throws IOException {
        this.hosts = Map.copyOf(hosts);
        this.server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("emulator-proxy").start(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    long tunnels() {
        return tunnels.get();
    }

    long refused() {
        return refused.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                final Socket client = server.accept();
                threads.execute(() -> serve(client));
            } catch (final IOException e) {
                return;
            }
        }
    }

    private void serve(final Socket client) {
        try (client) {
            final String head = readHead(client.getInputStream());
            final String[] line = head.lines().findFirst().orElse("").split(" ");
            if (line.length < 3 || !line[0].equals("CONNECT")) {
                answer(client, "405 Method Not Allowed");
                return;
            }
            final boolean authorized = head.lines().anyMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("proxy-authorization:")
                    && h.substring(h.indexOf(':') + 1).strip().equals(expected));
            if (!authorized) {
                refused.incrementAndGet();
                client.getOutputStream().write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"emulator\"\r\n"
                        + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                return;
            }
            final String authority = line[1];
            final int colon = authority.lastIndexOf(':');
            final String host = authority.substring(0, colon);
            final String target = hosts.get(host.toLowerCase(Locale.ROOT));
            if (target == null) {
                answer(client, "502 Bad Gateway");
                return;
            }
            try (Socket upstream = new Socket(target, Integer.parseInt(authority.substring(colon + 1)))) {
                tunnels.incrementAndGet();
                client.getOutputStream().write("HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                client.getOutputStream().flush();
                final Thread up = Thread.ofVirtual().start(() -> TcpFront.pipe(client, upstream));
                TcpFront.pipe(upstream, client);
                up.join();
            }
        } catch (final IOException e) {
            // the client went away
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void answer(final Socket client, final String status) throws IOException {
        client.getOutputStream().write(("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String readHead(final InputStream in) throws IOException {
        final ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        while (head.size() < 16 * 1024) {
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
        threads.shutdownNow();
    }
}
