/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.masterdata;

import java.time.Clock;

/** For tests in other packages: the vendor listing on a clock of their own (its constructor is package-private). */
public final class MasterDataTestAccess {
    private MasterDataTestAccess() {
    }

    public static ListOttimateVendors vendorListing(final Clock clock) {
        return new ListOttimateVendors(clock);
    }
}
