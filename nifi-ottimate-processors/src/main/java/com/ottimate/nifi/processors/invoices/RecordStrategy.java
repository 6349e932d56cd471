/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.invoices;

import com.ottimate.nifi.services.DescribedEnum;

/** How PutOttimateInvoice sends records. */
public enum RecordStrategy implements DescribedEnum {
    PER_RECORD("One Request per Record", "POST (create) or PATCH (update) each record; results are known at once"),
    IMPORT("Import in Batches", "POST /v1/invoices/import up to 100 records at a time and follow the batch to its results; "
            + "creates only, each record needs (or is given) a unique upload_id");

    private final Label label;

    RecordStrategy(final String displayName, final String description) {
        this.label = new Label(displayName, description);
    }

    @Override
    public Label label() {
        return label;
    }
}
