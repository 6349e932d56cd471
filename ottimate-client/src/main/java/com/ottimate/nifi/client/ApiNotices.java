/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.client;

import com.ottimate.nifi.client.model.OttimateRequest;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * What the API says about its own future: {@code Deprecation} and {@code Sunset} headers (RFC 9745, RFC 8594) on an
 * answer become one warning per endpoint and notice, for the operator to see before the endpoint goes away.
 */
final class ApiNotices {
    private static final int MAX_REMEMBERED = 1_000;

    private final Consumer<String> warnings;
    private final Set<String> told = ConcurrentHashMap.newKeySet();

    ApiNotices(final Consumer<String> warnings) {
        this.warnings = warnings;
    }

    void check(final OttimateRequest request, final Transport.Answer headers) {
        final Optional<String> deprecation = headers.header("Deprecation");
        final Optional<String> sunset = headers.header("Sunset");
        if (deprecation.isEmpty() && sunset.isEmpty()) {
            return;
        }
        final String endpoint = request.method() + " " + request.template();
        final String notice = endpoint + "|" + deprecation.orElse("") + "|" + sunset.orElse("");
        if (told.size() >= MAX_REMEMBERED || !told.add(notice)) {
            return;
        }
        final StringBuilder message = new StringBuilder("Ottimate marks ").append(endpoint).append(" as ");
        message.append(deprecation.isPresent() ? "deprecated (Deprecation: " + deprecation.get() + ")" : "going away");
        sunset.ifPresent(date -> message.append("; it stops working after ").append(date).append(" (Sunset)"));
        headers.headers("Link").stream().filter(link -> link.contains("deprecation") || link.contains("sunset")).findFirst()
                .ifPresent(link -> message.append("; see ").append(link));
        message.append(". Plan the change before then: a newer bundle version, or another endpoint.");
        warnings.accept(message.toString());
    }
}
