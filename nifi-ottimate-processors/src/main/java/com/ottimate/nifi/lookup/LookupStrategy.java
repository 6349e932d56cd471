/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.lookup;

import com.ottimate.nifi.services.DescribedEnum;

/** Whether a lookup service holds the whole collection in memory or asks for each key. */
public enum LookupStrategy implements DescribedEnum {
    PRELOAD("Preload", "List the collection once per Cache Expiration (a few paged requests) and answer every lookup from memory. "
            + "Best for vendors, locations and dimensions, and for catalogs that fit in Cache Size."),
    PER_KEY("Per Key", "Ask the API for each key not yet cached (one request per distinct key). For catalogs too large to hold; "
            + "only for keys the API can filter on.");

    private final Label label;

    LookupStrategy(final String displayName, final String description) {
        this.label = new Label(displayName, description);
    }

    @Override
    public Label label() {
        return label;
    }
}
