/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.ottimate.nifi.client.model.OttimateRequest;
import com.ottimate.nifi.client.model.OttimateResult;
import com.ottimate.nifi.client.model.Pagination;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * How to find out what a write's unanswered attempts did, by a value only this write sent, read back exactly. The
 * client runs it before the write is sent again (once no attempt can still be applied), so no copy is made even where
 * the API does not honour {@code Idempotency-Key}.
 */
@FunctionalInterface
public interface Lookup {
    /** Pages a look-up reads by default: more candidates than that is a filter the API did not apply, not an answer. */
    int MAX_PAGES = 10;

    /**
     * @param read   the client's request path, for the reads the look-up needs
     * @param window the earliest creation time an object of the write can show
     */
    Finding find(Function<OttimateRequest, OttimateResult> read, Instant window);

    /**
     * Reads every page of {@code query} (at most {@code maxPages} of {@code limit}) and lets {@code classify} judge the
     * objects of its {@code itemsField} list (null: the answer's first list). More objects than that is unconfirmed.
     */
    static Lookup listing(final OttimateRequest query, final String itemsField, final int limit, final int maxPages,
                          final BiFunction<List<JsonNode>, Instant, Finding> classify) {
        return (read, window) -> {
            final List<JsonNode> candidates = new ArrayList<>();
            final int[] pages = {0};
            final OttimateResult result;
            try {
                result = Pagination.forEach(read, query, itemsField, limit, (items, page) -> {
                    items.forEach(candidates::add);
                    return ++pages[0] < maxPages;
                });
            } catch (final Exception e) {
                throw new IllegalStateException("Reading " + query + " failed: " + e.getMessage(), e);
            }
            if (!(result instanceof OttimateResult.Success last)) {
                return new Finding.Unknown(result);
            }
            final long count = last.body().path("count").asLong(-1);
            if (pages[0] >= maxPages && (count < 0 || count > candidates.size())) {
                return new Finding.Unconfirmed(query + " matched more than " + candidates.size() + " objects (the API may not apply its "
                        + "filters): too many to tell whether one of them is this write");
            }
            return classify.apply(candidates, window);
        };
    }

    /** Reads one object ({@code get}) and lets {@code classify} judge it; a 404 is judged as a missing node. */
    static Lookup reading(final OttimateRequest get, final BiFunction<JsonNode, Instant, Finding> classify) {
        return (read, window) -> {
            final OttimateResult result = read.apply(get);
            if (result instanceof OttimateResult.Success success) {
                return classify.apply(success.body(), window);
            }
            if (result instanceof OttimateResult.NotFound) {
                return classify.apply(MissingNode.getInstance(), window);
            }
            return new Finding.Unknown(result);
        };
    }

    /** A write that carries nothing to find it by: after an unanswered attempt it can only be handed to a person. */
    static Lookup unprovable(final String why) {
        return (read, window) -> new Finding.Unconfirmed(why);
    }
}
