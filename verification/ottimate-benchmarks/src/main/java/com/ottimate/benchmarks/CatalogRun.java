/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.benchmarks;

/** One price-book load through template 04 in the Stateless engine; {@code failure} is set when it did not finish. */
record CatalogRun(int rows, double seconds, long peakHeapMb, long liveHeapMb, long succeeded, long failed, long bulkCalls, String failure) {

    static CatalogRun failed(final int rows, final String failure) {
        return new CatalogRun(rows, 0, 0, 0, 0, 0, 0, failure);
    }

    double rowsPerSecond() {
        return rows / seconds;
    }

    /** ⌈rows / 1,000⌉: the batch size of template 04. */
    long expectedBulkCalls() {
        return (rows + 999) / 1000;
    }
}
