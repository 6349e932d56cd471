/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.listing;

import com.fasterxml.jackson.databind.JsonNode;
import com.ottimate.nifi.client.model.OttimateRequest;
import com.ottimate.nifi.client.model.OttimateResult;
import com.ottimate.nifi.client.model.Pagination;
import com.ottimate.nifi.processors.resources.ApiResource;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One run of an incremental listing over the API's modification-time filter, complete however the API orders its pages, however
 * objects change while it reads, and however the changes are spread over time. It rests on a past window only losing objects (a
 * change moves an object's modification time to the present), never gaining any: windows are split until each can be read exactly,
 * read oldest first, and each finished one is a checkpoint the next run continues from ({@link ListingState}).
 */
public final class WindowedListing {
    /** Receives each page's new object versions. */
    @FunctionalInterface
    public interface Emitter {
        void emit(List<JsonNode> objects) throws Exception;
    }

    /**
     * The outcome: {@code next} is only meaningful when {@code result} is a Success. {@code stopped} says why a run that
     * made progress ended before {@code now} (the request budget, a failure, a window that kept changing); the next run
     * continues from its checkpoint.
     */
    public record Run(OttimateResult result, ListingState next, int emitted, int requests, Optional<String> stopped) {
    }

    private static final int MAX_PAGING_PASSES = 5;
    private static final int MAX_SPLIT = 16;
    /** A window of at most this many pages is paged (its probe is page 1); a larger one is split into windows about this size. */
    private static final int PAGED_WINDOW_PAGES = 10;
    /** An answer with an object modified further than this outside the window asked for: the API filters coarser than that. */
    private static final Duration FILTER_TOLERANCE = Duration.ofSeconds(1);
    /** Windows to split a listing with no lower bound (the first run) into, oldest first. */
    private static final List<Duration> FIRST_RUN_AGES = List.of(Duration.ofDays(366 * 5), Duration.ofDays(366), Duration.ofDays(31),
            Duration.ofDays(7), Duration.ofDays(1));

    private final Function<OttimateRequest, OttimateResult> executor;
    private final OttimateRequest request;
    private final ApiResource resource;
    private final Emitter emitter;
    private final ListingState state;
    private final Map<String, Long> emitted = new HashMap<>();
    private final int maxRequests;
    private int pageSize;
    private int requests;
    private int emittedCount;
    /** The end of the newest window read completely, every older one read too; null before the first. */
    private Instant checkpoint;
    /** The last answer that was a Success: what a run that stops early after some progress reports. */
    private OttimateResult lastSuccess;

    private WindowedListing(final Function<OttimateRequest, OttimateResult> executor, final OttimateRequest request, final ApiResource resource,
                            final int pageSize, final int maxRequests, final ListingState state, final Emitter emitter) {
        this.executor = executor;
        this.request = request;
        this.resource = resource;
        this.pageSize = pageSize;
        this.maxRequests = maxRequests;
        this.state = state;
        this.emitter = emitter;
        this.checkpoint = state.from().orElse(null);
    }

    /**
     * Lists what changed in [state.from, now] (everything up to now on the first run), in at most {@code maxRequests}. A run
     * that stops early ends at its last checkpoint and keeps what it emitted, remembering the versions it emitted beyond it,
     * so the next run continues there without emitting them again. A change of N objects thus completes across runs in about
     * N / page size requests plus one probe per split window.
     *
     * @param request  the collection's GET with its filters, without paging or modification window
     * @param lookback how far before {@code now} the next run starts again, for changes committed late
     */
    public static Run run(final Function<OttimateRequest, OttimateResult> executor, final OttimateRequest request, final ApiResource resource,
                          final int pageSize, final int maxRequests, final ListingState state, final Instant now, final Duration lookback,
                          final Emitter emitter) throws Exception {
        final Instant to = now.truncatedTo(ChronoUnit.MICROS);
        final WindowedListing listing = new WindowedListing(executor, request, resource, pageSize, maxRequests, state, emitter);
        // where the API bounds the window (invoices with their lines: 30 days), the first run reads the last such window
        final Optional<Duration> limit = resource.windowLimit(request);
        final Outcome outcome = listing.read(state.from().orElse(limit.map(to::minus).orElse(null)), to, limit.orElse(null));
        if (outcome.stopped() == null) {
            return new Run(outcome.result(), state.advance(listing.emitted, to, lookback), listing.emittedCount, listing.requests, Optional.empty());
        }
        if (outcome.result() instanceof OttimateResult.Success || listing.progressed()) {
            // keep what was read: from the checkpoint on, the versions emitted beyond it are remembered, not emitted again
            final Instant resumeAt = listing.checkpoint == null ? Instant.EPOCH : listing.checkpoint;
            final OttimateResult kept = outcome.result() instanceof OttimateResult.Success ? outcome.result() : listing.lastSuccess;
            return new Run(kept, state.advance(listing.emitted, resumeAt, Duration.ZERO), listing.emittedCount, listing.requests,
                    Optional.of(outcome.stopped() + "; the next run continues from " + resumeAt));
        }
        return new Run(outcome.result(), state, 0, listing.requests, Optional.empty());
    }

    /** How a read ended: {@code stopped} null when it reached {@code now}. */
    private record Outcome(OttimateResult result, String stopped) {
    }

    private boolean progressed() {
        return lastSuccess != null && (emittedCount > 0 || !Objects.equals(checkpoint, state.from().orElse(null)));
    }

    /**
     * Reads [{@code from}, {@code to}] window by window, oldest first, each finished window the new checkpoint. One that fits in a
     * page is read exactly by its probe; one of up to {@link #PAGED_WINDOW_PAGES} pages is paged, exact when its count is the same
     * at its first and last page, else split; a larger one is split ({@link Window#split}). A one-second window, or one whose
     * answer shows the API filters coarser than asked, is paged until a pass sees its count unchanged. No window is begun that
     * cannot be finished within the request budget.
     */
    private Outcome read(final Instant from, final Instant to, final Duration limit) throws Exception {
        final Deque<Window> windows = new ArrayDeque<>();
        // oldest first; a window the API bounds starts cut to its limit (splits only make windows smaller)
        final List<Window> spans = new ArrayList<>();
        Instant lower = from;
        while (limit != null && lower != null && Duration.between(lower, to).compareTo(limit) > 0) {
            spans.add(new Window(lower, lower.plus(limit)));
            lower = lower.plus(limit);
        }
        spans.add(new Window(lower, to));
        spans.reversed().forEach(windows::push);
        while (!windows.isEmpty()) {
            final Window window = windows.pop();
            if (requests >= maxRequests) {
                return capped();
            }
            if (!window.splittable()) {
                final Paging paged = pageThrough(window, null, MAX_PAGING_PASSES);
                if (!paged.done()) {
                    return paged.outcome();
                }
                checkpoint = window.to();
                continue;
            }
            final OttimateResult probe = page(window, 1);
            if (!(probe instanceof OttimateResult.Success success)) {
                return new Outcome(probe, AbstractListOttimate.describe(probe));
            }
            lastSuccess = probe;
            final JsonNode items = success.body().path(resource.listField());
            final long count = count(success);
            if (fits(window, success, items, count)) {
                emit(items);
                checkpoint = window.to();
                continue;
            }
            if (!honoured(window, items)) {
                // the API filters coarser than asked: smaller windows would answer the same, so page this one
                final Paging paged = pageThrough(window, success, MAX_PAGING_PASSES);
                if (!paged.done()) {
                    return paged.outcome();
                }
                checkpoint = window.to();
                continue;
            }
            final long pages = count < 0 ? -1 : (count + pageSize - 1) / pageSize;
            // few pages, or all of the window it was split from (the changes sit closer together than any split would find
            // cheaply): reading them costs no more than the probe already spent, if no object leaves the window meanwhile
            final boolean concentrated = count == window.parentCount();
            if (pages > 0 && (pages <= PAGED_WINDOW_PAGES || concentrated)) {
                if (requests + pages - 1 <= maxRequests) {
                    final Paging paged = pageThrough(window, success, 1);
                    if (paged.done()) {
                        checkpoint = window.to();
                        continue;
                    }
                    if (!(paged.outcome().result() instanceof OttimateResult.Success)) {
                        return paged.outcome();
                    }
                    // objects left it while it was paged: smaller windows are read exactly
                } else if (progressed()) {
                    // it would not be finished within this run's budget: stop at the checkpoint rather than spend requests on it
                    return capped();
                }
                // else nothing is finished yet in this run: split it, so that its parts fit
            }
            final List<Window> parts = window.split(count, pageSize * PAGED_WINDOW_PAGES);
            // oldest first, so that finished windows are a checkpoint
            for (int i = parts.size() - 1; i >= 0; i--) {
                windows.push(parts.get(i).within(count));
            }
        }
        return new Outcome(lastSuccess, null);
    }

    private Outcome capped() {
        return new Outcome(lastSuccess, "Reached Max Requests per Run (" + maxRequests + ")");
    }

    /** False when the answer holds an object modified well outside the window: the API did not filter as finely as asked. */
    private boolean honoured(final Window window, final JsonNode items) {
        for (final JsonNode object : items) {
            final Instant modified = modified(object.path(ApiResource.MODIFIED_FIELD).asText(""));
            if (modified != null && (modified.isAfter(window.to().plus(FILTER_TOLERANCE))
                    || window.from() != null && modified.isBefore(window.from().minus(FILTER_TOLERANCE)))) {
                return false;
            }
        }
        return true;
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

    /** How paging a window ended: {@code done} when a pass saw the same count from start to end; else why not. */
    private record Paging(boolean done, Outcome outcome) {
    }

    /**
     * Pages through a window, at most {@code passes} times, until one whole pass sees the same count from start to end
     * ({@code firstPage}, when given, is page 1 of the first pass). A window that cannot be split is read whole once
     * begun, past the request budget if need be: a second holding more objects than the budget's pages would otherwise
     * be begun again by every run and never finished.
     */
    private Paging pageThrough(final Window window, final OttimateResult.Success firstPage, final int passes) throws Exception {
        OttimateResult.Success first = firstPage;
        for (int pass = 0; pass < passes; pass++) {
            final long[] counts = {-1, -1};
            final OttimateResult result = Pagination.forEach(request -> {
                requests++;
                return executor.apply(request);
            }, window.apply(request), resource.listField(), pageSize, first, (items, page) -> {
                final long count = page.body().path("count").asLong(-1);
                if (counts[0] < 0) {
                    counts[0] = count;
                }
                counts[1] = count;
                emit(items);
                return true;
            });
            first = null;
            if (!(result instanceof OttimateResult.Success)) {
                return new Paging(false, new Outcome(result, AbstractListOttimate.describe(result)));
            }
            lastSuccess = result;
            if (counts[0] == counts[1]) {
                return new Paging(true, null);
            }
        }
        return new Paging(false, new Outcome(lastSuccess, "Objects kept leaving the window " + window + " while it was paged (listing_unstable)"));
    }

    private OttimateResult page(final Window window, final int page) {
        requests++;
        return executor.apply(window.apply(request).withQueryParam("page", Integer.toString(page)).withQueryParam("limit", Integer.toString(pageSize)));
    }

    private static long count(final OttimateResult.Success page) {
        final JsonNode count = page.body().get("count");
        return count != null && count.canConvertToLong() ? count.asLong() : -1;
    }

    /** Emits the objects whose version was emitted neither in this run (windows share their edges) nor in an earlier one. */
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
        final Instant instant = modified(modified);
        // no readable time (null, or another shape): remembered as of the newest second read, and aged out like the rest
        return instant != null ? instant.getEpochSecond() : (checkpoint == null ? Instant.now() : checkpoint).getEpochSecond();
    }

    private static Instant modified(final String modified) {
        try {
            return Instant.parse(modified);
        } catch (final DateTimeParseException e) {
            return null;
        }
    }

    /** [from, to] on the modification time; {@code from} null means no lower bound. */
    private record Window(Instant from, Instant to, long parentCount) {
        Window(final Instant from, final Instant to) {
            this(from, to, -1);
        }

        Window within(final long count) {
            return new Window(from, to, count);
        }

        OttimateRequest apply(final OttimateRequest request) {
            final OttimateRequest bounded = request.withQueryParam(ApiResource.MODIFIED_TO, to.toString());
            return from == null ? bounded : bounded.withQueryParam(ApiResource.MODIFIED_FROM, from.toString());
        }

        /** Whether {@link #split} can make it smaller: it spans more than one second. */
        boolean splittable() {
            return from == null || wholeSeconds() > 1;
        }

        private long wholeSeconds() {
            return to.getEpochSecond() + (to.getNano() > 0 ? 1 : 0) - from.getEpochSecond();
        }

        /**
         * Smaller windows covering this one, oldest first, split at whole seconds (so a server that filters by whole
         * seconds sees the same windows), as many as {@code count} needs for parts of about {@code partSize}, down to one
         * second however narrow the span that holds them (an onboarding that changes 20,000 invoices in a minute); none
         * when it spans one second or less.
         */
        List<Window> split(final long count, final int partSize) {
            final List<Window> parts = new ArrayList<>();
            if (from == null) {
                Instant lower = Instant.EPOCH;
                for (final Duration age : FIRST_RUN_AGES) {
                    final Instant upper = to.minus(age);
                    parts.add(new Window(lower, upper));
                    lower = upper;
                }
                parts.add(new Window(lower, to));
                return parts;
            }
            final long first = from.getEpochSecond();
            final long seconds = wholeSeconds();
            if (seconds <= 1) {
                return parts;
            }
            // aim at windows two thirds full, assuming changes spread evenly; where they do not, the full part splits again
            final long pieces = Math.min(seconds, Math.max(2, Math.min(MAX_SPLIT, count < 0 ? 4 : (long) Math.ceil(count * 1.5 / partSize))));
            Instant lower = from;
            for (long i = 1; i <= pieces; i++) {
                final Instant upper = i == pieces ? to : Instant.ofEpochSecond(first + seconds * i / pieces);
                parts.add(new Window(lower, upper));
                lower = upper;
            }
            return parts;
        }

        @Override
        public String toString() {
            return "[" + (from == null ? "-" : from) + ", " + to + "]";
        }
    }
}
