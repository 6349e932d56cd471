/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.lookup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import com.ottimate.nifi.client.model.ApiError;
import com.ottimate.nifi.client.model.OttimateRequest;
import com.ottimate.nifi.client.model.OttimateResult;
import com.ottimate.nifi.client.model.Pagination;
import org.apache.nifi.lookup.LookupFailureException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Finds one object by a {@link LookupKey} through the connection, as cheaply on the daily quota as it can: Preload lists
 * the collection of a company once per expiration and answers from memory; Per Key asks for each distinct key once per
 * expiration (misses for the shorter not-found expiration). Concurrent lookups of the same listing or key share one
 * request (single flight), its failure included.
 */
final class ObjectLookup {

    /** Where a key is unique: the account (locations hang off it) and the company. */
    record Scope(String accountId, String companyId) {
    }

    /** One lookup: the scope, the key, and the value of the key's narrowing coordinate (null when not given). */
    record Query(Scope scope, String key, String narrowing) {
    }

    /** A preloaded collection, indexed by the key's field, and about how many bytes of heap it holds. */
    private record Snapshot(Map<String, List<JsonNode>> byKey, Instant loaded, long bytes) {
    }

    private final Function<OttimateRequest, OttimateResult> executor;
    private final LookupKey key;
    private final LookupStrategy strategy;
    private final Duration notFoundExpiration;
    private final long maxSize;
    private final long budgetBytes;
    private final Set<String> kept;
    private final Clock clock;
    private final LookupCounters counters = new LookupCounters();
    private final AsyncCache<Scope, Snapshot> snapshots;
    private final AsyncCache<Query, Optional<JsonNode>> keys;

    /**
     * @param budgetBytes the heap all companies' preloaded listings may hold together, as {@link HeapSize} estimates it
     * @param answered    the fields lookups answer (null: the whole object); only they and the matching fields are kept
     */
    ObjectLookup(final Function<OttimateRequest, OttimateResult> executor, final LookupKey key, final LookupStrategy strategy,
                 final Duration expiration, final Duration notFoundExpiration, final long maxSize, final long budgetBytes,
                 final Set<String> answered, final Clock clock) {
        this.executor = request -> {
            counters.countRequest();
            return executor.apply(request);
        };
        this.key = key;
        this.strategy = strategy;
        this.notFoundExpiration = notFoundExpiration;
        this.maxSize = maxSize;
        this.budgetBytes = budgetBytes;
        this.kept = answered == null ? null : keptFields(key, answered);
        this.clock = clock;
        final Ticker ticker = () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
        // the least recently used companies' listings leave first when together they would pass the budget
        this.snapshots = Caffeine.newBuilder().maximumWeight(budgetBytes)
                .<Scope, Snapshot>weigher((scope, snapshot) -> (int) Math.min(Integer.MAX_VALUE, snapshot.bytes()))
                .expireAfterWrite(expiration).ticker(ticker).executor(Runnable::run).buildAsync();
        this.keys = Caffeine.newBuilder().maximumSize(maxSize).ticker(ticker).executor(Runnable::run)
                .expireAfter(Expiry.<Query, Optional<JsonNode>>creating((query, found) -> found.isPresent() ? expiration : notFoundExpiration))
                .buildAsync();
    }

    LookupCounters counters() {
        return counters;
    }

    /** About how many bytes the preloaded listings hold now, all companies together. */
    long preloadedBytes() {
        snapshots.synchronous().cleanUp();
        return snapshots.synchronous().policy().eviction().flatMap(eviction -> eviction.weightedSize().stream().boxed().findFirst()).orElse(0L);
    }

    /** The one object matching {@code query}; empty when none does; a failure when the API could not tell or several match. */
    Optional<JsonNode> find(final Query query) throws LookupFailureException {
        counters.countLookup();
        final Optional<JsonNode> found = strategy == LookupStrategy.PRELOAD ? fromSnapshot(query) : singleFlight(keys, query, () -> ask(query));
        if (found.isEmpty()) {
            counters.countNotFound();
        }
        return found;
    }

