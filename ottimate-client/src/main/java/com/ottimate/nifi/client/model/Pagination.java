/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.client.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Follows the API's page-number pagination ({@code page}, {@code limit}, {@code count}) to the end, one page in memory
 * at a time. It does not trust the server to do what was asked: the end is decided by what came back (objects seen
 * against {@code count}, an empty page, or a short page when there is no {@code count}), not by the limit requested,
 * so a server that caps pages below it loses nothing; a page that repeats the previous one stops the listing with an
 * error instead of looping; and no listing goes beyond {@link #MAX_PAGES}.
 */
public final class Pagination {
    /** A listing never asks for more pages than this (a million objects at 100 per page). */
    public static final int MAX_PAGES = 10_000;

    /** Receives each page's items; answers false to stop early. */
    @FunctionalInterface
    public interface PageConsumer {
        boolean accept(JsonNode items, OttimateResult.Success page) throws Exception;
    }

    private Pagination() {
    }

    /**
     * Sends {@code request} with {@code page=1,2,…} and hands each page's {@code itemsField} array to {@code consumer}
     * ({@code itemsField} null: the answer's first array field, as envelopes name it per resource). Answers the last
     * page's result, or the first unsuccessful one.
     */
    public static OttimateResult forEach(final Function<OttimateRequest, OttimateResult> executor, final OttimateRequest request,
                                         final String itemsField, final int limit, final PageConsumer consumer) throws Exception {
        return forEach(executor, request, itemsField, limit, null, consumer);
    }

    /** As {@link #forEach(Function, OttimateRequest, String, int, PageConsumer)}, with page 1 already read ({@code firstPage}, null: not yet). */
    public static OttimateResult forEach(final Function<OttimateRequest, OttimateResult> executor, final OttimateRequest request,
                                         final String itemsField, final int limit, final OttimateResult.Success firstPage,
                                         final PageConsumer consumer) throws Exception {
        long seen = 0;
        int largestPage = 0;
        List<String> previousIds = List.of();
        OttimateResult.Success last = null;
        for (int page = 1; page <= MAX_PAGES; page++) {
            final OttimateResult result = page == 1 && firstPage != null ? firstPage : executor.apply(request
                    .withQueryParam("page", Integer.toString(page)).withQueryParam("limit", Integer.toString(limit)));
            if (!(result instanceof OttimateResult.Success success)) {
                return result;
            }
            final JsonNode items = items(success.body(), itemsField);
            if (items == null) {
                return new OttimateResult.Retryable(success.uri(), success.status(), new ApiError("malformed_response",
                        "Page " + page + " of " + request + " has no '" + (itemsField == null ? "results" : itemsField) + "' list", success.requestId()),
                        success.attempts());
            }
            if (items.isEmpty()) {
                return success;
            }
            final List<String> ids = ids(items);
            if (page > 1 && ids.equals(previousIds)) {
                return new OttimateResult.Rejected(success.uri(), success.status(), new ApiError("repeated_page", "Page " + page + " of "
                        + request + " repeats page " + (page - 1) + ": the API ignored the page parameter; listing stopped", success.requestId()),
                        success.attempts());
            }
            previousIds = ids;
            last = success;
            if (!consumer.accept(items, success)) {
                return success;
            }
            seen += items.size();
            largestPage = Math.max(largestPage, items.size());
            final JsonNode count = success.body().get("count");
            if (count != null && count.canConvertToLong()) {
                if (seen >= count.asLong()) {
                    return success;
                }
            } else if (items.size() < largestPage) {
                // no total to go by: a page shorter than the ones before is the last
                return success;
            }
        }
        return new OttimateResult.Rejected(last.uri(), last.status(), ApiError.local("too_many_pages", request + " has more than "
                + MAX_PAGES + " pages; narrow it with filters"), last.attempts());
    }

    private static JsonNode items(final JsonNode body, final String itemsField) {
        if (itemsField != null) {
            final JsonNode items = body.get(itemsField);
            return items != null && items.isArray() ? items : null;
        }
        return body.properties().stream().map(Map.Entry::getValue).filter(JsonNode::isArray).findFirst().orElse(null);
    }

    /** What identifies a page's objects: their ids, or the objects themselves when they have none. */
    private static List<String> ids(final JsonNode items) {
        final List<String> ids = new ArrayList<>(items.size());
        for (final JsonNode item : items) {
            final JsonNode id = item.get("id");
            ids.add(id == null ? item.toString() : id.asText());
        }
        return ids;
    }
}
