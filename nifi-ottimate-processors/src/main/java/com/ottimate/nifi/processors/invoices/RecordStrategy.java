package com.ottimate.nifi.processors.invoices;

import org.apache.nifi.components.DescribedValue;

/** How PutOttimateInvoice sends records. */
public enum RecordStrategy implements DescribedValue {
    PER_RECORD("One Request per Record", "POST (create) or PATCH (update) each record; results are known at once"),
    IMPORT("Import in Batches", "POST /v1/invoices/import up to 100 records at a time and follow the batch to its results; "
            + "creates only, each record needs (or is given) a unique upload_id");

    private final String displayName;
    private final String description;

    RecordStrategy(final String displayName, final String description) {
        this.displayName = displayName;
        this.description = description;
    }

    @Override
    public String getValue() {
        return name();
    }

    @Override
    public String getDisplayName() {
        return displayName;
    }

    @Override
    public String getDescription() {
        return description;
    }
}
