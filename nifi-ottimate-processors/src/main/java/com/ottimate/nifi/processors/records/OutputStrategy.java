package com.ottimate.nifi.processors.records;

import org.apache.nifi.components.DescribedValue;

/** How a reading processor emits what it read. */
public enum OutputStrategy implements DescribedValue {
    RECORDS("Records", "All objects of one run in one flowfile, written with the Record Writer (record.count says how many)"),
    ONE_PER_OBJECT("One FlowFile per Object", "Each object as its own JSON flowfile, with its id in attributes");

    private final String displayName;
    private final String description;

    OutputStrategy(final String displayName, final String description) {
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
