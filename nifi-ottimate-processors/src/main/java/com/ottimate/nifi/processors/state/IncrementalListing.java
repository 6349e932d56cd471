package com.ottimate.nifi.processors.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.ottimate.nifi.client.OttimateRequest;
import com.ottimate.nifi.client.OttimateResult;
import com.ottimate.nifi.client.Pages;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One incremental listing run over a {@code last_modified} filter, shared by every listing source: pages to
 * the end from the state's bound, skips versions already emitted, restarts paging when the total shrinks
 * mid-run (later pages shifted), and answers the state to save once the emitted objects are committed.
 */
public final class IncrementalListing {
    /** Receives each new object version. */
    @FunctionalInterface
    public interface Emitter {
        void emit(JsonNode object) throws Exception;
    }

    /** {@code next} is only meaningful when {@code result} is a Success. */
    public record Run(OttimateResult result, ListingState next, int emitted) {
    }

    /** Paging restarts when the total shrinks mid-run, at most this often per run. */
    private static final int MAX_RESTARTS = 3;

    private IncrementalListing() {
    }

    public static Run run(final Function<OttimateRequest, OttimateResult> executor, final OttimateRequest request, final String fromParam,
                          final String itemsField, final String modifiedField, final int pageSize, final ListingState state,
                          final Duration lookback, final Emitter emitter) throws Exception {
        final long started = System.nanoTime();
        final OttimateRequest bounded = state.from().map(from -> request.withQueryParam(fromParam, from.toString())).orElse(request);
        final Map<String, Instant> emitted = new LinkedHashMap<>();
        Instant newest = state.from().orElse(Instant.EPOCH);
        OttimateResult result = null;
        for (int attempt = 0; attempt <= MAX_RESTARTS; attempt++) {
            final long[] firstCount = {-1};
            final boolean[] shrank = {false};
            final Instant[] newestSeen = {newest};
            result = Pages.forEach(executor, bounded, itemsField, pageSize, (items, page) -> {
                final long count = page.body().path("count").asLong();
                if (firstCount[0] < 0) {
                    firstCount[0] = count;
                } else if (count < firstCount[0]) {
                    shrank[0] = true;
                    return false;
                }
                for (final JsonNode object : items) {
                    final Instant modified = modified(object, modifiedField);
                    final String version = ListingState.version(object.path("id").asText(), modified);
                    if (state.alreadyEmitted(version) || emitted.containsKey(version)) {
                        continue;
                    }
                    emitter.emit(object);
                    emitted.put(version, modified);
                    if (modified.isAfter(newestSeen[0])) {
                        newestSeen[0] = modified;
                    }
                }
                return true;
            });
            newest = newestSeen[0];
            if (!shrank[0]) {
                break;
            }
        }
        final Duration runDuration = Duration.ofNanos(System.nanoTime() - started);
        return new Run(result, state.advance(emitted, newest, runDuration, lookback), emitted.size());
    }

    private static Instant modified(final JsonNode object, final String field) {
        final String utc = object.path(field).asText("");
        try {
            return utc.isEmpty() ? Instant.EPOCH : Instant.parse(utc);
        } catch (final DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
