/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.client;

import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Credentials;
import okhttp3.EventListener;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The HTTP exchanges of one client, on OkHttp (the client InvokeHTTP and NiFi's web client service are built on). Every
 * call runs on the caller's thread, start to end: connecting, writing the body (an upload streams from the content
 * repository on the processor's own thread), reading the answer. The answer is read whole but never beyond
 * {@link #MAX_RESPONSE_BYTES}, and never for longer than the request time-out. Failures come out as IOExceptions this
 * class names, so the caller can tell a connect time-out from a broken answer.
 */
final class Transport implements AutoCloseable {
    /** Larger than any page of 200 objects; a bigger answer is not one Ottimate meant to send. */
    static final int MAX_RESPONSE_BYTES = ExactJson.MAX_DOCUMENT_BYTES;
    /**
     * Idle connections kept. Calls run on the processors' threads, so a connection is opened only when every open one is
     * busy: the pool grows to the concurrent tasks that use it and keeps each of their connections for the next call (with
     * OkHttp's default of 5, a sixth concurrent task opened, and closed, a connection on every call).
     */
    static final int MAX_IDLE_CONNECTIONS = 64;
    static final Duration KEEP_ALIVE = Duration.ofMinutes(5);

    private final OkHttpClient http;

    /** An answer: status, headers and the whole (bounded) body. */
    record Answer(int status, Headers headers, byte[] body) {
        Optional<String> header(final String name) {
            return Optional.ofNullable(headers.get(name));
        }

        List<String> headers(final String name) {
            return headers.values(name);
        }
    }

    /** No connection within the connect time-out. */
    static final class ConnectTimeout extends IOException {
        ConnectTimeout(final Throwable cause) {
            super("connect timed out", cause);
        }
    }

    /** Connected, but no (whole) answer within the request time-out. */
    static final class Timeout extends IOException {
        Timeout(final Throwable cause) {
            super("no answer in time", cause);
        }
    }

    /** The proxy refused to open a tunnel without (valid) credentials: a 407 answer to CONNECT. */
    static final class ProxyRefused extends IOException {
        ProxyRefused(final Throwable cause) {
            super("the proxy answered 407 to CONNECT", cause);
        }
    }

    /** The answer began (status and headers came) but its body broke off: the API had finished with the request. */
    static final class AnswerCutShort extends IOException {
        AnswerCutShort(final Throwable cause) {
            super("the answer broke off after it began: " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()), cause);
        }
    }

    /** The answer did not fit in {@link #MAX_RESPONSE_BYTES}. */
    static final class ResponseTooLarge extends IOException {
        ResponseTooLarge(final long limit) {
            super("the answer is larger than " + limit / (1024 * 1024) + " MB", null);
        }
    }

    Transport(final ClientSettings settings) {
        final Duration connect = settings.connectTimeout() == null ? Duration.ofSeconds(10) : settings.connectTimeout();
        final OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .connectTimeout(connect)
                .readTimeout(settings.requestTimeout())
                .writeTimeout(settings.requestTimeout())
                // the whole exchange, body included (a server that never ends its answer must not hold the thread)
                .callTimeout(settings.requestTimeout().plusSeconds(1))
                .connectionPool(new ConnectionPool(MAX_IDLE_CONNECTIONS, KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS))
                // credentials must never follow a redirect to another host
                .followRedirects(false)
                .followSslRedirects(false)
                // every attempt is the client's own, counted and judged (an OkHttp resend of a write could be its second copy)
                .retryOnConnectionFailure(false)
                // each call's own listener travels as its tag (see send)
                .eventListenerFactory(call -> {
                    final Phases phases = call.request().tag(Phases.class);
                    return phases == null ? EventListener.NONE : phases;
                });
        // HTTP/2 where the server offers it in the TLS handshake (ALPN), HTTP/1.1 otherwise: OkHttp's default protocols
        if (settings.sslContext() != null) {
            builder.sslSocketFactory(settings.sslContext().getSocketFactory(),
                    settings.trustManager() != null ? settings.trustManager() : platformTrustManager());
        }
        if (settings.proxy() != null) {
            final ProxySettings proxy = settings.proxy();
            builder.proxySelector(new ProxyRoutes(InetSocketAddress.createUnresolved(proxy.host(), proxy.port())));
            if (proxy.hasCredentials()) {
                final String credential = Credentials.basic(proxy.username(), proxy.password().reveal(), StandardCharsets.UTF_8);
                // called before each CONNECT (OkHttp's preemptive challenge) and on a 407: credentials once, never twice
                builder.proxyAuthenticator((route, response) -> response.request().header("Proxy-Authorization") != null ? null
                        : response.request().newBuilder().header("Proxy-Authorization", credential).build());
            }
        }
        this.http = builder.build();
    }

    /** Sends the request on the caller's thread and reads its bounded answer. */
    Answer send(final Request.Builder request) throws IOException, InterruptedException {
        final Phases phases = new Phases();
        final Call call = http.newCall(request.tag(Phases.class, phases).build());
        try (Response response = call.execute()) {
            return new Answer(response.code(), response.headers(), read(response.body()));
        } catch (final IOException e) {
            throw classified(e, phases);
        }
    }

    private static byte[] read(final ResponseBody body) throws IOException {
        if (body.contentLength() > MAX_RESPONSE_BYTES) {
            throw new ResponseTooLarge(MAX_RESPONSE_BYTES);
        }
        final BufferedSource source = body.source();
        final Buffer buffer = new Buffer();
        while (source.read(buffer, 64 * 1024) != -1) {
            if (buffer.size() > MAX_RESPONSE_BYTES) {
                buffer.clear();
                throw new ResponseTooLarge(MAX_RESPONSE_BYTES);
            }
        }
        return buffer.readByteArray();
    }

    /** What a failed call means, by the phase it failed in. */
    private static IOException classified(final IOException e, final Phases phases) throws InterruptedException {
        if (e instanceof ResponseTooLarge) {
            return e;
        }
        if (e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException) && Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("interrupted during an HTTP call");
        }
        if (e instanceof InterruptedIOException) {
            // a socket time-out, or the call's own deadline
            return phases.connected ? new Timeout(e) : new ConnectTimeout(e);
        }
        if (!phases.connected && "Failed to authenticate with proxy".equals(e.getMessage())) {
            return new ProxyRefused(e);
        }
        if (phases.answerBegan && !(e instanceof SSLException)) {
            return new AnswerCutShort(e);
        }
        return e;
    }

    /** Where a call got to: connected (a connection acquired), answering (status and headers read). */
    private static final class Phases extends EventListener {
        volatile boolean connected;
        volatile boolean answerBegan;

        @Override
        public void connectionAcquired(final Call call, final okhttp3.Connection connection) {
            connected = true;
        }

        @Override
        public void responseHeadersEnd(final Call call, final Response response) {
            answerBegan = true;
        }
    }

    /**
     * OkHttp wants a trust manager beside a socket factory (for cleaning certificate chains); the handshake itself trusts
     * what the SSL context trusts. Settings that name only a context get the JVM's default trust manager for that.
     */
    private static X509TrustManager platformTrustManager() {
        try {
            final TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            for (final TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("the JVM has no X.509 trust manager");
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException("the JVM's default trust manager is not available: " + e.getMessage(), e);
        }
    }

    /**
     * A certificate the client does not trust, or one for another host: settings to fix, not a moment to wait out. Any
     * other TLS failure (a handshake a load balancer dropped, a connection reset during it) is transient.
     */
    static boolean isCertificateProblem(final IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertificateException || cause instanceof CertPathValidatorException
                    || cause instanceof CertPathBuilderException) {
                return true;
            }
            final String message = cause.getMessage() == null ? "" : cause.getMessage();
            if (message.contains("PKIX") || message.contains("No subject alternative") || message.contains("No name matching")
                    || message.contains("certificate_unknown") || message.contains("bad_certificate") || message.contains("unknown_ca")
                    || message.contains("Hostname ") && message.contains("not verified")) {
                return true;
            }
            if (cause instanceof GeneralSecurityException) {
                return true;
            }
        }
        return e instanceof SSLHandshakeException && e.getMessage() != null && e.getMessage().contains("protocol_version");
    }

    @Override
    public void close() {
        http.connectionPool().evictAll();
    }
}
