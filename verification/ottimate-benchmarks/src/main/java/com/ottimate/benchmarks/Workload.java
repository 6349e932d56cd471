/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.benchmarks;

/** The invoice create every contender sends. */
final class Workload {
    private Workload() {
    }

    static String invoice(final int i) {
        return "{\"ottimate_location_id\": 10, \"invoice_number\": \"BENCH-" + i + "\", \"erp_vendor_id\": \"V-7\", "
                + "\"invoice_date\": \"2026-11-02\", \"total_amount\": " + (100 + i % 900) + ".25, "
                + "\"items\": [{\"name\": \"Tomatoes\", \"quantity\": 10, \"price\": 12.55}]}";
    }
}
