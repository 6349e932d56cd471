/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.async;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.ottimate.nifi.client.model.OttimateRequest;
import com.ottimate.nifi.client.model.OttimateResult;
import com.ottimate.nifi.processors.resources.ApiResource;
import com.ottimate.nifi.processors.resources.ApiResource.Action;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The one way this bundle follows asynchronous work (import batches, catalog and master-data bulk calls, uploads being
 * extracted, any 202 answer of InvokeOttimateAPI) without holding a thread: the processor sends the work, writes the
 * job ids onto the flowfile ({@value #JOBS}), and routes it to its self-looped 'pending' relationship, penalized. Each
 * time the flowfile comes back after its penalty the processor polls every unfinished job once ({@link #pollOnce}),
 * and either parks it again or, once every job is done or {@code timeout} has passed, writes the results. The penalty
 * duration of the processor is the polling interval.
 */
public final class PendingWork {
    public static final String JOBS = "ottimate.pending.jobs";
    public static final String SINCE = "ottimate.pending.since";
    public static final String POLLS = "ottimate.pending.polls";
    /** Records per batch when the work was submitted, so the results map back to the same records. */
    public static final String BATCH_SIZE = "ottimate.pending.batch.size";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One job: which batch of the flowfile's records it covers (-1 when it covers the whole flowfile), its id, and whether it is done. */
    public record Job(int batch, String id, boolean done) {
    }

    /** What a poll of one job found. */
    public enum State { RUNNING, DONE }

    /** Polls one job once: RUNNING or DONE, or the answer that was not successful. */
    @FunctionalInterface
    public interface Poller {
        Polled poll(Job job);
    }

    /** The state of a job, or the unsuccessful answer of its poll ({@code failure} non-null). */
    public record Polled(State state, OttimateResult failure) {
        public static Polled running() {
            return new Polled(State.RUNNING, null);
        }

        public static Polled done() {
            return new Polled(State.DONE, null);
        }

        public static Polled failed(final OttimateResult result) {
            return new Polled(null, result);
        }
    }

    private final List<Job> jobs;
    private final long since;
    private final int polls;
    private final int batchSize;

    private PendingWork(final List<Job> jobs, final long since, final int polls, final int batchSize) {
        this.jobs = List.copyOf(jobs);
        this.since = since;
        this.polls = polls;
        this.batchSize = batchSize;
    }

    /** Work started now, with no job yet; {@code batchSize} records per job (0 when a job covers the whole flowfile). */
    public static PendingWork start(final long nowMillis, final int batchSize) {
        return new PendingWork(List.of(), nowMillis, 0, batchSize);
    }

    /** The work a flowfile is waiting for, if it is waiting. */
    public static Optional<PendingWork> of(final FlowFile flowFile) {
        final String jobs = flowFile.getAttribute(JOBS);
        if (jobs == null || jobs.isBlank()) {
            return Optional.empty();
        }
        final List<Job> parsed = new ArrayList<>();
        try {
            for (final JsonNode job : JSON.readTree(jobs)) {
                parsed.add(new Job(job.path("batch").asInt(-1), job.path("id").asText(), job.path("done").asBoolean()));
            }
        } catch (final IOException e) {
            return Optional.empty();
        }
        return Optional.of(new PendingWork(parsed, parseLong(flowFile.getAttribute(SINCE)), (int) parseLong(flowFile.getAttribute(POLLS)),
                (int) parseLong(flowFile.getAttribute(BATCH_SIZE))));
    }

    public PendingWork with(final Job job) {
        final List<Job> more = new ArrayList<>(jobs);
        more.add(job);
        return new PendingWork(more, since, polls, batchSize);
    }

    public List<Job> jobs() {
        return jobs;
    }

    public int batchSize() {
        return batchSize;
    }

    /** When the work was submitted (epoch millis). */
    public long since() {
        return since;
    }

    public boolean isEmpty() {
        return jobs.isEmpty();
    }

    public boolean allDone() {
        return jobs.stream().allMatch(Job::done);
    }

    /** The job covering batch {@code batch} of the records, if one was submitted for it. */
    public Optional<Job> job(final int batch) {
        return jobs.stream().filter(job -> job.batch() == batch).findFirst();
    }

    public boolean timedOut(final long nowMillis, final long timeoutMillis) {
        return nowMillis - since > timeoutMillis;
    }

    /**
     * Polls every unfinished job once. Answers the work with what the polls found, or the first unsuccessful answer
     * (the flowfile then goes to retry or failure and comes back to poll again).
     */
    public PollOutcome pollOnce(final Poller poller) {
        final List<Job> polled = new ArrayList<>();
        for (final Job job : jobs) {
            if (job.done()) {
                polled.add(job);
                continue;
            }
            final Polled state = poller.poll(job);
            if (state.failure() != null) {
                return new PollOutcome(null, state.failure());
            }
            polled.add(new Job(job.batch(), job.id(), state.state() == State.DONE));
        }
        return new PollOutcome(new PendingWork(polled, since, polls + 1, batchSize), null);
    }

    /** The work after a poll, or the answer that stopped it. */
    public record PollOutcome(PendingWork work, OttimateResult failure) {
    }

    /** Writes the jobs onto the flowfile, penalizes it and routes it to {@code pending}. */
    public void park(final ProcessSession session, final FlowFile flowFile, final Map<String, String> extra, final Relationship pending) {
        final Map<String, String> attributes = new HashMap<>(extra);
        attributes.putAll(attributes());
        session.transfer(session.penalize(session.putAllAttributes(flowFile, attributes)), pending);
    }

    public Map<String, String> attributes() {
        final ArrayNode list = JSON.createArrayNode();
        jobs.forEach(job -> list.addObject().put("batch", job.batch()).put("id", job.id()).put("done", job.done()));
        return Map.of(JOBS, list.toString(), SINCE, Long.toString(since), POLLS, Integer.toString(polls), BATCH_SIZE, Integer.toString(batchSize));
    }

    /** The attributes of waiting work, removed once the results are written. */
    public static Set<String> attributeNames() {
        return Set.of(JOBS, SINCE, POLLS, BATCH_SIZE);
    }

    /** Polls an asynchronous bulk batch: {@code GET /batch/{id}/progress}. */
    public static Poller batches(final Function<OttimateRequest, OttimateResult> executor) {
        return job -> {
            final OttimateResult progress = executor.apply(OttimateRequest.get(ApiResource.BATCHES.action(job.id(), Action.PROGRESS)).build());
            if (!(progress instanceof OttimateResult.Success success)) {
                return Polled.failed(progress);
            }
            return "completed".equalsIgnoreCase(success.body().path("status").asText()) ? Polled.done() : Polled.running();
        };
    }

    /** The per-task results of a completed batch: {@code GET /batch/{id}/results}. */
    public static OttimateResult batchResults(final Function<OttimateRequest, OttimateResult> executor, final String batchId) {
        return executor.apply(OttimateRequest.get(ApiResource.BATCHES.action(batchId, Action.RESULTS)).build());
    }

    /** The tasks of a results answer (or of a synchronous 201/207 answer), as the answer lists them. */
    public static List<JsonNode> tasks(final JsonNode body) {
        final List<JsonNode> tasks = new ArrayList<>();
        body.path("results").forEach(tasks::add);
        return tasks;
    }

    /**
     * The task of each object sent, in the order sent: by its task number; where the results carry none (the order they
     * finished in is not the order sent), by the value of {@code keyField} each object sent ({@code keys}), read back
     * exactly. An object no result can be proven to be gets a failed task saying so, never a neighbour's result.
     */
    public static List<JsonNode> aligned(final List<JsonNode> tasks, final List<String> keys, final String keyField) {
        final List<JsonNode> aligned = new ArrayList<>();
        if (!tasks.isEmpty() && tasks.stream().allMatch(task -> task.path("task").canConvertToInt())) {
            final Map<Integer, JsonNode> byNumber = new HashMap<>();
            tasks.forEach(task -> byNumber.put(task.get("task").asInt(), task));
            for (int i = 0; i < keys.size(); i++) {
                aligned.add(byNumber.get(i));
            }
            return aligned;
        }
        if (tasks.size() == 1 && keys.size() == 1) {
            return List.of(tasks.getFirst());
        }
        final Map<String, JsonNode> byKey = new HashMap<>();
        final List<String> failures = new ArrayList<>();
        for (final JsonNode task : tasks) {
            final JsonNode stored = task.get("result");
            if (stored != null && !stored.isNull() && keyField != null && stored.hasNonNull(keyField)) {
                byKey.put(stored.get(keyField).asText(), task);
            } else if (stored == null || stored.isNull()) {
                failures.add(task.path("message").asText("failed"));
            }
        }
        for (final String key : keys) {
            final JsonNode task = key == null ? null : byKey.get(key);
            aligned.add(task != null ? task : unmatched(key == null ? "The batch's results carry no task numbers, and this record no "
                    + (keyField == null ? "key" : keyField) + " to tell its result by; check in Ottimate"
                    : "No result of the batch reads back " + keyField + " '" + key + "'" + (failures.isEmpty() ? "" : "; the batch's failed "
                    + "tasks said: " + String.join("; ", failures.subList(0, Math.min(3, failures.size()))))));
        }
        return aligned;
    }

    private static JsonNode unmatched(final String message) {
        return JSON.createObjectNode().putNull("result").put("message", message);
    }

    private static long parseLong(final String value) {
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (final NumberFormatException e) {
            return 0;
        }
    }
}
