package com.ottimate.nifi.stateless;

import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.stateless.flow.StatelessDataflow;
import org.apache.nifi.stateless.flow.TriggerResult;

import java.io.IOException;
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

    public Set<String> outputPorts() {
        return dataflow.getOutputPortNames();
    }

    public void enqueue(final String inputPort, final byte[] content, final Map<String, String> attributes) {
        if (!inputPorts().contains(inputPort)) {
            throw new IllegalArgumentException("The flow has no input port '" + inputPort + "'; it has " + inputPorts());
        }
        dataflow.enqueue(content, attributes, inputPort);
    }

    /** Whether flowfiles are still queued inside the flow (a penalized loop, say) after the last trigger. */
    public boolean hasQueuedData() {
        return dataflow.isFlowFileQueued();
    }

    /** Runs the flow once: sources fire, queued data is processed as far as it goes; what reached output ports is returned. */
    public FlowResult trigger() throws InterruptedException {
        final TriggerResult result = dataflow.trigger().getResult();
        try {
            final Map<String, List<FlowOutput>> outputs = new TreeMap<>();
            result.getOutputFlowFiles().forEach((port, flowFiles) -> outputs.put(port, flowFiles.stream().map(flowFile -> read(result, flowFile)).toList()));
            final FlowResult flowResult = new FlowResult(result.isSuccessful(), result.getFailureCause().orElse(null), outputs);
            result.acknowledge();
            return flowResult;
        } catch (final RuntimeException e) {
            result.abort(e);
            throw e;
        }
    }

    /**
     * Triggers until nothing is left queued inside the flow, merging what comes out. Flowfiles parked on a penalized
     * loop ('pending', 'extracting') wait out their penalty between triggers, as they would in NiFi.
     */
    public FlowResult runUntilIdle(final Duration timeout) throws InterruptedException {
        final Instant deadline = Instant.now().plus(timeout);
        final Map<String, List<FlowOutput>> merged = new TreeMap<>();
        while (true) {
            final FlowResult result = trigger();
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

    private static FlowOutput read(final TriggerResult result, final FlowFile flowFile) {
        try {
            return new FlowOutput(new LinkedHashMap<>(flowFile.getAttributes()), result.readContentAsByteArray(flowFile));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The engine's bulletins (processor warnings and errors), as "LEVEL source: message". */
    public List<String> bulletins() {
        return dataflow.getBulletinRepository().findBulletins(new org.apache.nifi.reporting.BulletinQuery.Builder().build()).stream()
                .map(bulletin -> bulletin.getLevel() + " " + bulletin.getSourceName() + ": " + bulletin.getMessage())
                .toList();
    }

    @Override
    public void close() {
        dataflow.shutdown();
    }
}
