package com.ottimate.nifi.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * Where an asynchronous bulk call ended. {@code completed} with {@code tasksFailed > 0} is normal: check each
 * task's {@code result} (null when it failed) and {@code message}.
 *
 * @param outcome  the last call's outcome: Success when the batch completed or is still running, else the failure
 * @param completed true when the API reported {@code completed} and the results were read
 * @param tasks    {@code results[]} in task order, each {@code {task, result, message}}; empty unless completed
 */
public record BatchResult(OttimateResult outcome, boolean completed, int tasksFailed, List<JsonNode> tasks) {
}
