/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.listing;

import com.fasterxml.jackson.databind.JsonNode;
import com.ottimate.nifi.client.model.ApiError;
import com.ottimate.nifi.client.model.OttimateRequest;
import com.ottimate.nifi.client.model.OttimateResult;
import com.ottimate.nifi.client.model.Pagination;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A listing of a collection the API cannot filter by modification time (dimensions, the account structure, the catalog): every run
 * reads the whole collection and, when tracking changes, emits only the objects that are new or differ from the previous run, told
 * by the fingerprints of every object's content in the last complete listing, which are its state.
 */
public final class SnapshotListing {
    public static final int MAX_TRACKED = 50_000;
    /** Runs in a row thrown away because their pages shifted, before one is kept all the same. */
    public static final int MAX_SHIFTED_RUNS = 3;
    static final String TRACKED = "tracked";
    static final String OVERFLOW = "overflow";

    /** Receives each page's objects to emit. */
    @FunctionalInterface
    public interface Emitter {
        void emit(List<JsonNode> objects) throws Exception;
    }

    /**
     * {@code state} is what to save when {@code result} is a Success; {@code overflow} when there were too many to track;
     * {@code shifted} when its pages shifted while read (a run kept all the same, or thrown away).
     */
    public record Run(OttimateResult result, Map<String, String> state, int listed, int emitted, boolean overflow, boolean shifted) {
    }

    private SnapshotListing() {
    }

    /**
     * Lists the collection, each object once within the run, keeping a fingerprint of 8 characters per object for at most
     * {@link #MAX_TRACKED} objects: a larger collection is emitted whole on every run (the processor says so in a bulletin).
     * A run that fails part-way emits nothing and keeps the state. So does a run whose pages shifted while it read them (an
     * object created or deleted between two page reads: the count changed, or an object came twice): one object may have been
     * skipped, and its fingerprint dropped from the state would list it again, unchanged, next time; the next run reads it again.
     *
     * @param previous the state of the last run (empty the first time)
     * @param trackChanges false: emit every object every run
     * @param keepShifted  keep the run even if its pages shifted (after {@link #MAX_SHIFTED_RUNS} thrown away, a collection that
     *                     keeps changing while read): an object the shift skipped may then come again next run, a repeat rather
     *                     than nothing at all
     */
    public static Run run(final Function<OttimateRequest, OttimateResult> executor, final List<OttimateRequest> requests, final String itemsField,
                          final int pageSize, final Map<String, String> previous, final boolean trackChanges, final boolean keepShifted,
                          final Emitter emitter) throws Exception {
        final Set<String> before = parse(previous.getOrDefault(TRACKED, ""));
        final Set<String> now = new HashSet<>();
        final int[] counts = {0, 0};
        OttimateResult result = null;
        boolean shifted = false;
        for (final OttimateRequest request : requests) {
            final Shift shift = new Shift();
            result = Pagination.forEach(executor, request, itemsField, pageSize, (items, page) -> {
                shift.page(page.body().get("count"), items);
                final List<JsonNode> changed = new ArrayList<>();
                for (final JsonNode object : items) {
                    final String fingerprint = Fingerprints.of(object.toString());
                    // a page that shifted forward repeats an object: it comes once
                    final boolean first = now.add(fingerprint);
                    counts[0]++;
                    if (first && (!trackChanges || !before.contains(fingerprint))) {
                        changed.add(object);
                    }
                }
                if (!changed.isEmpty()) {
                    emitter.emit(changed);
                    counts[1] += changed.size();
                }
                return true;
            });
            if (!(result instanceof OttimateResult.Success)) {
                return new Run(result, previous, counts[0], counts[1], false, false);
            }
            if (shift.shifted() && !keepShifted) {
                return new Run(new OttimateResult.Retryable(result.uri(), 0, ApiError.local("listing_unstable", request + " changed while "
                        + "its pages were read (" + shift.why + "): nothing emitted, listed again on the next run"), result.attempts(), null),
                        previous, counts[0], 0, false, true);
            }
            shifted |= shift.shifted();
        }
        final boolean overflow = trackChanges && now.size() > MAX_TRACKED;
        return new Run(result, Map.of(TRACKED, overflow || !trackChanges ? "" : String.join("", now), OVERFLOW, Boolean.toString(overflow)),
                counts[0], counts[1], overflow, shifted);
    }

    /**
     * Whether one request's pages shifted under it: its count changed between pages, or an object came twice. (Fewer
     * objects than counted is not taken as a sign: an API whose count also holds what it does not list would otherwise
     * never finish a run.)
     */
    private static final class Shift {
        private final Set<String> ids = new HashSet<>();
        private long count = -1;
        private String why;

        void page(final JsonNode pageCount, final JsonNode items) {
            if (pageCount != null && pageCount.canConvertToLong()) {
                if (count >= 0 && count != pageCount.asLong() && why == null) {
                    why = "its count went from " + count + " to " + pageCount.asLong();
                }
                count = pageCount.asLong();
            }
            for (final JsonNode object : items) {
                final String id = object.path("id").asText("");
                if (!id.isEmpty() && !ids.add(id) && why == null) {
                    why = "object " + id + " came twice";
                }
            }
        }

        boolean shifted() {
            return why != null;
        }
    }

    private static Set<String> parse(final String packed) {
        final Set<String> fingerprints = new HashSet<>();
        for (int i = 0; i + Fingerprints.LENGTH <= packed.length(); i += Fingerprints.LENGTH) {
            fingerprints.add(packed.substring(i, i + Fingerprints.LENGTH));
        }
        return fingerprints;
    }
}
