/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.emulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Matches method + path templates such as {@code /invoices/{id}} (below {@code /v1}). */
final class Router {
    @FunctionalInterface
    interface Handler {
        ApiResponse handle(ApiRequest request, Map<String, String> pathParams) throws Exception;
    }

    private record Route(String method, String[] template, Handler handler) {
    }

    private final List<Route> routes = new ArrayList<>();

    Router add(final String method, final String template, final Handler handler) {
        routes.add(new Route(method, split(template), handler));
        // literal segments win over parameters: /invoices/uploads before /invoices/{id}
        routes.sort(Comparator.comparingLong(route -> Arrays.stream(route.template()).filter(p -> p.startsWith("{")).count()));
        return this;
    }

    List<String> routes() {
        return routes.stream().map(route -> route.method() + " /" + String.join("/", route.template())).toList();
    }

    ApiResponse dispatch(final ApiRequest request) throws Exception {
        final String[] segments = split(request.apiPath());
        boolean pathKnown = false;
        for (final Route route : routes) {
            final Map<String, String> params = match(route.template(), segments);
            if (params == null) {
                continue;
            }
            pathKnown = true;
            if (route.method().equals(request.method())) {
                return route.handler().handle(request, params);
            }
        }
        return pathKnown
                ? ApiResponse.error(405, "method_not_allowed", request.method() + " is not supported on " + request.rawPath())
                : ApiResponse.error(404, "not_found", "No such endpoint: " + request.rawPath());
    }

    private static Map<String, String> match(final String[] template, final String[] segments) {
        if (template.length != segments.length) {
            return null;
        }
        final Map<String, String> params = new HashMap<>();
        for (int i = 0; i < template.length; i++) {
            final String part = template[i];
            if (part.startsWith("{") && part.endsWith("}")) {
                params.put(part.substring(1, part.length() - 1), URLDecoder.decode(segments[i].replace("+", "%2B"), StandardCharsets.UTF_8));
            } else if (!part.equals(segments[i])) {
                return null;
            }
        }
        return params;
    }

    /** Splits a raw path into its segments; a trailing slash is ignored (the API accepts both spellings). */
    private static String[] split(final String path) {
        final String trimmed = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        return trimmed.startsWith("/") ? trimmed.substring(1).split("/", -1) : trimmed.split("/", -1);
    }
}
