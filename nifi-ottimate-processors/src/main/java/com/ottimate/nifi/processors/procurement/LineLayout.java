/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.procurement;

import com.ottimate.nifi.services.DescribedEnum;

/** Where the lines of an order or receipt are in the records read. */
public enum LineLayout implements DescribedEnum {
    NESTED("Nested Items", "One record per order or receipt, its lines in an 'items' array of records (JSON, Avro; a flowfile "
            + "holding one JSON object is one record)"),
    ROW_PER_LINE("One Row per Line", "One record per line, as ERP extracts are: consecutive rows with the same external_id are one order "
            + "or receipt; columns starting with the Line Field Prefix are the line's, the others the header's (from its first row)");

    private final Label label;

    LineLayout(final String displayName, final String description) {
        this.label = new Label(displayName, description);
    }

    @Override
    public Label label() {
        return label;
    }
}
