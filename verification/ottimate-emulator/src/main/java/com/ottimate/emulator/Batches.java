/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Asynchronous bulk work: a bulk endpoint answers 202 with a batch id, and the tasks run when the client
 * polls {@code /batch/{id}/progress} (after a configurable number of polls, so clients must really follow). Batches run
 * in the order they were submitted, as a queue would run them: one whose id never reached the client (its answer was
 * lost) runs before any later one, so a batch sent again meets what the first did.
 */
public final class Batches {
    /** What one task produced: the stored object, or null and a message when it failed. */
    public record TaskResult(JsonNode result, String message) {
        public static TaskResult ok(final JsonNode result) {
            return new TaskResult(result, "success");
        }

        public static TaskResult failed(final String message) {
            return new TaskResult(null, message);
        }
    }

    private static final class Batch {
        final String id = "batch_" + UUID.randomUUID().toString().replace("-", "");
        final List<JsonNode> tasks;
        final Function<JsonNode, TaskResult> worker;
        final AtomicInteger polls = new AtomicInteger();
        volatile List<TaskResult> results;

        Batch(final List<JsonNode> tasks, final Function<JsonNode, TaskResult> worker) {
            this.tasks = tasks;
            this.worker = worker;
        }
    }

    private final Map<String, Batch> batches = new ConcurrentHashMap<>();
    /** Submission order, for running earlier batches first. */
    private final List<Batch> queue = new ArrayList<>();
    private volatile int pollsToComplete = 2;
    /** BULK_RESULTS_UNNUMBERED: results in reverse order (as tasks finished), without their task numbers. */
    private volatile boolean unnumbered;

    void setUnnumbered(final boolean unnumbered) {
        this.unnumbered = unnumbered;
    }

    /** Progress polls before a batch runs and reports {@code completed} (default 2: one "processing" answer first). */
    public void setPollsToComplete(final int polls) {
        this.pollsToComplete = polls;
    }

    public int size() {
        return batches.size();
    }

    /** Registers a batch; answers the API's 202 body. */
    ObjectNode submit(final String baseUrl, final List<JsonNode> tasks, final Function<JsonNode, TaskResult> worker) {
        final Batch batch = new Batch(tasks, worker);
        batches.put(batch.id, batch);
        synchronized (queue) {
            queue.add(batch);
        }
        final ObjectNode body = Json.object();
        body.put("version", "1.0.0");
        body.put("status", "processing");
        body.put("batch_id", batch.id);
        body.put("batch_url", baseUrl + "/batch/" + batch.id + "/progress");
        body.put("results_url", baseUrl + "/batch/" + batch.id + "/results");
        body.putObject("summary").put("count", tasks.size());
        return body;
    }

    void register(final Router router) {
        router.add("GET", "/batch/{id}/progress", (request, params) -> progress(params.get("id")));
        router.add("GET", "/batch/{id}/results", (request, params) -> results(params.get("id")));
    }

    private ApiResponse progress(final String id) {
        final Optional<Batch> found = Optional.ofNullable(batches.get(id));
        if (found.isEmpty()) {
            return ApiResponse.error(404, "not_found", "Batch " + id + " does not exist");
        }
        final Batch batch = found.get();
        if (batch.polls.incrementAndGet() >= pollsToComplete) {
            runThrough(batch);
        }
        final List<TaskResult> results = batch.results;
        final ObjectNode body = Json.object();
        body.put("version", "1.0.0");
        body.put("batch_id", batch.id);
        body.put("tasks_count", batch.tasks.size());
        body.put("tasks_completed", results == null ? 0 : (int) results.stream().filter(r -> r.result() != null).count());
        body.put("tasks_failed", results == null ? 0 : (int) results.stream().filter(r -> r.result() == null).count());
        body.put("progress", results == null ? 0.5 : 1.0);
        body.put("status", results == null ? "processing" : "completed");
        body.put("results_url", "/v1/batch/" + batch.id + "/results");
        body.putNull("error");
        return ApiResponse.json(200, body);
    }

    /** Forgets every batch (the emulator's reset). */
    void clear() {
        synchronized (queue) {
            queue.clear();
            batches.clear();
        }
    }

    /** Runs every batch not yet run, in submission order (all the API's queued work done, e.g. before a store is judged). */
    public void runAll() {
        runThrough(null);
    }

    /** Runs the batches submitted before {@code last}, then it (null: all of them). */
    private void runThrough(final Batch last) {
        synchronized (queue) {
            for (final Batch batch : queue) {
                if (batch.results == null) {
                    batch.results = batch.tasks.stream().map(task -> run(batch.worker, task)).toList();
                }
                if (batch == last) {
                    return;
                }
            }
        }
    }

    /** A task whose worker throws fails (with the reason), so that batch and the ones after it still finish. */
    private static TaskResult run(final Function<JsonNode, TaskResult> worker, final JsonNode task) {
        try {
            return worker.apply(task);
        } catch (final RuntimeException e) {
            return TaskResult.failed("The task failed: " + e.getMessage());
        }
    }

    private ApiResponse results(final String id) {
        final Batch batch = batches.get(id);
        if (batch == null) {
            return ApiResponse.error(404, "not_found", "Batch " + id + " does not exist");
        }
        final ObjectNode body = Json.object();
        body.put("version", "1.0.0");
        body.put("batch_id", batch.id);
        final ArrayNode results = body.putArray("results");
        final List<TaskResult> done = batch.results;
        if (done != null) {
            for (int n = 0; n < done.size(); n++) {
                final int i = unnumbered ? done.size() - 1 - n : n;
                final ObjectNode entry = results.addObject();
                if (!unnumbered) {
                    entry.put("task", i);
                }
                entry.set("result", done.get(i).result());
                entry.put("message", done.get(i).message());
            }
        }
        return ApiResponse.json(200, body);
    }
}
