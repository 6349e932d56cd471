/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.emulator;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Ways the real API may behave less kindly than the documented one (ottimate-api.md leaves each open). The emulator
 * follows the documentation by default; each profile turns one of these on, alone or together, from tests or from
 * the command line ({@code --profile newest-first,page-cap}).
 */
public enum EmulatorProfile {
    NEWEST_FIRST("every list newest-created first (the OpenAPI document says so for invoices only)"),
    PAGE_CAP("list pages hold at most " + EmulatorProfile.PAGE_CAP_SIZE + " objects whatever limit asks, and list answers carry no count"),
    STRICT_FIELDS("a field the endpoint does not know, in any request body, is refused (400 validation_error)"),
    IGNORES_IDEMPOTENCY_KEY("Idempotency-Key is ignored: a create sent twice creates twice (the header is beta in production)"),
    CATALOG_CREATES_INSERT("a catalog entry created one at a time without catalog_unique_key is a new entry every time (the reference "
            + "promises an upsert on that key only)"),
    PATCH_CONFLICTS("the first PATCH of each invoice answers 412 (another writer changed it); lines without an id are added on every PATCH"),
    ASYNC_MASTER_DATA_BULK("vendor and dimension bulk calls answer 202 with a batch to follow, as catalog bulk calls do"),
    BULK_RESULTS_UNNUMBERED("batch results list the tasks in the order they finished (here: reversed), without their task numbers"),
    JSON_TOKEN("the token endpoint takes a JSON body only and answers 415 to a form"),
    SEPARATE_AUTH_HOST("tokens come from an auth host of their own (tokenUrl()) that does not check X-Api-Key; the API host has none"),
    TLS_DROPS("HTTPS, and every other new connection is dropped during the TLS handshake (a load balancer shedding)"),
    PROXY_BASIC("HTTPS at api.ottimate.test, reachable only through an HTTP proxy (proxy()) that wants Basic credentials on CONNECT"),
    HUGE_RESPONSES("one read in " + EmulatorProfile.HUGE_EVERY + " answers an endless body (padding that never ends)"),
    DEPRECATION_NOTICES("every answer carries Deprecation and Sunset headers");

    static final int PAGE_CAP_SIZE = 25;
    static final int HUGE_EVERY = 40;

    private final String description;

    EmulatorProfile(final String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** The command-line spelling: {@code newest-first}. */
    public String option() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** {@code newest-first,page-cap} (or {@code all}) as profiles. */
    public static Set<EmulatorProfile> parse(final String list) {
        if (list == null || list.isBlank()) {
            return EnumSet.noneOf(EmulatorProfile.class);
        }
        if (list.strip().equals("all")) {
            return EnumSet.allOf(EmulatorProfile.class);
        }
        return Arrays.stream(list.split(",")).map(String::strip).map(option -> Arrays.stream(values())
                .filter(p -> p.option().equals(option)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown profile '" + option + "'; known: "
                        + Arrays.stream(values()).map(EmulatorProfile::option).collect(Collectors.joining(", ")))))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(EmulatorProfile.class)));
    }
}
