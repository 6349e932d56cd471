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
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.ottimate.nifi.processors.records.ObjectOutput;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A listing of a collection the API cannot filter by modification time (dimensions, the account structure, the catalog): every run
 * reads the whole collection and, when tracking changes, emits only the objects that are new or differ from the previous run, told
 * by what the state keeps of the last complete listing: each object's id with a fingerprint of its content. An object gone since
 * then is emitted as removed (its id only), where the source can tell a removal at all.
 */
public final class SnapshotListing {
    public static final int MAX_TRACKED = 50_000;
    /**
     * The most characters of ids and fingerprints kept (about 13,000 objects with UUIDs, 8 + 36 + 1 characters each);
     * beyond it only fingerprints are (changes told, not which kind, and no removals).
     */
    public static final int MAX_OBJECTS_STATE = 600_000;
    /** Runs in a row thrown away because their pages shifted, before one is kept all the same. */
    public static final int MAX_SHIFTED_RUNS = 3;
    /** Fingerprints only: the state of earlier versions, and of collections whose ids do not fit. */
    static final String TRACKED = "tracked";
    /** Each object as its fingerprint followed by its id, one per line. */
    static final String OBJECTS = "objects";
    static final String OVERFLOW = "overflow";
    /** The key, in the state, of an object the API lists without an id: its fingerprint. */
    private static final String ANONYMOUS = "#";

    /** Receives each page's objects to emit, with their change (null when the state cannot tell which). */
    @FunctionalInterface
    public interface Emitter {
        void emit(ObjectOutput.Change change, List<JsonNode> objects) throws Exception;
    }

    /**
     * {@code state} is what to save when {@code result} is a Success; {@code overflow} when there were too many to track;
     * {@code idsOverflow} when there were too many to keep their ids; {@code shifted} when its pages shifted while read
     * (a run kept all the same, or thrown away).
     */
    public record Run(OttimateResult result, Map<String, String> state, int listed, int emitted, boolean overflow, boolean idsOverflow,
                      boolean shifted) {
    }

    /** How a run treats what it finds. */
    public record Options(boolean trackChanges, boolean keepShifted, boolean removals) {
    }

    private SnapshotListing() {
    }

