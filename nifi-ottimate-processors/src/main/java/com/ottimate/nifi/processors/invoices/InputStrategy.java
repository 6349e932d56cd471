/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.invoices;

import com.ottimate.nifi.services.DescribedEnum;

/** What PutOttimateInvoice reads from a flowfile. */
public enum InputStrategy implements DescribedEnum {
    JSON_OBJECT("JSON Object", "The content is one invoice as a JSON object"),
    RECORDS("Records", "The content holds many invoices, read with the Record Reader");

    private final Label label;

    InputStrategy(final String displayName, final String description) {
        this.label = new Label(displayName, description);
    }

    @Override
    public Label label() {
        return label;
    }
}
