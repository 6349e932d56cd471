package com.ottimate.nifi.client;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The cached access token. Caffeine loads it once however many threads ask at the same moment (single
 * flight), and drops it a refresh window before {@code expires_in} runs out so no request goes out with a
 * token about to die. A 401 invalidates exactly the token that failed, so 50 threads seeing the same 401
 * still cause one new token request.
 */
final class TokenProvider {
    private static final String KEY = "access-token";

    private final LoadingCache<String, AccessToken> cache;

    TokenProvider(final Supplier<AccessToken> endpoint, final Duration refreshWindow, final Ticker ticker) {
        this.cache = Caffeine.newBuilder()
                .ticker(ticker)
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
                .build(key -> endpoint.get());
    }

    /** How long a token is used: its lifetime less the refresh window, or half its lifetime when that is shorter. */
    static Duration usableLifetime(final Duration lifetime, final Duration refreshWindow) {
        final Duration early = lifetime.minus(refreshWindow);
        final Duration half = lifetime.dividedBy(2);
        return early.compareTo(half) > 0 ? early : half;
    }

    AccessToken current() {
        return cache.get(KEY);
    }

    /** Forgets {@code stale} unless another thread already replaced it. */
    void invalidate(final AccessToken stale) {
        cache.asMap().remove(KEY, stale);
    }
}
