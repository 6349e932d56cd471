/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.benchmarks;

/** What one contender did with one workload. */
record Run(String contender, int threads, int items, double seconds, long requests, long tokenRequests, long throttled,
           double p50Millis, double p99Millis, long peakHeapMb, int connections) {

    double perSecond() {
        return items / seconds;
    }

    double requestsPerItem() {
        return (double) requests / items;
    }
}
