/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.emulator;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP front before the emulator's HTTPS port that drops every other new connection once the client has sent its TLS
 * ClientHello, as a load balancer shedding connections does: the client sees its handshake cut short. The connections
 * it lets through are copied both ways, byte for byte.
 */
final class TcpFront implements Closeable {
    private final ServerSocket server;
    private final InetSocketAddress backend;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    TcpFront(final int port, final InetSocketAddress backend) throws IOException {
        this.backend = backend;
        this.server = new ServerSocket(port, 512, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("emulator-tcp-front").start(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    long dropped() {
        return dropped.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                final Socket client = server.accept();
                final boolean drop = accepted.getAndIncrement() % 2 == 0;
                threads.execute(() -> serve(client, drop));
            } catch (final IOException e) {
                return;
            }
        }
    }

    private void serve(final Socket client, final boolean drop) {
        try (client) {
            if (drop) {
                // read (some of) the ClientHello, then hang up mid-handshake
                client.setSoTimeout(2_000);
                client.getInputStream().read(new byte[512]);
                dropped.incrementAndGet();
                client.setSoLinger(true, 0);
                return;
            }
            try (Socket upstream = new Socket(backend.getAddress(), backend.getPort())) {
                final Thread up = Thread.ofVirtual().start(() -> pipe(client, upstream));
                pipe(upstream, client);
                up.join();
            }
        } catch (final IOException e) {
            // the other side went away
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void pipe(final Socket from, final Socket to) {
        try {
            final InputStream in = from.getInputStream();
            in.transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (final IOException e) {
            try {
                from.close();
                to.close();
            } catch (final IOException ignored) {
                // closing both ends
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