    private Optional<JsonNode> fromSnapshot(final Query query) throws LookupFailureException {
        Snapshot snapshot = singleFlight(snapshots, query.scope(), () -> preload(query.scope()));
        Optional<JsonNode> found = match(query, snapshot.byKey().getOrDefault(query.key(), List.of()));
        if (found.isEmpty() && snapshot.loaded().plus(notFoundExpiration).isBefore(clock.instant())) {
            // a key created since the listing: list again, at most once per not-found expiration
            final Snapshot stale = snapshot;
            // by identity: comparing the listings entry by entry would cost as much as the listing holds
            snapshots.synchronous().asMap().computeIfPresent(query.scope(), (scope, held) -> held == stale ? null : held);
            snapshot = singleFlight(snapshots, query.scope(), () -> preload(query.scope()));
            found = match(query, snapshot.byKey().getOrDefault(query.key(), List.of()));
        }
        return found;
    }

    private Snapshot preload(final Scope scope) throws Exception {
        final Map<String, List<JsonNode>> byKey = new HashMap<>();
        final long[] held = {0, 0};
        final OttimateResult result = Pagination.forEach(executor, scoped(key.resource().list(scope.accountId()), scope).build(),
                key.resource().listField(), key.resource().maxPageSize(), (items, page) -> {
                    for (final JsonNode listed : items) {
                        if (++held[0] > maxSize) {
                            throw new LookupFailureException("More than " + maxSize + " " + key.resource().path() + in(scope)
                                    + " to preload: raise Cache Size, or use the Per Key strategy");
                        }
                        final JsonNode object = trim(listed);
                        held[1] += HeapSize.of(object);
                        if (held[1] > budgetBytes) {
                            throw new LookupFailureException("The " + key.resource().path() + in(scope) + " need more than the Preload Memory "
                                    + "Budget of " + budgetBytes / (1024 * 1024) + " MB (" + held[0] + " objects so far): raise it, or use the "
                                    + "Per Key strategy");
                        }
                        byKey.computeIfAbsent(object.path(key.field()).asText(), k -> new ArrayList<>(1)).add(object);
                    }
                    return true;
                });
        requireSuccess(result, "Listing " + key.resource().path() + in(scope));
        return new Snapshot(byKey, clock.instant(), held[1]);
    }

    /** The fields answered and those {@link #match} reads: the key's, its narrowing coordinate's, the company's. */
    private static Set<String> keptFields(final LookupKey key, final Set<String> answered) {
        final Set<String> fields = new HashSet<>(answered);
        fields.add(key.field());
        key.narrowedBy().ifPresent(fields::add);
        fields.add("ottimate_company_id");
        return Set.copyOf(fields);
    }

    /** The object as kept in memory: only the fields lookups need, when this service answers fewer than all. */
    private JsonNode trim(final JsonNode object) {
        if (kept == null || !object.isObject()) {
            return object;
        }
        final ObjectNode trimmed = JsonNodeFactory.instance.objectNode();
        for (final String field : kept) {
            final JsonNode value = object.get(field);
            if (value != null) {
                trimmed.set(field, value);
            }
        }
        return trimmed;
    }

