package com.ottimate.nifi.processors.invoices;

import org.apache.nifi.components.DescribedValue;

/** What PutOttimateInvoice reads from a flowfile. */
public enum InputStrategy implements DescribedValue {
    JSON_OBJECT("JSON Object", "The content is one invoice as a JSON object"),
    RECORDS("Records", "The content holds many invoices, read with the Record Reader");

    private final String displayName;
    private final String description;

    InputStrategy(final String displayName, final String description) {
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
