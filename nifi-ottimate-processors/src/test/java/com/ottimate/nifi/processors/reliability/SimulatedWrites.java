package com.ottimate.nifi.processors.reliability;

import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.OttimateAttributes;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.BiPredicate;

/** What every write history shares: the passes that loop 'retry' back, and the verdict on each intended write. */
final class SimulatedWrites {
    static final int MAX_PASSES = 20;
    /** The flowfile attribute that numbers a history's intended writes. */
    static final String WRITE = "simulation.write";

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
     * Runs the queue pass after pass, the processor stopped and started each time: what goes to 'retry' is queued again
     * after the clock moved 0 to 45 s (before or after the settle time), a request applied late lands before time moves
     * on, and the faults stop half-way so every history can end. Answers what went to success and failure over all
     * passes; empty, with a violation, when something is still on 'retry' after {@link #MAX_PASSES}.
     */
    static Optional<List<MockFlowFile>> passes(final long seed, final TestRunner runner, final OttimateEmulator emulator, final Random random,
                                               final boolean lateFault, final SimulationFigures figures) throws InterruptedException {
        boolean late = lateFault;
        final List<MockFlowFile> ended = new ArrayList<>();
        for (int pass = 0; pass < MAX_PASSES && runner.getQueueSize().getObjectCount() > 0; pass++) {
            runner.run(runner.getQueueSize().getObjectCount(), true, true);
            ended.addAll(runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS));
            ended.addAll(runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_FAILURE));
            final List<MockFlowFile> retry = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_RETRY);
            runner.clearTransferState();
            if (late) {
                // a request the client gave up on is still applied: the model lets it land before time moves on (the client
                // waited REQUEST_TIMEOUT of the LATE already)
                Thread.sleep(InvoiceCreateHistory.LATE.minus(InvoiceCreateHistory.REQUEST_TIMEOUT).toMillis() + 100);
                late = false;
            }
            // the API's clock is the connection service's too: both agree what "since the first attempt" means
            emulator.clock().advance(Duration.ofSeconds(random.nextInt(46)));
            retry.forEach(runner::enqueue);
            if (pass == MAX_PASSES / 2) {
                emulator.faults().clear();
            }
        }
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
        if (ends.size() != 1) {
            figures.violation(seed, what + " ended " + ends.size() + " times");
            if (ends.isEmpty()) {
                figures.lost++;
                return;
            }
        }
        if (stored.size() > 1) {
            figures.duplicated++;
            figures.violation(seed, what + " exists " + stored.size() + " times");
            return;
        }
        final Ending end = ends.getFirst();
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