    /**
     * Lists the collection, each object once within the run, keeping a fingerprint of 8 characters and the id of each object
     * (ids up to {@link #MAX_OBJECTS_STATE} characters in all, fingerprints for at most {@link #MAX_TRACKED} objects: a
     * larger collection is emitted whole on every run, and the processor says so in a bulletin).
     * A run that fails part-way emits nothing and keeps the state. So does a run whose pages shifted while it read them (an
     * object created or deleted between two page reads: the count changed, or an object came twice): one object may have been
     * skipped, and its fingerprint dropped from the state would list it again, unchanged, next time; the next run reads it again.
     * Removals are emitted only after a complete run whose pages did not shift; an object a kept shifted run did not see
     * stays in the state, for the next run to tell.
     *
     * @param previous the state of the last run (empty the first time)
     * @param options  trackChanges false: emit every object every run (unmarked, no removals); keepShifted: keep the run even if
     *                 its pages shifted (after {@link #MAX_SHIFTED_RUNS} thrown away, a collection that keeps changing while read):
     *                 an object the shift skipped may then come again next run, a repeat rather than nothing at all; removals:
     *                 whether an object missing from a complete run was removed (false where objects also leave what is listed,
     *                 as dated windows do)
     */
    public static Run run(final Function<OttimateRequest, OttimateResult> executor, final List<OttimateRequest> requests, final String itemsField,
                          final int pageSize, final Map<String, String> previous, final Options options, final Emitter emitter) throws Exception {
        final boolean trackChanges = options.trackChanges();
        final Map<String, String> beforeById = parseObjects(previous.get(OBJECTS));
        // by id: the first run, and every run after one that kept ids; not after state of fingerprints only, or an overflow
        final boolean byId = !Boolean.parseBoolean(previous.get(OVERFLOW))
                && (previous.containsKey(OBJECTS) || previous.getOrDefault(TRACKED, "").isEmpty());
        final Set<String> before = byId ? new HashSet<>(beforeById.values()) : parse(previous.getOrDefault(TRACKED, ""));
        final Set<String> now = new HashSet<>();
        final Map<String, String> nowById = new LinkedHashMap<>();
        final int[] counts = {0, 0};
        OttimateResult result = null;
        boolean shifted = false;
        for (final OttimateRequest request : requests) {
            final Shift shift = new Shift();
            result = Pagination.forEach(executor, request, itemsField, pageSize, (items, page) -> {
                shift.page(page.body().get("count"), items);
                final Map<ObjectOutput.Change, List<JsonNode>> changed = new EnumMap<>(ObjectOutput.Change.class);
                final List<JsonNode> unmarked = new ArrayList<>();
                for (final JsonNode object : items) {
                    final String fingerprint = Fingerprints.of(object.toString());
                    // an object without an id is kept by its content, and never reported removed
                    final String id = object.path("id").asText("").isEmpty() ? ANONYMOUS + fingerprint : object.path("id").asText();
                    // a page that shifted forward repeats an object: it comes once
                    final boolean first = now.add(fingerprint);
                    if (first) {
                        nowById.put(id, fingerprint);
                    }
                    counts[0]++;
                    if (!first || (trackChanges && before.contains(fingerprint))) {
                        continue;
                    }
                    if (!trackChanges || !byId) {
                        unmarked.add(object);
                    } else {
                        changed.computeIfAbsent(beforeById.containsKey(id) ? ObjectOutput.Change.UPDATED : ObjectOutput.Change.CREATED,
                                c -> new ArrayList<>()).add(object);
                    }
                }
                if (!unmarked.isEmpty()) {
                    emitter.emit(null, unmarked);
                    counts[1] += unmarked.size();
                }
                for (final Map.Entry<ObjectOutput.Change, List<JsonNode>> change : changed.entrySet()) {
                    emitter.emit(change.getKey(), change.getValue());
                    counts[1] += change.getValue().size();
                }
                return true;
            });
            if (!(result instanceof OttimateResult.Success)) {
                return new Run(result, previous, counts[0], counts[1], false, false, false);
            }
            if (shift.shifted() && !options.keepShifted()) {
                return new Run(new OttimateResult.Retryable(result.uri(), 0, ApiError.local("listing_unstable", request + " changed while "
                        + "its pages were read (" + shift.why + "): nothing emitted, listed again on the next run"), result.attempts(), null),
                        previous, counts[0], 0, false, false, true);
            }
            shifted |= shift.shifted();
        }
        if (trackChanges && byId) {
            final List<JsonNode> removed = new ArrayList<>();
            for (final Map.Entry<String, String> earlier : beforeById.entrySet()) {
                if (nowById.containsKey(earlier.getKey())) {
                    continue;
                }
                if (shifted) {
                    // not seen, perhaps only skipped by the shift: the next run tells
                    nowById.put(earlier.getKey(), earlier.getValue());
                } else if (options.removals() && !earlier.getKey().startsWith(ANONYMOUS)) {
                    removed.add(JsonNodeFactory.instance.objectNode().put("id", earlier.getKey()));
                }
            }
            if (!removed.isEmpty()) {
                emitter.emit(ObjectOutput.Change.REMOVED, removed);
                counts[1] += removed.size();
            }
        }
        final boolean overflow = trackChanges && now.size() > MAX_TRACKED;
        final String objects = trackChanges && !overflow ? packObjects(nowById) : "";
        final boolean idsOverflow = trackChanges && !overflow && objects.length() > MAX_OBJECTS_STATE;
        final Map<String, String> state = new HashMap<>();
        state.put(OVERFLOW, Boolean.toString(overflow));
        if (idsOverflow) {
            state.put(TRACKED, String.join("", now));
        } else {
            state.put(OBJECTS, objects);
        }
        return new Run(result, Map.copyOf(state), counts[0], counts[1], overflow, idsOverflow, shifted);
    }

    private static String packObjects(final Map<String, String> byId) {
        final StringBuilder packed = new StringBuilder(byId.size() * 30);
        byId.forEach((id, fingerprint) -> packed.append(fingerprint).append(id).append('\n'));
        return packed.toString();
    }

    private static Map<String, String> parseObjects(final String packed) {
        final Map<String, String> byId = new HashMap<>();
        if (packed == null) {
            return byId;
        }
        for (final String line : packed.split("\n")) {
            if (line.length() > Fingerprints.LENGTH) {
                byId.put(line.substring(Fingerprints.LENGTH), line.substring(0, Fingerprints.LENGTH));
            }
        }
        return byId;
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
