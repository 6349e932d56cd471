/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the simulation saw: histories, faults injected by kind, outcomes, and the violations with the seed of each. */
final class SimulationFigures {
    /** What the colliding writes share with other objects, for the figures. */
    String collision = "an invoice number another invoice of the location has";
    int histories;
    int writes;
    int collidingWrites;
    int ignoredKeyHistories;
    int referenceHistories;
    int identicalWrites;
    int created;
    int replayed;
    int unconfirmed;
    int lost;
    int duplicated;
    int unproven;
    int versionsListed;
    int listingRuns;
    int cappedRuns;
    /** Snapshot runs that emitted nothing because their pages shifted while read (listed again by the next run). */
    int unstableRuns;
    int listingRequests;
    /** Writes that state-idempotent calls applied again where Idempotency-Key was ignored (marks): the state is the same. */
    int markedAgain;
    /** Histories whose last field set was overwritten by an earlier one that came back from retry or was applied late. */
    int overwrittenByEarlier;
    /** Flowfiles that came back from 'pending' (a batch followed) in the passes. */
    int pendingLoops;
    final Map<String, Integer> faults = new TreeMap<>();
    final List<String> violations = new ArrayList<>();

    void fault(final String kind) {
        faults.merge(kind, 1, Integer::sum);
    }

    int faultsInjected() {
        return faults.values().stream().mapToInt(Integer::intValue).sum();
    }

    void violation(final long seed, final String what) {
        violations.add("seed " + seed + ": " + what);
    }

    String render(final String title, final long firstSeed, final long elapsedMillis) {
        final StringBuilder text = new StringBuilder();
        text.append("| ").append(title).append(" | |\n|---|---|\n");
        text.append("| histories (seeds ").append(firstSeed).append("…").append(firstSeed + histories - 1).append(") | ").append(histories).append(" |\n");
        if (writes > 0) {
            text.append("| intended writes | ").append(writes).append(" (").append(collidingWrites * 100 / writes)
                    .append(" % with ").append(collision).append(") |\n");
            text.append("| histories where Idempotency-Key was ignored | ").append(ignoredKeyHistories).append(" |\n");
            if (referenceHistories > 0) {
                text.append("| histories proving creates by a reference custom field | ").append(referenceHistories).append(" (")
                        .append(identicalWrites).append(" sending one invoice twice, alike in every field) |\n");
            }
        }
        text.append("| faults injected | ").append(faultsInjected()).append(" ").append(faults).append(" |\n");
        if (pendingLoops > 0) {
            text.append("| flowfiles looped back from pending (batches followed) | ").append(pendingLoops).append(" |\n");
        }
        if (writes > 0) {
            text.append("| on success, created by the write | ").append(created).append(" |\n");
            text.append("| on success, found after an unanswered attempt (proven) | ").append(replayed).append(" |\n");
            if (overwrittenByEarlier > 0) {
                text.append("| histories where an earlier field set, back from retry or applied late, overwrote a later one (order, "
                        + "not loss or duplication) | ").append(overwrittenByEarlier).append(" |\n");
            }
            if (markedAgain > 0) {
                text.append("| on success, a batch marked again where Idempotency-Key was ignored (same state, one more history event) | ")
                        .append(markedAgain).append(" |\n");
            }
            text.append("| on failure with unconfirmed_write | ").append(unconfirmed).append(" |\n");
            text.append("| lost | ").append(lost).append(" |\n");
            text.append("| duplicated | ").append(duplicated).append(" |\n");
            text.append("| settled without proof | ").append(unproven).append(" |\n");
        } else {
            text.append("| listing runs | ").append(listingRuns).append(" (").append(cappedRuns).append(" ended at Max Requests per Run")
                    .append(unstableRuns > 0 ? ", " + unstableRuns + " read again because their pages shifted" : "").append(") |\n");
            text.append("| versions listed | ").append(versionsListed).append(" |\n");
            text.append("| list requests | ").append(listingRequests).append(" |\n");
            text.append("| versions missed or listed twice | ").append(lost + duplicated).append(" |\n");
        }
        text.append("| wall time | ").append(elapsedMillis / 1000).append(" s |\n");
        return text.toString();
    }
}
