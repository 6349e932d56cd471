package com.ottimate.nifi.processors.records;

import com.ottimate.nifi.services.Choice;

/** How a reading processor emits what it read. */
public enum OutputStrategy implements Choice {
    RECORDS("Records", "All objects of one run in one flowfile, written with the Record Writer (record.count says how many)"),
    ONE_PER_OBJECT("One FlowFile per Object", "Each object as its own JSON flowfile, with its id in attributes");

    private final Label label;

    OutputStrategy(final String displayName, final String description) {
        this.label = new Label(displayName, description);
    }

    @Override
    public Label label() {
        return label;
    }
}
