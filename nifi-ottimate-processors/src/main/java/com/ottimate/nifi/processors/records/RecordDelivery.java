/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.records;

import com.ottimate.nifi.client.model.ApiError;
import com.ottimate.nifi.client.model.OttimateResult;
import com.ottimate.nifi.processors.async.PendingWork;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.RecordSetWriterFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * How every processor that writes records to Ottimate delivers a flowfile: read the records in batches (skipping those
 * an earlier pass settled), send each batch, and give every record exactly one outcome. A batch answered at once gets
 * its outcome at once; a batch the API takes as an asynchronous job (202 + batch id) is followed through
 * {@link PendingWork} on the 'pending' loop, and its records get their outcome from the job's results.
 */
public final class RecordDelivery {

    /** Sends one batch: gives its records their outcome, or answers the id of the asynchronous job that will. */
    @FunctionalInterface
    public interface Sender {
        Optional<String> send(RecordBatches.Batch batch, RecordOutcomes outcomes) throws IOException;
    }

    /** Gives the records of a batch whose job is done the outcome its results say. */
    @FunctionalInterface
    public interface Results {
        void read(RecordBatches.Batch batch, PendingWork.Job job, RecordOutcomes outcomes) throws IOException;
    }

    /** Where it all goes, and what it reads and writes with. */
    public record Setup(ProcessSession session, FlowFile flowFile, RecordReaderFactory readers, RecordSetWriterFactory writers, ComponentLog logger,
                        RecordOutcomes.Routes routes, Relationship pending, String transitUri, LongSupplier clock) {
    }

    private RecordDelivery() {
    }

    /** First pass (or a pass back from 'retry'): sends every unsettled batch. Answers the record counts. */
    public static Map<RecordOutcomes.Outcome, Integer> submit(final Setup setup, final int batchSize, final Sender sender) throws IOException {
        return submit(setup, batchSize, RecordBatches.Cut.every(batchSize), sender);
    }

    /** The same with batches cut by {@code cuts} (of at most {@code batchSize} objects, as the pending loop reports them). */
    public static Map<RecordOutcomes.Outcome, Integer> submit(final Setup setup, final int batchSize, final Supplier<RecordBatches.Cut> cuts,
                                                             final Sender sender) throws IOException {
        final RecordOutcomes outcomes = new RecordOutcomes(setup.session(), setup.flowFile(), setup.writers(), setup.logger());
        final PendingWork[] work = {PendingWork.start(setup.clock().getAsLong(), batchSize)};
        try {
            RecordBatches.forEach(setup.session(), setup.flowFile(), setup.readers(), setup.logger(), cuts, outcomes.settled(), batch -> {
                if (outcomes.halted()) {
                    // a write of this pass went unanswered: the rest waits with the flowfile, unsent
                    for (final int position : batch.positions()) {
                        outcomes.retry(position, "not_sent", "Not sent: a write before it went unanswered, so the API is in trouble; it is "
                                + "sent when the flowfile comes back from retry");
                    }
                    return;
                }
                final Optional<String> job = sender.send(batch, outcomes);
                job.ifPresent(id -> work[0] = work[0].with(new PendingWork.Job(batch.number(), id, false)));
            });
        } catch (final RecordBatches.Unreadable e) {
            return outcomes.completeUnreadable(setup.routes(), setup.transitUri(), e.getMessage());
        } catch (final IOException | RuntimeException e) {
            outcomes.close();
            throw e;
        }
        if (work[0].isEmpty()) {
            return outcomes.complete(setup.routes(), setup.transitUri());
        }
        outcomes.park(setup.routes(), setup.transitUri(), work[0], setup.pending());
        return Map.of();
    }

    /**
     * A pass back from 'pending': polls every unfinished job once; parks the flowfile again while they run, else gives
     * every record its outcome (records of a job that outlived {@code timeoutMillis}, or whose batch could not be
     * submitted, go to 'retry' and are submitted again, under the same keys, on the next pass).
     */
    public static Map<RecordOutcomes.Outcome, Integer> follow(final Setup setup, final PendingWork work, final PendingWork.Poller poller,
                                                             final long timeoutMillis, final Results results) throws IOException {
        return follow(setup, work, poller, timeoutMillis, results, false);
    }

