package com.ottimate.nifi.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.github.benmanes.caffeine.cache.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The one request path every processor uses: rate limit, bearer token (cached, refreshed, renewed once on
 * 401), {@code X-Api-Key}, {@code Idempotency-Key}, JSON, retries with backoff and jitter honouring
 * {@code Retry-After}, and the mapping of answers to an {@link OttimateResult}. Knows nothing about NiFi.
 */
public final class OttimateClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OttimateClient.class);

    private final ClientSettings settings;
    private final HttpClient http;
    /** Exact decimals: an amount of 32.50 is read as 32.50, not as the double nearest to it. */
    private final ObjectMapper mapper = ExactJson.mapper();
    private final TokenProvider tokens;
    private final RateLimiter rateLimiter;
    private final Sleeper sleeper;
    private final Clock clock;
    private final DailyQuota quota;

    public OttimateClient(final ClientSettings settings) {
        this(settings, Sleeper.SYSTEM, Ticker.systemTicker(), Clock.systemUTC(), DailyQuota.unlimited(Clock.systemUTC()));
    }

    /**
     * @param sleeper replaces every wait (tests record instead of sleeping)
     * @param ticker  drives token expiry
     * @param quota   counts every request sent and may refuse to send once the day's quota is used
     */
    public OttimateClient(final ClientSettings settings, final Sleeper sleeper, final Ticker ticker, final Clock clock, final DailyQuota quota) {
        this.settings = settings;
        this.sleeper = sleeper;
        this.clock = clock;
        this.quota = quota;
        this.http = buildHttpClient(settings);
        this.rateLimiter = new RateLimiter(settings.rateLimitPerSecond(), settings.rateLimitBurst(), System::nanoTime, sleeper);
        final TokenEndpoint endpoint = new TokenEndpoint(http, mapper, settings, rateLimiter, quota);
        this.tokens = new TokenProvider(endpoint::fetch, settings.tokenRefreshWindow(), ticker);
    }

    private static HttpClient buildHttpClient(final ClientSettings settings) {
        final HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                // credentials must never follow a redirect to another host
                .followRedirects(HttpClient.Redirect.NEVER)
                // HTTP/2 over TLS (ALPN); plain-text loopback endpoints get HTTP/1.1 without an h2c upgrade
                .version("https".equalsIgnoreCase(settings.baseUri().getScheme()) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1);
        if (settings.sslContext() != null) {
            builder.sslContext(settings.sslContext());
        }
        if (settings.proxy() != null) {
            builder.proxy(settings.proxy());
        }
        if (settings.proxyAuthenticator() != null) {
            builder.authenticator(settings.proxyAuthenticator());
        }
        return builder.build();
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
        while (true) {
            attempts++;
            final Attempt attempt = attempt(request, uri, attempts);
            if (attempt.result() != null) {
                return attempt.result();
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
            if (request.atMostOnce() && !attempt.surelyNotProcessed()) {
                return new OttimateResult.Retryable(uri, attempt.status(), attempt.error(), attempts);
            }
            retries++;
            final Optional<Duration> delay = settings.retryPolicy().delayBeforeRetry(retries, attempt.retryAfter());
            if (delay.isEmpty()) {
                return new OttimateResult.Retryable(uri, attempt.status(), attempt.error(), attempts);
            }
            LOG.info("{} failed with {} ({}); retry {} of {} in {} ms", request, attempt.status() == 0 ? "no response" : "HTTP " + attempt.status(),
                    attempt.error().code(), retries, settings.retryPolicy().maxRetries(), delay.get().toMillis());
            try {
                sleeper.sleep(delay.get());
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return new OttimateResult.Retryable(uri, attempt.status(), attempt.error(), attempts);
            }
        }
    }

    /**
     * One try. Exactly one of: a final {@code result}; a {@code staleToken} (401, renew and try again); or a
     * transient failure ({@code status}, {@code error}, {@code retryAfter}).
     */
    private record Attempt(OttimateResult result, AccessToken staleToken, int status, ApiError error, Optional<Duration> retryAfter) {
        /** 429, 401, or no connection at all: the API cannot have acted on the request. */
        boolean surelyNotProcessed() {
            return status == 429 || status == 401 || (error != null && error.code().equals("connection_refused"));
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
            return Attempt.done(new OttimateResult.Retryable(uri, 0, ApiError.local("daily_quota_reached", "Today's quota of " + quota.limit()
                    + " requests is used (it resets at midnight UTC); " + request + " was not sent"), attempts));
        }
        final long started = System.nanoTime();
        final HttpResponse<byte[]> response;
        try {
            response = http.send(httpRequest(request, uri, token), HttpResponse.BodyHandlers.ofByteArray());
        } catch (final HttpConnectTimeoutException e) {
            return Attempt.transientFailure(0, ApiError.local("connect_timeout", "Could not connect to " + uri.getHost() + " within " + settings.connectTimeout()), Optional.empty());
        } catch (final HttpTimeoutException e) {
            return Attempt.transientFailure(0, ApiError.local("timeout", request + " got no answer within " + settings.requestTimeout()), Optional.empty());
        } catch (final SSLException e) {
            return Attempt.done(new OttimateResult.Rejected(uri, 0, ApiError.local("tls_failure",
                    "TLS handshake with " + uri.getHost() + " failed: " + e.getMessage()), attempts));
        } catch (final java.net.ConnectException e) {
            return Attempt.transientFailure(0, ApiError.local("connection_refused", "Could not connect to " + uri.getHost() + ": " + TokenEndpoint.describe(e)), Optional.empty());
        } catch (final IOException e) {
            return Attempt.transientFailure(0, ApiError.local("connection_failed", request + " failed: " + TokenEndpoint.describe(e)), Optional.empty());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return Attempt.done(new OttimateResult.Retryable(uri, 0, ApiError.local("interrupted", "Interrupted while sending " + request), attempts));
        }
        final int status = response.statusCode();
        final String requestId = response.headers().firstValue("X-Request-Id").orElse(null);
        LOG.debug("{} -> {} in {} ms (request_id={}, attempt {})", request, status, (System.nanoTime() - started) / 1_000_000, requestId, attempts);
        if (status >= 200 && status < 300) {
            final JsonNode body;
            try {
                body = response.body().length == 0 ? MissingNode.getInstance() : mapper.readTree(response.body());
            } catch (final IOException e) {
                // the call may have worked; a retry with the same Idempotency-Key gets the stored answer back
                return Attempt.transientFailure(status, new ApiError("malformed_response", "HTTP " + status + " answer to " + request + " is not valid JSON", requestId), Optional.empty());
            }
            final boolean replayed = response.headers().firstValue("X-Idempotent-Replayed").map("true"::equalsIgnoreCase).orElse(false);
            return Attempt.done(new OttimateResult.Success(uri, status, body, requestId, replayed, attempts));
        }
        final ApiError error = ErrorBodies.parse(mapper, status, response.body(), requestId);
        if (status == 401) {
            return new Attempt(null, token, status, error, Optional.empty());
        }
        if (status == 404) {
            return Attempt.done(new OttimateResult.NotFound(uri, error, attempts));
        }
        if (status == 429 || status == 408 || status == 409 || status >= 500) {
            return Attempt.transientFailure(status, error, RetryAfter.parse(response.headers().firstValue("Retry-After"), clock));
        }
        return Attempt.done(new OttimateResult.Rejected(uri, status, error, attempts));
    }

    private HttpRequest httpRequest(final OttimateRequest request, final URI uri, final AccessToken token) {
        final HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(settings.requestTimeout())
                .header("Accept", "application/json")
                .header("User-Agent", settings.userAgent())
                .header("X-Api-Key", settings.apiKey().reveal())
                .header("Authorization", "Bearer " + token.value().reveal());
        if (settings.apiVersion() != null) {
            builder.header("X-API-Version", settings.apiVersion());
        }
        request.idempotencyKey().ifPresent(key -> builder.header("Idempotency-Key", key));
        final Optional<RequestBody> body = request.body();
        if (body.isPresent()) {
            builder.header("Content-Type", body.get().contentType());
            builder.method(request.method().name(), body.get().publisher());
        } else {
            builder.method(request.method().name(), HttpRequest.BodyPublishers.noBody());
        }
        return builder.build();
    }

    @Override
    public void close() {
        http.close();
    }
}
