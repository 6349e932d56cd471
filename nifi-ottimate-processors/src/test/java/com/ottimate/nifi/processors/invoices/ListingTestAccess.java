package com.ottimate.nifi.processors.invoices;

import java.time.Clock;

/** For tests in other packages: the invoice listing on a clock of their own (its constructor is package-private). */
public final class ListingTestAccess {
    private ListingTestAccess() {
    }

    public static ListOttimateInvoices invoices(final Clock clock) {
        return new ListOttimateInvoices(clock);
    }
}
