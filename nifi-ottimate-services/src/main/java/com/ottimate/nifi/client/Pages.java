package com.ottimate.nifi.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.function.Function;

/**
 * Follows the API's page-number pagination ({@code page}, {@code limit}, {@code count}) to the end. Stops
 * when {@code page * limit >= count} or a page comes back empty.
 */
public final class Pages {

    /** Receives each page's items; answers false to stop early. */
    @FunctionalInterface
    public interface PageConsumer {
        boolean accept(JsonNode items, OttimateResult.Success page) throws Exception;
    }

    private Pages() {
    }

    /**
     * Sends {@code request} with {@code page=1,2,…} and hands each page's {@code itemsField} array to
     * {@code consumer} ({@code itemsField} null: the answer's first array field, as envelopes name it per resource).
     * Answers the last page's result, or the first unsuccessful one.
     */
    public static OttimateResult forEach(final Function<OttimateRequest, OttimateResult> executor, final OttimateRequest request,
                                         final String itemsField, final int limit, final PageConsumer consumer) throws Exception {
        int page = 1;
        while (true) {
            final OttimateResult result = executor.apply(request.withQueryParam("page", Integer.toString(page))
                    .withQueryParam("limit", Integer.toString(limit)));
            if (!(result instanceof OttimateResult.Success success)) {
                return result;
            }
            final String field = itemsField != null ? itemsField : success.body().properties().stream()
                    .filter(e -> e.getValue().isArray()).map(java.util.Map.Entry::getKey).findFirst().orElse("results");
            final JsonNode items = success.body().path(field);
            if (!items.isArray()) {
                return new OttimateResult.Retryable(success.uri(), success.status(), new ApiError("malformed_response",
                        "Page " + page + " of " + request + " has no '" + field + "' list", success.requestId()), success.attempts());
            }
            if (!consumer.accept(items, success) || items.isEmpty()) {
                return success;
            }
            final long count = success.body().path("count").asLong(Long.MAX_VALUE);
            if ((long) page * limit >= count) {
                return success;
            }
            page++;
        }
    }
}
