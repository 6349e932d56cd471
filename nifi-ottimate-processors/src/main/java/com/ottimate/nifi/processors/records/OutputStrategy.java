/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.records;

import com.ottimate.nifi.services.DescribedEnum;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.serialization.RecordSetWriterFactory;

/** How a reading processor emits what it read. */
public enum OutputStrategy implements DescribedEnum {
    RECORDS("Records", "All objects of one run in one flowfile, written with the Record Writer (record.count says how many)"),
    ONE_PER_OBJECT("One FlowFile per Object", "Each object as its own JSON flowfile, with its id in attributes");

    /** The Output Strategy property every reading processor shares. */
    public static final PropertyDescriptor PROPERTY = new PropertyDescriptor.Builder()
            .name("Output Strategy")
            .description("Records in one flowfile per run, or one JSON flowfile per object.")
            .required(true)
            .allowableValues(OutputStrategy.class)
            .defaultValue(RECORDS)
            .build();

    /** The Record Writer used with {@link #RECORDS}. */
    public static final PropertyDescriptor RECORD_WRITER = new PropertyDescriptor.Builder()
            .name("Record Writer")
            .description("Writes the objects (JSON, CSV, Avro …).")
            .required(true)
            .dependsOn(PROPERTY, RECORDS)
            .identifiesControllerService(RecordSetWriterFactory.class)
            .build();

    private final Label label;

    OutputStrategy(final String displayName, final String description) {
        this.label = new Label(displayName, description);
    }

    @Override
    public Label label() {
        return label;
    }
}
