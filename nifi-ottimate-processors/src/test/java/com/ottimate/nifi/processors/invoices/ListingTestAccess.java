/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.invoices;

import java.time.Clock;

/** For tests in other packages: what the invoice processors keep package-private. */
public final class ListingTestAccess {
    private ListingTestAccess() {
    }

    /** The invoice listing on a clock of the test's. */
    public static ListOttimateInvoices invoices(final Clock clock) {
        return new ListOttimateInvoices(clock);
    }

    /** The name an upload of {@code filename} is sent under with Unique File Name, for its Idempotency Key {@code key}. */
    public static String taggedFileName(final String filename, final String key) {
        return UploadLookup.tagged(filename, key);
    }

    /** The attribute a successful upload names its upload (or its invoice, once extracted) by. */
    public static final String UPLOAD_REFERENCE_ID = UploadOttimateInvoiceFile.REFERENCE_ID;
}
