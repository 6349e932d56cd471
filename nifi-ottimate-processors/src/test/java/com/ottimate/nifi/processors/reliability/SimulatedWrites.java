/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ottimate.emulator.Fault;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.OttimateAttributes;
import com.ottimate.nifi.processors.records.RecordOutcomes;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/** What every write history shares: the passes that loop 'retry' back, and the verdict on each intended write. */
final class SimulatedWrites {
    static final int MAX_PASSES = 20;
    /** The flowfile attribute that numbers a history's intended writes. */
    static final String WRITE = "simulation.write";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SimulatedWrites() {
    }

    /** How one intended write ended: its error code and message (null on success), what its success names, and whether it was proven. */
    record Ending(String code, String message, String named, boolean replayed) {
        /** A flowfile's ending; {@code named} is the object its success names. */
        static Ending of(final MockFlowFile flowFile, final String named) {
            return new Ending(flowFile.getAttribute(OttimateAttributes.ERROR_CODE), flowFile.getAttribute(OttimateAttributes.ERROR_MESSAGE), named,
                    "true".equals(flowFile.getAttribute(OttimateAttributes.REPLAYED)));
        }
    }

    /**
     * The endings of the records in {@code sets} (record sets of success and failure), by the value of {@code nameField}
     * that names each intended write; {@code proven} tells from a record whether its write was proven after an unanswered
     * attempt (a record set does not say so for most writers).
     */
    static Map<String, List<Ending>> recordEndings(final List<MockFlowFile> sets, final String nameField,
                                                   final Predicate<JsonNode> proven) throws IOException {
        final Map<String, List<Ending>> ends = new HashMap<>();
        for (final MockFlowFile set : sets) {
            for (final JsonNode record : MAPPER.readTree(set.toByteArray())) {
                final String code = record.path(RecordOutcomes.ERROR_CODE).asText("");
                ends.computeIfAbsent(record.path(nameField).asText(), k -> new ArrayList<>()).add(new Ending(code.isEmpty() ? null : code,
                        record.path(RecordOutcomes.ERROR_MESSAGE).asText(), record.path(RecordOutcomes.ID).asText(), proven.test(record)));
            }
        }
        return ends;
    }

    /** Starts listing history {@code seed}: an empty API, an empty runner and state, the history counted; answers its generator. */
    static Random beginListing(final long seed, final OttimateEmulator emulator, final TestRunner runner, final SimulationFigures figures)
            throws IOException {
        emulator.reset();
        runner.clearTransferState();
        runner.getStateManager().clear(Scope.CLUSTER);
        figures.histories++;
        return new Random(seed);
    }

    /** Starts history {@code seed}: an empty API, an empty runner, the history counted; answers its generator. */
    static Random begin(final long seed, final OttimateEmulator emulator, final TestRunner runner, final boolean keysIgnored,
                        final SimulationFigures figures) {
        emulator.reset();
        runner.clearTransferState();
        figures.histories++;
        if (keysIgnored) {
            figures.ignoredKeyHistories++;
        }
        return new Random(seed);
    }

    /**
     * The one ending (a flowfile, or what it said) intended write {@code what} had; empty, with a violation, when it did not end (lost) or
     * (also a violation, but judged on) when it ended more than once.
     */
    static <T> Optional<T> onlyEnding(final SimulationFigures figures, final long seed, final String what, final List<T> endings) {
        if (endings.size() != 1) {
            figures.violation(seed, what + " ended " + endings.size() + " times");
            if (endings.isEmpty()) {
                figures.lost++;
                return Optional.empty();
            }
        }
        return Optional.of(endings.getFirst());
    }

    /**
     * Up to six faults for the next requests under {@code path}: refused before it is applied (503, 500, 429), the
     * connection closed before an answer (not applied), applied with the answer cut short, applied 1 to 29 s (on the
     * API's clock) after the connection closed without an answer, or, where the API honours Idempotency-Key, delivered
     * twice (a network sending it again; the client sees the second answer). Where the key is ignored a request
     * delivered twice is created twice, and no client could tell: that fault is left out there. With several paths, each
     * fault meets one of them.
     */
    static void planFaults(final Random random, final OttimateEmulator emulator, final boolean keysIgnored, final SimulationFigures figures,
                           final String... paths) {
        planFaults(random, emulator, keysIgnored, figures, fault -> fault, paths);
    }