    private Optional<JsonNode> ask(final Query query) throws LookupFailureException {
        final LookupKey.PerKey perKey = key.perKey();
        if (perKey.byPath()) {
            if (!OttimateRequest.isUsableId(query.key())) {
                return Optional.empty();
            }
            final OttimateResult result = executor.apply(key.resource().one(query.key()).build());
            if (result instanceof OttimateResult.NotFound) {
                return Optional.empty();
            }
            final JsonNode object = key.resource().unwrap(requireSuccess(result, "Reading " + key.resource().path() + " " + query.key()).body());
            return match(query, List.of(trim(object)));
        }
        OttimateRequest.Builder request = scoped(key.resource().list(query.scope().accountId()), query.scope()).query(perKey.param(), query.key());
        if (query.narrowing() != null) {
            request = request.query(key.narrowedBy().orElseThrow(), query.narrowing());
        }
        final List<JsonNode> candidates = new ArrayList<>();
        final OttimateResult result;
        try {
            result = Pagination.forEach(executor, request.build(), key.resource().listField(), key.resource().maxPageSize(), (items, page) -> {
                items.forEach(object -> candidates.add(trim(object)));
                return true;
            });
        } catch (final Exception e) {
            throw new LookupFailureException("Looking up " + key.getDisplayName() + " failed: " + e.getMessage(), e);
        }
        requireSuccess(result, "Looking up " + key.getDisplayName());
        return match(query, candidates);
    }

    /** The one candidate whose key field equals the key, within the company and the narrowing. */
    private Optional<JsonNode> match(final Query query, final List<JsonNode> candidates) throws LookupFailureException {
        final List<JsonNode> matches = candidates.stream()
                .filter(object -> object.path(key.field()).asText().equals(query.key()))
                .filter(object -> query.scope().companyId() == null || !object.hasNonNull("ottimate_company_id")
                        || object.get("ottimate_company_id").asText().equals(query.scope().companyId()))
                .filter(object -> query.narrowing() == null || object.path(key.narrowedBy().orElseThrow()).asText().equals(query.narrowing()))
                .toList();
        if (matches.size() > 1) {
            throw new LookupFailureException(key.getDisplayName() + " '" + query.key() + "' matches " + matches.size() + " objects"
                    + in(query.scope()) + key.narrowedBy().map(n -> "; narrow it with the " + n + " coordinate").orElse(""));
        }
        return matches.stream().findFirst();
    }

    private static OttimateRequest.Builder scoped(final OttimateRequest.Builder request, final Scope scope) {
        return scope.companyId() == null ? request : request.query("ottimate_company_id", scope.companyId());
    }

    private static OttimateResult.Success requireSuccess(final OttimateResult result, final String action) throws LookupFailureException {
        if (result instanceof OttimateResult.Success success) {
            return success;
        }
        final ApiError error = switch (result) {
            case OttimateResult.Rejected rejected -> rejected.error();
            case OttimateResult.Retryable retryable -> retryable.error();
            case OttimateResult.NotFound notFound -> notFound.error();
            case OttimateResult.Success success -> throw new IllegalStateException();
        };
        throw new LookupFailureException(action + " failed (HTTP " + result.status() + ", " + error.code() + "): " + error.message()
                + (result instanceof OttimateResult.Retryable ? "; the API may answer later" : ""));
    }

    private static String in(final Scope scope) {
        return scope.companyId() == null ? "" : " in company " + scope.companyId();
    }

    /** Runs {@code loader} once for {@code cacheKey} however many threads ask at once; they all get its answer or its failure. */
    private <K, V> V singleFlight(final AsyncCache<K, V> cache, final K cacheKey, final Callable<V> loader) throws LookupFailureException {
        final CompletableFuture<V> mine = new CompletableFuture<>();
        final CompletableFuture<V> existing = cache.asMap().putIfAbsent(cacheKey, mine);
        if (existing != null) {
            counters.countFromMemory();
            return join(existing);
        }
        try {
            mine.complete(loader.call());
        } catch (final Exception e) {
            // a failed future leaves the cache, so the next lookup asks again
            mine.completeExceptionally(e);
        } catch (final Error e) {
            // never leave a future unfinished: every later lookup of this key would wait on it for ever
            mine.completeExceptionally(e);
            throw e;
        }
        return join(mine);
    }

    private static <V> V join(final CompletableFuture<V> future) throws LookupFailureException {
        try {
            return future.join();
        } catch (final CompletionException e) {
            if (e.getCause() instanceof LookupFailureException failure) {
                throw failure;
            }
            throw new LookupFailureException(e.getCause().getMessage(), e.getCause());
        }
    }
}
