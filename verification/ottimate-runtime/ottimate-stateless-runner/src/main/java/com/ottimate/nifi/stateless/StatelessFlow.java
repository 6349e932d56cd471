/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.stateless;

import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.reporting.BulletinQuery;
import org.apache.nifi.stateless.flow.StatelessDataflow;
import org.apache.nifi.stateless.flow.TriggerResult;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** One flow definition running in the engine: data goes in through input ports, each trigger runs it to completion. */
public final class StatelessFlow implements AutoCloseable {

    private static final Duration IDLE_POLL = Duration.ofMillis(250);
    private final StatelessDataflow dataflow;

    StatelessFlow(final StatelessDataflow dataflow) {
        this.dataflow = dataflow;
    }

    public Set<String> inputPorts() {
        return dataflow.getInputPortNames();
    }

    public void enqueue(final String inputPort, final byte[] content, final Map<String, String> attributes) {
        dataflow.enqueue(content, attributes, checkedPort(inputPort));
    }

    /** Enqueues content read from a stream into the engine's content repository (on disk): large inputs are never held in memory. */
    public void enqueue(final String inputPort, final InputStream content, final Map<String, String> attributes) {
        dataflow.enqueue(content, attributes, checkedPort(inputPort));
    }

    private String checkedPort(final String inputPort) {
        if (!inputPorts().contains(inputPort)) {
            throw new IllegalArgumentException("The flow has no input port '" + inputPort + "'; it has " + inputPorts());
        }
        return inputPort;
    }

    /** Whether flowfiles are still queued inside the flow (a penalized loop, say) after the last trigger. */
    public boolean hasQueuedData() {
        return dataflow.isFlowFileQueued();
    }

    /**
     * Runs the flow once: sources fire and queued data is processed as far as it goes (the engine keeps re-triggering a
     * processor whose queue holds a penalized flowfile until the penalty is over); the content of each output is handed
     * to the handler before the engine lets go of it.
     */
    public FlowResult trigger(final ContentHandler contentHandler) throws InterruptedException {
        final TriggerResult result = dataflow.trigger().getResult();
        try {
            final Map<String, List<FlowOutput>> outputs = new TreeMap<>();
            result.getOutputFlowFiles().forEach((port, flowFiles) -> outputs.put(port,
                    flowFiles.stream().map(flowFile -> read(result, port, flowFile, contentHandler)).toList()));
            final FlowResult flowResult = new FlowResult(result.isSuccessful(), result.getFailureCause().orElse(null), outputs);
            result.acknowledge();
            return flowResult;
        } catch (final RuntimeException e) {
            result.abort(e);
            throw e;
        }
    }

    /** Triggers until nothing is left queued inside the flow (or the timeout passes), merging what comes out. */
    public FlowResult runUntilIdle(final Duration timeout, final ContentHandler contentHandler) throws InterruptedException {
        final Instant deadline = Instant.now().plus(timeout);
        final Map<String, List<FlowOutput>> merged = new TreeMap<>();
        while (true) {
            final FlowResult result = trigger(contentHandler);
            result.outputs().forEach((port, outputs) -> merged.computeIfAbsent(port, p -> new ArrayList<>()).addAll(outputs));
            if (!result.successful() || !hasQueuedData()) {
                return new FlowResult(result.successful(), result.failure(), merged);
            }
            if (Instant.now().isAfter(deadline)) {
                return new FlowResult(false, new IllegalStateException("Flowfiles still queued in the flow after " + timeout), merged);
            }
            Thread.sleep(IDLE_POLL.toMillis());
        }
    }

    private static FlowOutput read(final TriggerResult result, final String port, final FlowFile flowFile, final ContentHandler contentHandler) {
        final Map<String, String> attributes = new LinkedHashMap<>(flowFile.getAttributes());
        try (InputStream content = result.readContent(flowFile)) {
            final byte[] kept = contentHandler.handle(port, attributes, content);
            return new FlowOutput(attributes, flowFile.getSize(), kept == null ? new byte[0] : kept);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The engine's bulletins (processor warnings and errors), as "LEVEL source: message". */
    public List<String> bulletins() {
        return dataflow.getBulletinRepository().findBulletins(new BulletinQuery.Builder().build()).stream()
                .map(bulletin -> bulletin.getLevel() + " " + bulletin.getSourceName() + ": " + bulletin.getMessage())
                .toList();
    }

    @Override
    public void close() {
        dataflow.shutdown();
    }
}