    /**
     * As above; {@code keepUnsettledJobs}: a record of a job that was accepted but not seen to finish (timed out, or its
     * poll failed) is kept as one that may have been applied ({@link RecordOutcomes#mayHaveApplied}), for a writer whose
     * batch sent again can fail on what the first did (imports, on their spent upload_ids).
     */
    public static Map<RecordOutcomes.Outcome, Integer> follow(final Setup setup, final PendingWork work, final PendingWork.Poller poller,
                                                             final long timeoutMillis, final Results results, final boolean keepUnsettledJobs)
            throws IOException {
        return follow(setup, work, poller, timeoutMillis, results, keepUnsettledJobs, RecordBatches.Cut.every(Math.max(1, work.batchSize())));
    }

    /** As above, with the batches cut as {@link #submit(Setup, int, Supplier, Sender)} cut them. */
    public static Map<RecordOutcomes.Outcome, Integer> follow(final Setup setup, final PendingWork work, final PendingWork.Poller poller,
                                                             final long timeoutMillis, final Results results, final boolean keepUnsettledJobs,
                                                             final Supplier<RecordBatches.Cut> cuts) throws IOException {
        final PendingWork.PollOutcome polled = work.pollOnce(poller);
        final boolean timedOut = work.timedOut(setup.clock().getAsLong(), timeoutMillis);
        if (polled.failure() instanceof OttimateResult.Retryable && !timedOut) {
            // the poll itself met transient trouble: keep waiting
            work.park(setup.session(), setup.flowFile(), Map.of(), setup.pending());
            return Map.of();
        }
        final PendingWork now = polled.work() == null ? work : polled.work();
        if (polled.failure() == null && !now.allDone() && !timedOut) {
            now.park(setup.session(), setup.flowFile(), Map.of(), setup.pending());
            return Map.of();
        }
        final RecordOutcomes outcomes = new RecordOutcomes(setup.session(), setup.flowFile(), setup.writers(), setup.logger());
        try {
            RecordBatches.forEach(setup.session(), setup.flowFile(), setup.readers(), setup.logger(), cuts, outcomes.settled(), batch -> {
                        final Optional<PendingWork.Job> job = now.job(batch.number());
                        if (job.isPresent() && job.get().done()) {
                            results.read(batch, job.get(), outcomes);
                            return;
                        }
                        final ApiError why = job.isEmpty()
                                ? ApiError.local("not_submitted", "The batch could not be submitted on the previous pass")
                                : polled.failure() != null ? describe(polled.failure(), job.get())
                                : ApiError.local("batch_timeout", "Batch " + job.get().id() + " was still running when its timeout passed");
                        for (final int position : batch.positions()) {
                            if (keepUnsettledJobs && job.isPresent()) {
                                outcomes.mayHaveApplied(position, Instant.ofEpochMilli(now.since()));
                            }
                            outcomes.retry(position, why.code(), why.message());
                        }
                    });
        } catch (final RecordBatches.Unreadable e) {
            return outcomes.completeUnreadable(setup.routes(), setup.transitUri(), e.getMessage());
        } catch (final IOException | RuntimeException e) {
            outcomes.close();
            throw e;
        }
        return outcomes.complete(setup.routes(), setup.transitUri());
    }

    private static ApiError describe(final OttimateResult failure, final PendingWork.Job job) {
        final ApiError error = switch (failure) {
            case OttimateResult.Rejected rejected -> rejected.error();
            case OttimateResult.NotFound notFound -> notFound.error();
            case OttimateResult.Retryable retryable -> retryable.error();
            case OttimateResult.Success success -> ApiError.local("ok", "OK");
        };
        return new ApiError(error.code(), "Following batch " + job.id() + " failed (HTTP " + failure.status() + "): " + error.message(), error.requestId());
    }
}
