/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.github.benmanes.caffeine.cache.Ticker;
import com.ottimate.nifi.client.model.ApiError;
import com.ottimate.nifi.client.model.OttimateRequest;
import com.ottimate.nifi.client.model.OttimateResult;
import com.ottimate.nifi.client.model.RequestBody;
import com.ottimate.nifi.client.model.UnansweredWrite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import okhttp3.Request;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import javax.net.ssl.SSLException;

/**
 * The one request path every processor uses: rate limit, bearer token (cached, refreshed, renewed once on
 * 401), {@code X-Api-Key}, {@code Idempotency-Key}, JSON, retries with backoff and jitter honouring
 * {@code Retry-After}, and the mapping of answers to an {@link OttimateResult}. Knows nothing about NiFi.
 */
public final class OttimateClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OttimateClient.class);

    private final ClientSettings settings;
    private final Transport http;
    /** Exact decimals: an amount of 32.50 is read as 32.50, not as the double nearest to it. */
    private final ObjectMapper mapper = ExactJson.mapper();
    private final TokenProvider tokens;
    private final RateLimiter rateLimiter;
    private final Sleeper sleeper;
    private final Clock clock;
    private final DailyQuota quota;
    private final ApiNotices notices;

    /** A client on the system clock, sleeping for real, with no daily quota, warning in the log; {@link #builder} for the rest. */
    public OttimateClient(final ClientSettings settings) {
        this(builder(settings));
    }

    /** What a client is built with besides its settings; every part has the default the one-argument constructor uses. */
    public static Builder builder(final ClientSettings settings) {
        return new Builder(settings);
    }

    public static final class Builder {
        private final ClientSettings settings;
        private Sleeper sleeper = Sleeper.SYSTEM;
        private Ticker ticker = Ticker.systemTicker();
        private Clock clock = Clock.systemUTC();
        private DailyQuota quota;
        private Consumer<String> warnings = message -> LOG.warn(message);
        private IntSupplier nodes = () -> 1;

        private Builder(final ClientSettings settings) {
            this.settings = settings;
        }

        /** Replaces every wait (tests record instead of sleeping). */
        public Builder sleeper(final Sleeper replacement) {
            this.sleeper = replacement;
            return this;
        }

        /** Drives token expiry. */
        public Builder ticker(final Ticker replacement) {
            this.ticker = replacement;
            return this;
        }

        public Builder clock(final Clock replacement) {
            this.clock = replacement;
            return this;
        }

        /** Counts every request sent and may refuse to send once the day's quota is used (default: unlimited). */
        public Builder quota(final DailyQuota replacement) {
            this.quota = replacement;
            return this;
        }

        /** Where notices from the API go that an operator should see (deprecations, sunsets): a bulletin in NiFi. */
        public Builder warnings(final Consumer<String> replacement) {
            this.warnings = replacement;
            return this;
        }

        /** How many nodes share the rate limit (a NiFi cluster's): this client sends its share of it. */
        public Builder nodes(final IntSupplier replacement) {
            this.nodes = replacement;
            return this;
        }

        public OttimateClient build() {
            return new OttimateClient(this);
        }
    }

    private OttimateClient(final Builder parts) {
        final ClientSettings settings = parts.settings;
        final Sleeper sleeper = parts.sleeper;
        final Ticker ticker = parts.ticker;
        final Clock clock = parts.clock;
        final DailyQuota quota = parts.quota == null ? DailyQuota.unlimited(clock) : parts.quota;
        final Consumer<String> warnings = parts.warnings;
        final IntSupplier nodes = parts.nodes;
        this.settings = settings;
        this.sleeper = sleeper;
        this.clock = clock;
        this.quota = quota;
        this.notices = new ApiNotices(warnings);
        this.http = new Transport(settings);
        this.rateLimiter = new RateLimiter(settings.rateLimitPerSecond(), settings.rateLimitBurst(), System::nanoTime, sleeper, nodes);
        final TokenEndpoint endpoint = new TokenEndpoint(http, mapper, settings, rateLimiter, quota);
        this.tokens = new TokenProvider(endpoint::fetch, settings.tokenRefreshWindow(), ticker);
    }

    public ClientSettings settings() {
        return settings;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** Requests sent today (UTC), token requests included. */
    public long requestsToday() {
        return quota.used();
    }

    /** Full URI of a request, as used for provenance transit URIs. */
    public URI uriOf(final OttimateRequest request) {
        final String query = request.encodedQuery();
        return URI.create(settings.baseUri() + request.encodedPath() + (query.isEmpty() ? "" : "?" + query));
    }

    /** Gets a token (cached or new) for verification; the body holds only its {@code expires_in}, never the token. */
    public OttimateResult checkToken() {
        final URI uri = settings.tokenUri();
        try {
            final AccessToken token = tokens.current();
            return new OttimateResult.Success(uri, 200, mapper.createObjectNode().put("expires_in", token.lifetime().toSeconds()), null, false, 1);
        } catch (final TokenException e) {
            return e.rejected() ? new OttimateResult.Rejected(uri, e.status(), e.error(), 1) : new OttimateResult.Retryable(uri, e.status(), e.error(), 1);
        }
    }

    public OttimateResult execute(final OttimateRequest request) {
        final URI uri = uriOf(request);
        int attempts = 0;
        int retries = 0;
        boolean renewedAfter401 = false;
        boolean ambiguous = false;
        UnansweredWrite unanswered = request.lookup().isPresent() ? request.unanswered().orElse(null) : null;
        if (unanswered != null) {
            // earlier attempts went unanswered: find out what they did before sending anything
            final Optional<OttimateResult> known = reconcile(request, uri, unanswered, 0);
            if (known.isPresent()) {
                return known.get();
            }
            unanswered = null;
        }
        while (true) {
            attempts++;
            final Instant sent = clock.instant();
            final Attempt attempt = attempt(request, uri, attempts);
            if (attempt.result() != null) {
                return deleteAlreadyDone(request, attempt.result(), ambiguous);
            }
            if (attempt.staleToken() != null) {
                tokens.invalidate(attempt.staleToken());
                if (!renewedAfter401) {
                    renewedAfter401 = true;
                    LOG.debug("{} answered 401; renewing the access token and trying once more", request);
                    continue;
                }
                // a renewed token refused again is not the data's fault: back off and retry; if the credentials
                // themselves were revoked, the next token request says so and that outcome is final
            }
            final boolean thisOneAmbiguous = !attempt.surelyNotProcessed();
            ambiguous |= thisOneAmbiguous;
            if (request.atMostOnce() && thisOneAmbiguous && request.lookup().isEmpty()) {
                return new OttimateResult.Retryable(uri, attempt.status(), attempt.error(), attempts);
            }
            if (thisOneAmbiguous && request.lookup().isPresent()) {
                if (!attempt.apiWasDone()) {
                    // the API may still be applying it: wait on retry, holding no thread, until it cannot; the look-up then tells
                    return waitingFor(request, uri, UnansweredWrite.after(unanswered, sent, settings.unansweredSettle()), attempt.status(), attempts);
                }
                // the API is done with it (its own 500, an answer cut short): look now
                unanswered = UnansweredWrite.finished(unanswered, sent);
                final Optional<OttimateResult> known = reconcile(request, uri, unanswered, attempts);
                if (known.isPresent()) {
                    return known.get();
                }
                if (request.atMostOnce()) {
                    // it did nothing, but its single-use key is spent: the next pass sends it under a new one
                    return new OttimateResult.Retryable(uri, attempt.status(), attempt.error(), attempts);
                }
            }
            if (!backedOff(request, attempt, ++retries)) {
                return new OttimateResult.Retryable(uri, attempt.status(), attempt.error(), attempts);
            }
        }
    }

    /** Waits before retry {@code retry} as the policy and the answer's Retry-After say; false when no retry is left (or interrupted). */
    private boolean backedOff(final OttimateRequest request, final Attempt attempt, final int retry) {
        final Optional<Duration> delay = settings.retryPolicy().delayBeforeRetry(retry, attempt.retryAfter());
        if (delay.isEmpty()) {
            return false;
        }
        LOG.info("{} failed with {} ({}); retry {} of {} in {} ms", request, attempt.status() == 0 ? "no response" : "HTTP " + attempt.status(),
                attempt.error().code(), retry, settings.retryPolicy().maxRetries(), delay.get().toMillis());
        try {
            sleeper.sleep(delay.get());
            return true;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * For a write whose attempts went unanswered: while one of them may still be applied, a Retryable that carries them
     * (the flowfile waits on retry); after that, what the look-up proves: the write's object (Success, replayed),
     * nothing (empty: send it), objects it cannot tell apart (Rejected, {@code unconfirmed_write}), or, when the look-up
     * cannot read, a Retryable still carrying them, so nothing is sent that might be a second copy.
     */
    private Optional<OttimateResult> reconcile(final OttimateRequest request, final URI uri, final UnansweredWrite unanswered, final int attempts) {
        if (!unanswered.settledBy(clock.instant())) {
            return Optional.of(waitingFor(request, uri, unanswered, 0, attempts));
        }
        final Finding finding = request.lookup().orElseThrow().find(this::execute, unanswered.window());
        return switch (finding) {
            case Finding.Proven proven -> {
                LOG.info("{}: an unanswered attempt had gone through (its own object found); not sending it again", request);
                yield Optional.of(new OttimateResult.Success(uri, 200, proven.object(), null, true, attempts));
            }
            case Finding.Absent absent -> {
                LOG.debug("{}: the unanswered attempts did nothing; sending it again", request);
                yield Optional.empty();
            }
            case Finding.Unconfirmed unconfirmed -> {
                LOG.warn("{}: {}", request, unconfirmed.found());
                yield Optional.of(new OttimateResult.Rejected(uri, 0, ApiError.local("unconfirmed_write", unconfirmed.found()), attempts));
            }
            case Finding.Unknown unknown -> {
                LOG.info("{}: the look-up for what an unanswered attempt did failed (HTTP {}); not sending it until it can tell", request,
                        unknown.read().status());
                yield Optional.of(new OttimateResult.Retryable(uri, unknown.read().status(), ApiError.local("unanswered_write", request
                        + " may have been applied by an earlier attempt, and the look-up that would tell failed (HTTP " + unknown.read().status()
                        + "); it is looked for again before it is sent"), attempts, unanswered));
            }
        };
    }

    private static OttimateResult.Retryable waitingFor(final OttimateRequest request, final URI uri, final UnansweredWrite unanswered,
                                                       final int status, final int attempts) {
        return new OttimateResult.Retryable(uri, status, ApiError.local("unanswered_write", request + " went unanswered (first at "
                + unanswered.first() + "); it is looked for, not sent again, once the API cannot still be applying it (after "
                + unanswered.settled() + ")"), attempts, unanswered);
    }

    /**
     * A DELETE whose earlier attempt may have gone through and that now finds nothing to delete has done its work:
     * the object is gone either way.
     */
    private static OttimateResult deleteAlreadyDone(final OttimateRequest request, final OttimateResult result, final boolean ambiguousEarlier) {
        if (ambiguousEarlier && request.method() == OttimateRequest.Method.DELETE && result instanceof OttimateResult.NotFound notFound) {
            return new OttimateResult.Success(notFound.uri(), 204, MissingNode.getInstance(), notFound.error().requestId(), true, notFound.attempts());
        }
        return result;
    }

    /**
     * One try. Exactly one of: a final {@code result}; a {@code staleToken} (401, renew and try again); or a
     * transient failure ({@code status}, {@code error}, {@code retryAfter}).
     */
    private record Attempt(OttimateResult result, AccessToken staleToken, int status, ApiError error, Optional<Duration> retryAfter) {
        /**
         * An answer the API sent once it had finished with the request (a 500 or 503 of its own, a body that broke off,
         * malformed JSON in a 2xx): whatever it did is done. Not so for silence, or a gateway's 502/504, while the API
         * may still be working on it.
         */
        boolean apiWasDone() {
            return status == 500 || status == 503 || (error != null && (error.code().equals("answer_cut_short") || error.code().equals("malformed_response")));
        }

        /** 429, 401, 412, or no connection at all: the API cannot have acted on the request. */
        boolean surelyNotProcessed() {
            return status == 429 || status == 401 || status == 412
                    || (error != null && (error.code().equals("connection_refused") || error.code().equals("tls_interrupted")));
        }

        static Attempt done(final OttimateResult result) {
            return new Attempt(result, null, 0, null, Optional.empty());
        }

        static Attempt transientFailure(final int status, final ApiError error, final Optional<Duration> retryAfter) {
            return new Attempt(null, null, status, error, retryAfter);
        }
    }

    private Attempt attempt(final OttimateRequest request, final URI uri, final int attempts) {
        final AccessToken token;
        try {
            rateLimiter.acquire();
            token = tokens.current();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return Attempt.done(new OttimateResult.Retryable(uri, 0, ApiError.local("interrupted", "Interrupted before sending " + request), attempts));
        } catch (final TokenException e) {
            return e.rejected()
                    ? Attempt.done(new OttimateResult.Rejected(uri, e.status(), e.error(), attempts))
                    : Attempt.transientFailure(e.status(), e.error(), Optional.empty());
        }
        if (!quota.tryTake()) {
            return Attempt.done(new OttimateResult.Retryable(uri, 0, ApiError.local("daily_quota_reached", quota.refusal() + "; "
                    + request + " was not sent"), attempts));
        }
        final long started = System.nanoTime();
        final Transport.Answer response;
        try {
            response = http.send(httpRequest(request, uri, token));
        } catch (final IOException e) {
            return unanswered(request, uri, e, attempts);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return Attempt.done(new OttimateResult.Retryable(uri, 0, ApiError.local("interrupted", "Interrupted while sending " + request), attempts));
        }
        return answered(request, uri, token, response, attempts, started);
    }

    /** A send that brought no usable answer: transient (try again) unless the server's certificate is the problem. */
    private Attempt unanswered(final OttimateRequest request, final URI uri, final IOException failure, final int attempts) {
        return switch (failure) {
            case Transport.ConnectTimeout e -> Attempt.transientFailure(0, ApiError.local("connect_timeout", "Could not connect to "
                    + uri.getHost() + " within " + settings.connectTimeout()), Optional.empty());
            case Transport.Timeout e -> Attempt.transientFailure(0, ApiError.local("timeout", request + " got no answer within "
                    + settings.requestTimeout()), Optional.empty());
            case Transport.ProxyRefused e -> Attempt.done(new OttimateResult.Rejected(uri, 407, ErrorBodies.proxyRefused(settings, null), attempts));
            case SSLException e when Transport.isCertificateProblem(e) -> Attempt.done(new OttimateResult.Rejected(uri, 0,
                    ApiError.local("tls_failure", "TLS handshake with " + uri.getHost() + " failed: " + e.getMessage()), attempts));
            // a handshake cut short (a load balancer dropping it, a reset): nothing was sent yet, try again
            case SSLException e -> Attempt.transientFailure(0, ApiError.local("tls_interrupted", "TLS handshake with " + uri.getHost()
                    + " was interrupted: " + TokenEndpoint.describe(e)), Optional.empty());
            // a broken answer (an endless stream from a proxy or a server in trouble): stop reading, and ask again
            case Transport.ResponseTooLarge e -> Attempt.transientFailure(0, ApiError.local("response_too_large", request + ": "
                    + e.getMessage() + "; not read further"), Optional.empty());
            case Transport.AnswerCutShort e -> Attempt.transientFailure(0, ApiError.local("answer_cut_short", request + ": " + e.getMessage()),
                    Optional.empty());
            case ConnectException e -> Attempt.transientFailure(0, ApiError.local("connection_refused", "Could not connect to " + uri.getHost()
                    + ": " + TokenEndpoint.describe(e)), Optional.empty());
            default -> Attempt.transientFailure(0, ApiError.local("connection_failed", request + " failed: " + TokenEndpoint.describe(failure)),
                    Optional.empty());
        };
    }

    /** What an answer means: the result, a stale token to renew, or a transient failure to retry (with its Retry-After). */
    private Attempt answered(final OttimateRequest request, final URI uri, final AccessToken token, final Transport.Answer response,
                             final int attempts, final long started) {
        final int status = response.status();
        final String requestId = response.header("X-Request-Id").orElse(null);
        LOG.debug("{} -> {} in {} ms (request_id={}, attempt {})", request, status, (System.nanoTime() - started) / 1_000_000, requestId, attempts);
        notices.check(request, response);
        if (status >= 200 && status < 300) {
            final JsonNode body;
            try {
                body = response.body().length == 0 ? MissingNode.getInstance() : mapper.readTree(response.body());
            } catch (final IOException e) {
                // the call may have worked; a retry with the same Idempotency-Key gets the stored answer back
                return Attempt.transientFailure(status, new ApiError("malformed_response", "HTTP " + status + " answer to " + request + " is not valid JSON", requestId), Optional.empty());
            }
            final boolean replayed = response.header("X-Idempotent-Replayed").map("true"::equalsIgnoreCase).orElse(false);
            return Attempt.done(new OttimateResult.Success(uri, status, body, requestId, replayed, attempts));
        }
        final ApiError error = ErrorBodies.scrub(ErrorBodies.parse(mapper, status, response.body(), requestId),
                settings.apiKey(), settings.clientSecret(), token.value());
        if (status == 401 && error.code().equals("invalid_api_key")) {
            return Attempt.done(new OttimateResult.Rejected(uri, status, new ApiError(error.code(), "Ottimate refused the API key (HTTP 401 "
                    + "invalid_api_key): check API Key (revoked, or of another environment)", requestId), attempts));
        }
        if (status == 401) {
            return new Attempt(null, token, status, error, Optional.empty());
        }
        if (status == 407) {
            return Attempt.done(new OttimateResult.Rejected(uri, status, ErrorBodies.proxyRefused(settings, requestId), attempts));
        }
        if (status == 404) {
            return Attempt.done(new OttimateResult.NotFound(uri, error, attempts));
        }
        if (status == 422 && error.code().equals("idempotency_key_reused")) {
            // a single-use key (an upload's) is only ever sent once by this client: the API saw it before because the
            // network or a proxy delivered this very request twice, and what that first delivery did is not known
            return Attempt.transientFailure(status, error, Optional.empty());
        }
        // 412: another writer changed the object between our read and our write; nothing was applied, so sending again is safe
        if (status == 429 || status == 408 || status == 409 || status == 412 || status >= 500) {
            return Attempt.transientFailure(status, error, RetryAfter.parse(response.header("Retry-After"), clock));
        }
        return Attempt.done(new OttimateResult.Rejected(uri, status, error, attempts));
    }

    private Request.Builder httpRequest(final OttimateRequest request, final URI uri, final AccessToken token) {
        final Request.Builder builder = new Request.Builder().url(uri.toString())
                .header("Accept", "application/json")
                .header("User-Agent", settings.userAgent())
                .header("X-Api-Key", settings.apiKey().reveal())
                .header("Authorization", "Bearer " + token.value().reveal());
        if (settings.apiVersion() != null) {
            builder.header("X-API-Version", settings.apiVersion());
        }
        request.idempotencyKey().ifPresent(key -> builder.header("Idempotency-Key", key));
        request.headers().forEach(builder::header);
        // the body names its own Content-Type; a POST without one sends an empty body, as the JDK client did
        final Optional<RequestBody> body = request.body();
        return builder.method(request.method().name(), body.isPresent() ? body.get().httpBody()
                : request.method() == OttimateRequest.Method.GET || request.method() == OttimateRequest.Method.DELETE ? null : RequestBody.EMPTY);
    }

    @Override
    public void close() {
        http.close();
    }
}
