/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.client;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The cached access token. Caffeine loads it once however many threads ask at the same moment (single
 * flight), and drops it a refresh window before {@code expires_in} runs out so no request goes out with a
 * token about to die. A 401 invalidates exactly the token that failed, so 50 threads seeing the same 401
 * still cause one new token request. A failed load is shared too: every caller that was already waiting when it
 * failed gets that failure at once, instead of each waiting thread calling a failing (or hanging) token endpoint in
 * turn; a caller that asks later (a retry after its backoff) calls the endpoint again.
 */
final class TokenProvider {
    private static final String KEY = "access-token";
    /** The failures seen so far when the current thread began to wait for a token (loads run in the asking thread). */
    private static final ThreadLocal<Long> FAILURES_WHEN_ASKED = new ThreadLocal<>();

    private final LoadingCache<String, AccessToken> cache;
    private volatile Failure lastFailure;
    private final AtomicLong failures = new AtomicLong();

    private record Failure(TokenException exception, long number) {
    }

    TokenProvider(final Supplier<AccessToken> endpoint, final Duration refreshWindow, final Ticker ticker) {
        this.cache = Caffeine.newBuilder()
                .ticker(ticker)
                // maintenance in the calling thread: on the common pool it can block behind a token load that itself needs
                // that pool (the HTTP client completes its exchanges there), and on 2 cores the pool has one thread
                .executor(Runnable::run)
                .maximumSize(1)
                .expireAfter(new Expiry<String, AccessToken>() {
                    @Override
                    public long expireAfterCreate(final String key, final AccessToken token, final long now) {
                        return usableLifetime(token.lifetime(), refreshWindow).toNanos();
                    }

                    @Override
                    public long expireAfterUpdate(final String key, final AccessToken token, final long now, final long current) {
                        return usableLifetime(token.lifetime(), refreshWindow).toNanos();
                    }

                    @Override
                    public long expireAfterRead(final String key, final AccessToken token, final long now, final long current) {
                        return current;
                    }
                })
                .build(key -> load(endpoint));
    }

    /** How long a token is used: its lifetime less the refresh window, or half its lifetime when that is shorter. */
    static Duration usableLifetime(final Duration lifetime, final Duration refreshWindow) {
        final Duration early = lifetime.minus(refreshWindow);
        final Duration half = lifetime.dividedBy(2);
        return early.compareTo(half) > 0 ? early : half;
    }

    /** Loads run one at a time: a thread that waited behind a failing load meets the failure it left, not the endpoint. */
    private AccessToken load(final Supplier<AccessToken> endpoint) {
        final Failure failure = lastFailure;
        final Long seen = FAILURES_WHEN_ASKED.get();
        if (failure != null && seen != null && failure.number() > seen) {
            // it failed while this thread waited for it
            throw failure.exception();
        }
        try {
            final AccessToken token = endpoint.get();
            lastFailure = null;
            return token;
        } catch (final TokenException e) {
            lastFailure = new Failure(e, failures.incrementAndGet());
            throw e;
        }
    }

    AccessToken current() {
        final AccessToken cached = cache.getIfPresent(KEY);
        if (cached != null) {
            return cached;
        }
        FAILURES_WHEN_ASKED.set(failures.get());
        try {
            return cache.get(KEY);
        } finally {
            FAILURES_WHEN_ASKED.remove();
        }
    }

    /** Forgets {@code stale} unless another thread already replaced it. */
    void invalidate(final AccessToken stale) {
        cache.asMap().remove(KEY, stale);
    }
}
