/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.invoices;

import com.ottimate.nifi.services.DescribedEnum;

/** What a PutOttimateInvoice flowfile holds on 'success' (JSON Object input). */
public enum SuccessContent implements DescribedEnum {
    CREATED_INVOICE("Invoice as Answered", "The invoice as Ottimate answered it, with its id, status and the fields it computed "
            + "(written as new content)"),
    ORIGINAL("Original Content", "The content as it came, unchanged (nothing is written: cheaper); the invoice's id and the call's "
            + "outcome are in attributes");

    private final Label label;

    SuccessContent(final String displayName, final String description) {
        this.label = new Label(displayName, description);
    }

    @Override
    public Label label() {
        return label;
    }
}