    /** As above, each fault narrowed by {@code narrow} (e.g. to the writes' method). */
    static void planFaults(final Random random, final OttimateEmulator emulator, final boolean keysIgnored, final SimulationFigures figures,
                           final UnaryOperator<Fault> narrow, final String... paths) {
        final int planned = random.nextInt(7);
        for (int i = 0; i < planned; i++) {
            final int draw = random.nextInt(100);
            final Fault fault;
            final String kind;
            if (draw < 30) {
                fault = Fault.delay(Duration.ZERO);
                kind = null;
            } else if (draw < 42) {
                fault = Fault.status(503);
                kind = "refused (503)";
            } else if (draw < 50) {
                fault = Fault.status(500);
                kind = "refused (500)";
            } else if (draw < 55) {
                fault = Fault.tooManyRequests(Duration.ofSeconds(1));
                kind = "throttled (429)";
            } else if (draw < 68) {
                fault = Fault.drop();
                kind = "connection closed, not applied";
            } else if (draw < 88) {
                fault = Fault.truncate();
                kind = "applied, answer lost";
            } else if (draw < 96 || keysIgnored) {
                fault = Fault.applyLate(Duration.ofSeconds(1 + random.nextInt(29)));
                kind = "applied 1-29 s after the connection closed unanswered";
            } else {
                fault = Fault.deliveredTwice();
                kind = "delivered twice";
            }
            emulator.faults().next(1, narrow.apply(fault.on(paths.length == 1 ? paths[0] : paths[random.nextInt(paths.length)])));
            if (kind != null) {
                figures.fault(kind);
            }
        }
    }

    /**
     * Runs the queue pass after pass, the processor stopped and started each time: what goes to 'retry' or 'pending' is queued again
     * after the clock moved 0 to 45 s (before or after the settle time), and the faults stop half-way so every history
     * can end. At the end the API's clock moves past the longest late apply and every queued batch runs, so every write
     * still under way lands before the store is judged. Answers what went to success and failure over all passes; empty, with a violation, when
     * something is still on 'retry' after {@link #MAX_PASSES}.
     */
    static Optional<List<MockFlowFile>> passes(final long seed, final TestRunner runner, final OttimateEmulator emulator, final Random random,
                                               final SimulationFigures figures) {
        final List<MockFlowFile> ended = new ArrayList<>();
        for (int pass = 0; pass < MAX_PASSES && runner.getQueueSize().getObjectCount() > 0; pass++) {
            runner.run(runner.getQueueSize().getObjectCount(), true, true);
            ended.addAll(runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS));
            ended.addAll(runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_FAILURE));
            // what waits on 'retry' or 'pending' loops back, as the templates connect them
            final List<MockFlowFile> retry = new ArrayList<>(runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_RETRY));
            final List<MockFlowFile> pending = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_PENDING);
            figures.pendingLoops += pending.size();
            retry.addAll(pending);
            runner.clearTransferState();
            // the API's clock is the connection service's too: both agree what "since the first attempt" means
            emulator.clock().advance(Duration.ofSeconds(random.nextInt(46)));
            retry.forEach(runner::enqueue);
            if (pass == MAX_PASSES / 2) {
                emulator.faults().clear();
            }
        }
        emulator.clock().advance(Duration.ofSeconds(30));
        emulator.applyDue();
        // and the batches nobody followed (their answer was lost) run, as the API runs them anyway
        emulator.batches().runAll();
        if (runner.getQueueSize().getObjectCount() > 0) {
            figures.lost++;
            figures.violation(seed, runner.getQueueSize().getObjectCount() + " flowfile(s) still on retry after " + MAX_PASSES + " passes");
            return Optional.empty();
        }
        return Optional.of(ended);
    }

    /** The flowfiles that ended, by the number of the intended write they carry. */
    static Map<Integer, List<MockFlowFile>> byWrite(final List<MockFlowFile> ended) {
        final Map<Integer, List<MockFlowFile>> byWrite = new HashMap<>();
        ended.forEach(done -> byWrite.computeIfAbsent(Integer.parseInt(done.getAttribute(WRITE)), k -> new ArrayList<>()).add(done));
        return byWrite;
    }

    /**
     * Judges intended write {@code what}: it ended exactly once; it exists at most once ({@code stored}: the ids of the
     * objects that are it); on failure only with unconfirmed_write; on success it exists and its success names it
     * ({@code names}: whether a stored id is what the success named).
     */
    static void judge(final SimulationFigures figures, final long seed, final String what, final List<Ending> ends, final List<String> stored,
                      final BiPredicate<String, String> names) {
        final Optional<Ending> ending = onlyEnding(figures, seed, what, ends);
        if (ending.isEmpty()) {
            return;
        }
        if (stored.size() > 1) {
            figures.duplicated++;
            figures.violation(seed, what + " exists " + stored.size() + " times");
            return;
        }
        final Ending end = ending.get();
        if (end.code() != null) {
            if ("unconfirmed_write".equals(end.code())) {
                figures.unconfirmed++;
            } else {
                figures.lost++;
                figures.violation(seed, what + " failed with " + end.code() + ": " + end.message());
            }
            return;
        }
        if (stored.isEmpty()) {
            figures.lost++;
            figures.violation(seed, what + " on success (" + end.named() + ") but not stored");
        } else if (!names.test(stored.getFirst(), end.named())) {
            figures.unproven++;
            figures.violation(seed, what + " settled as " + end.named() + ", which is not it (" + stored + ")");
        } else if (end.replayed()) {
            figures.replayed++;
        } else {
            figures.created++;
        }
    }
}
