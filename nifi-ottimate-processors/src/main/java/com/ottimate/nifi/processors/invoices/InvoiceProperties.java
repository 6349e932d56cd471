/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.invoices;

import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.processor.util.StandardValidators;

/** Properties several invoice processors share. */
final class InvoiceProperties {
    static final PropertyDescriptor INVOICE_ID = new PropertyDescriptor.Builder()
            .name("Invoice ID")
            .description("Id of the invoice to act on, usually from an attribute written by another Ottimate processor.")
            .required(true)
            .defaultValue("${ottimate.invoice.id}")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .build();

    private InvoiceProperties() {
    }
}
