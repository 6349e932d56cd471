/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Heap peaks (sampled every 5 ms) and latency percentiles. */
final class Measure {
    private static final AtomicLong PEAK = new AtomicLong();

    static {
        final Thread sampler = new Thread(() -> {
            while (true) {
                final Runtime runtime = Runtime.getRuntime();
                PEAK.accumulateAndGet(runtime.totalMemory() - runtime.freeMemory(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (final InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private Measure() {
    }

    static void resetHeapPeak() {
        System.gc();
        final Runtime runtime = Runtime.getRuntime();
        PEAK.set(runtime.totalMemory() - runtime.freeMemory());
    }

    /** Largest heap in use (live and not yet collected) since the last reset, in MB. */
    static long heapPeakMb() {
        return PEAK.get() / (1024 * 1024);
    }

    static double percentile(final List<Double> values, final double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        final double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
