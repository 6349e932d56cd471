/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.emulator;

import java.util.List;

/** The API's page-number pagination: 1-based {@code page}, bounded {@code limit}. */
record Page(int page, int limit) {

    static final class InvalidPage extends Exception {
        InvalidPage(final String message) {
            super(message);
        }
    }

    static Page from(final ApiRequest request, final int defaultLimit, final int maxLimit) throws InvalidPage {
        final int page = parse(request, "page", 1);
        final int limit = parse(request, "limit", defaultLimit);
        if (page < 1) {
            throw new InvalidPage("page must be 1 or greater");
        }
        if (limit < 1 || limit > maxLimit) {
            throw new InvalidPage("limit must be between 1 and " + maxLimit);
        }
        return new Page(page, limit);
    }

    <T> List<T> slice(final List<T> all) {
        final long from = (long) (page - 1) * limit;
        if (from >= all.size()) {
            return List.of();
        }
        return all.subList((int) from, (int) Math.min(all.size(), from + limit));
    }

    private static int parse(final ApiRequest request, final String name, final int fallback) throws InvalidPage {
        final String raw = request.queryParam(name).orElse(null);
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw);
        } catch (final NumberFormatException e) {
            throw new InvalidPage(name + " must be an integer");
        }
    }
}
