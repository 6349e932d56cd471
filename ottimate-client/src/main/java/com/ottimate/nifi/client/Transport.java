/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.client;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * One HTTP exchange with bounds: the answer is read whole but never beyond {@link #MAX_RESPONSE_BYTES}, and never for
 * longer than the request time-out (the JDK's own time-out stops at the headers, so an endless body would hold the
 * thread forever). Failures come out as the IOException the JDK would have thrown.
 */
final class Transport {
    /** Larger than any page of 200 objects; a bigger answer is not one Ottimate meant to send. */
    static final int MAX_RESPONSE_BYTES = ExactJson.MAX_DOCUMENT_BYTES;

    private Transport() {
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

    static HttpResponse<byte[]> send(final HttpClient http, final HttpRequest request, final Duration deadline) throws IOException, InterruptedException {
        final AtomicBoolean answerBegan = new AtomicBoolean();
        final CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request, info -> {
            // called once the status and headers arrived
            answerBegan.set(true);
            return new BoundedBody(MAX_RESPONSE_BYTES);
        });
        try {
            // the request's own time-out covers the headers; this one the body as well
            return exchange.get(deadline.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (final TimeoutException e) {
            exchange.cancel(true);
            throw new HttpTimeoutException("the answer did not arrive in full within " + deadline);
        } catch (final InterruptedException e) {
            exchange.cancel(true);
            throw e;
        } catch (final ExecutionException e) {
            final Throwable cause = e.getCause();
            if (answerBegan.get() && cause instanceof IOException io && !(io instanceof ResponseTooLarge) && !(io instanceof HttpTimeoutException)
                    && !(io instanceof AnswerCutShort)) {
                throw new AnswerCutShort(io);
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause);
        }
    }

    /**
     * A certificate the client does not trust, or one for another host: settings to fix, not a moment to wait out. Any
     * other TLS failure (a handshake a load balancer dropped, a connection reset during it) is transient.
     */
    static boolean isCertificateProblem(final SSLException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertificateException || cause instanceof CertPathValidatorException
                    || cause instanceof CertPathBuilderException) {
                return true;
            }
            final String message = cause.getMessage() == null ? "" : cause.getMessage();
            if (message.contains("PKIX") || message.contains("No subject alternative") || message.contains("No name matching")
                    || message.contains("certificate_unknown") || message.contains("bad_certificate") || message.contains("unknown_ca")) {
                return true;
            }
            if (cause instanceof GeneralSecurityException) {
                return true;
            }
        }
        return e instanceof SSLHandshakeException && e.getMessage() != null && e.getMessage().contains("protocol_version");
    }

    /** Collects the body up to a limit, and fails the exchange (cancelling the download) beyond it. */
    private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final long limit;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final List<ByteBuffer> buffers = new ArrayList<>();
        private long size;
        private Flow.Subscription subscription;

        BoundedBody(final long limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(final Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(final List<ByteBuffer> items) {
            for (final ByteBuffer item : items) {
                size += item.remaining();
                buffers.add(item);
            }
            if (size > limit) {
                buffers.clear();
                subscription.cancel();
                result.completeExceptionally(new ResponseTooLarge(limit));
            }
        }

        @Override
        public void onError(final Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            if (result.isDone()) {
                return;
            }
            final byte[] body = new byte[(int) size];
            int at = 0;
            for (final ByteBuffer buffer : buffers) {
                final int n = buffer.remaining();
                buffer.get(body, at, n);
                at += n;
            }
            result.complete(body);
        }
    }
}
