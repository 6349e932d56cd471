package com.ottimate.nifi.processors.listing;

import com.fasterxml.jackson.databind.JsonNode;
import com.ottimate.nifi.client.OttimateRequest;
import com.ottimate.nifi.client.OttimateResult;
import com.ottimate.nifi.client.Pages;
import com.ottimate.nifi.processors.resources.ApiResource;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One run of an incremental listing over the API's modification-time filter, complete however the API orders its
 * pages and however objects change while it reads.
 *
 * <p>Each run reads the closed window [{@code from}, {@code now}]. Once a window lies in the past, objects can only
 * leave it (a change moves an object's modification time to the present), never join it, so a window that fits in
 * one page is read exactly: there is no page boundary for a change to shift objects across. A window with more objects
 * than a page is split by time into windows that do (in proportion to its count), down to one millisecond; only a
 * window that cannot be split further (a mass update within one millisecond, or a server that filters by whole
 * seconds) is paged, and it is read again until a pass sees its count unchanged. Nothing is emitted twice within a run
 * (windows share their edges) or across runs ({@link ListingState}). A run that cannot finish emits nothing and keeps
 * the state, so the position never moves past data that was not read.
 */
public final class WindowedListing {
    /** Receives each page's new object versions. */
    @FunctionalInterface
    public interface Emitter {
        void emit(List<JsonNode> objects) throws Exception;
    }

    /** The outcome: {@code next} is only meaningful when {@code result} is a Success. */
    public record Run(OttimateResult result, ListingState next, int emitted, int requests) {
    }

    private static final Duration SMALLEST_WINDOW = Duration.ofMillis(1);
    private static final int MAX_PAGING_PASSES = 5;
    private static final int MAX_SPLIT = 16;
    /** Windows to split a listing with no lower bound (the first run) into, newest first. */
    private static final List<Duration> FIRST_RUN_AGES = List.of(Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(31),
            Duration.ofDays(366), Duration.ofDays(366 * 5));

    private final Function<OttimateRequest, OttimateResult> executor;
    private final OttimateRequest request;
    private final ApiResource resource;
    private final Emitter emitter;
    private final ListingState state;
    private final Map<String, Long> emitted = new HashMap<>();
    private final Instant to;
    private int pageSize;
    private int requests;
    private int emittedCount;

    private WindowedListing(final Function<OttimateRequest, OttimateResult> executor, final OttimateRequest request, final ApiResource resource,
                            final int pageSize, final ListingState state, final Instant to, final Emitter emitter) {
        this.to = to;
        this.executor = executor;
        this.request = request;
        this.resource = resource;
        this.pageSize = pageSize;
        this.state = state;
        this.emitter = emitter;
    }

    /**
     * Lists what changed in [state.from, now] (everything up to now on the first run).
     *
     * @param request  the collection's GET with its filters, without paging or modification window
     * @param lookback how far before {@code now} the next run starts again, for changes committed late
     */
    public static Run run(final Function<OttimateRequest, OttimateResult> executor, final OttimateRequest request, final ApiResource resource,
                          final int pageSize, final ListingState state, final Instant now, final Duration lookback, final Emitter emitter)
            throws Exception {
        final Instant to = now.truncatedTo(ChronoUnit.MICROS);
        final WindowedListing listing = new WindowedListing(executor, request, resource, pageSize, state, to, emitter);
        final OttimateResult result = listing.read(state.from().orElse(null), to);
        return new Run(result, state.advance(listing.emitted, to, lookback), listing.emittedCount, listing.requests);
    }

    private OttimateResult read(final Instant from, final Instant to) throws Exception {
        final Deque<Window> windows = new ArrayDeque<>();
        windows.push(new Window(from, to, Long.MAX_VALUE));
        OttimateResult last = null;
        while (!windows.isEmpty()) {
            final Window window = windows.pop();
            final OttimateResult probe = page(window, 1);
            if (!(probe instanceof OttimateResult.Success success)) {
                return probe;
            }
            last = probe;
            final JsonNode items = success.body().path(resource.listField());
            final long count = count(success, items);
            if (fits(window, success, items, count)) {
                emit(items);
                continue;
            }
            final List<Window> parts = window.split(count, pageSize);
            if (parts.isEmpty()) {
                final OttimateResult paged = pageThrough(window);
                if (!(paged instanceof OttimateResult.Success)) {
                    return paged;
                }
                continue;
            }
            // read newest first, as the API lists
            for (int i = parts.size() - 1; i >= 0; i--) {
                windows.push(parts.get(i));
            }
        }
        return last;
    }

    /** True when page 1 holds the whole window; asks page 2 when the API gives no count and page 1 came back short. */
    private boolean fits(final Window window, final OttimateResult.Success page, final JsonNode items, final long count) throws Exception {
        if (count >= 0) {
            return count <= items.size();
        }
        if (items.size() >= pageSize) {
            return false;
        }
        // no count and a short page: a page cap below our limit looks the same as the last page; page 2 tells them apart
        final OttimateResult next = page(window, 2);
        if (!(next instanceof OttimateResult.Success second)) {
            // no answer to tell them apart: split the window rather than guess a smaller page size
            return false;
        }
        if (second.body().path(resource.listField()).isEmpty()) {
            return true;
        }
        if (items.size() > 0) {
            pageSize = items.size();
        }
        return false;
    }

    /** A window that cannot be split: page through it until one whole pass sees the same count from start to end. */
    private OttimateResult pageThrough(final Window window) throws Exception {
        OttimateResult result = null;
        for (int pass = 0; pass < MAX_PAGING_PASSES; pass++) {
            final long[] counts = {-1, -1};
            result = Pages.forEach(request -> {
                requests++;
                return executor.apply(request);
            }, window.apply(request), resource.listField(), pageSize, (items, page) -> {
                final long count = page.body().path("count").asLong(-1);
                if (counts[0] < 0) {
                    counts[0] = count;
                }
                counts[1] = count;
                emit(items);
                return true;
            });
            if (!(result instanceof OttimateResult.Success) || counts[0] == counts[1]) {
                return result;
            }
        }
        return new OttimateResult.Retryable(result.uri(), result.status(), com.ottimate.nifi.client.ApiError.local("listing_unstable",
                "Objects kept leaving the window " + window + " while it was paged; listing again next run"), result.attempts());
    }

    private OttimateResult page(final Window window, final int page) {
        requests++;
        return executor.apply(window.apply(request).withQueryParam("page", Integer.toString(page)).withQueryParam("limit", Integer.toString(pageSize)));
    }

    private static long count(final OttimateResult.Success page, final JsonNode items) {
        final JsonNode count = page.body().get("count");
        return count != null && count.canConvertToLong() ? count.asLong() : -1;
    }

    private void emit(final JsonNode items) throws Exception {
        final List<JsonNode> fresh = new ArrayList<>();
        for (final JsonNode object : items) {
            final String modified = object.path(ApiResource.MODIFIED_FIELD).asText("");
            final String fingerprint = ListingState.fingerprint(resource.idOf(object), modified);
            if (state.alreadyEmitted(fingerprint) || emitted.containsKey(fingerprint)) {
                continue;
            }
            emitted.put(fingerprint, second(modified));
            fresh.add(object);
        }
        if (!fresh.isEmpty()) {
            emitter.emit(fresh);
            emittedCount += fresh.size();
        }
    }

    private long second(final String modified) {
        try {
            return Instant.parse(modified).getEpochSecond();
        } catch (final java.time.format.DateTimeParseException e) {
            // no readable time (null, or another shape): remembered as of this run's end, and aged out like the rest
            return to.getEpochSecond();
        }
    }

    /** [from, to] on the modification time; {@code from} null means no lower bound. */
    private record Window(Instant from, Instant to, long parentCount) {
        OttimateRequest apply(final OttimateRequest request) {
            final OttimateRequest bounded = request.withQueryParam(ApiResource.MODIFIED_TO, to.toString());
            return from == null ? bounded : bounded.withQueryParam(ApiResource.MODIFIED_FROM, from.toString());
        }

        /** Smaller windows covering this one, newest first; none when it cannot usefully be split. */
        List<Window> split(final long count, final int pageSize) {
            final List<Window> parts = new ArrayList<>();
            if (from == null) {
                Instant upper = to;
                for (final Duration age : FIRST_RUN_AGES) {
                    final Instant lower = to.minus(age);
                    parts.add(new Window(lower, upper, count));
                    upper = lower;
                }
                parts.add(new Window(Instant.EPOCH, upper, count));
                return parts;
            }
            final Duration width = Duration.between(from, to);
            if (width.compareTo(SMALLEST_WINDOW) <= 0 || (count >= 0 && count >= parentCount)) {
                // too narrow, or splitting did not reduce the count (the API filters coarser than this): page it
                return parts;
            }
            // aim at windows two thirds full, assuming changes spread evenly over the window
            final int pieces = (int) Math.max(2, Math.min(MAX_SPLIT, count < 0 ? 4 : Math.ceil(count * 1.5 / pageSize)));
            final Duration step = width.dividedBy(pieces);
            Instant upper = to;
            for (int i = 1; i <= pieces; i++) {
                final Instant lower = i == pieces ? from : to.minus(step.multipliedBy(i));
                parts.add(new Window(lower, upper, count < 0 ? Long.MAX_VALUE : count));
                upper = lower;
            }
            return parts;
        }

        @Override
        public String toString() {
            return "[" + (from == null ? "-" : from) + ", " + to + "]";
        }
    }
}
