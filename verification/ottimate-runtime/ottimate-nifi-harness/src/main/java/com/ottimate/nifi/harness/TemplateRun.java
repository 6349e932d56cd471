/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.nifi.harness.NiFiFlow.Endpoint;
import com.ottimate.nifi.harness.NiFiFlow.QueuedFlowFile;
import com.ottimate.nifi.stateless.TemplateScenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One template running in a full NiFi, wired as a user would: imported as a process group, its own parameters set, its
 * services enabled; a GetFile per input port feeding the sample files; each output port draining into a queue that is
 * read back through the REST API (a stopped LogAttribute holds it); where the scenario says so, an output port also
 * feeds an input port back (the ERP's part in the export flow).
 */
public final class TemplateRun {
    private static final String GET_FILE = "org.apache.nifi.processors.standard.GetFile";

    private final NiFiFlow flow;
    private final String parentId;
    private final String groupId;
    private final Map<String, Path> inputDirectories;
    private final Map<String, String> outputQueues;
    private final List<String> feeders;

    private TemplateRun(final NiFiFlow flow, final String parentId, final String groupId, final Map<String, Path> inputDirectories,
                        final Map<String, String> outputQueues, final List<String> feeders) {
        this.flow = flow;
        this.parentId = parentId;
        this.groupId = groupId;
        this.inputDirectories = inputDirectories;
        this.outputQueues = outputQueues;
        this.feeders = feeders;
    }

    /**
     * Imports the scenario's template into {@code parentId} (which holds the shared connection) at {@code y}, sets its
     * parameters, enables its services and wires feeders and queues around it. Nothing runs yet.
     */
    public static TemplateRun prepare(final NiFiFlow flow, final String rootId, final Path templates, final TemplateScenario scenario,
                                      final Map<String, String> parameters, final Path work, final double y) throws IOException {
        // the template and its wiring in a group of their own below the one holding the shared connection
        final String parentId = flow.createGroup(rootId, "run " + groupName(scenario), 0, y);
        final String groupId = flow.uploadFlow(parentId, groupName(scenario), templates.resolve(scenario.template()), 400, 0);
        setOwnParameters(flow, groupId, parameters);
        flow.enableGroupServices(groupId);
        final JsonNode ports = flow.groupFlow(groupId);
        final Map<String, String> inputPorts = portIds(ports.path("inputPorts"));
        final Map<String, String> outputPorts = portIds(ports.path("outputPorts"));

        final Map<String, Path> inputDirectories = new LinkedHashMap<>();
        final ArrayList<String> feeders = new ArrayList<>();
        double feederY = 0;
        for (final TemplateScenario.Input input : scenario.inputs()) {
            if (inputDirectories.containsKey(input.port())) {
                continue;
            }
            final Path directory = work.resolve(scenario.name().toLowerCase()).resolve(input.port().replace(' ', '-'));
            Files.createDirectories(directory);
            final ObjectNode config = NiFiClient.JSON.createObjectNode();
            config.putObject("properties").put("Input Directory", directory.toString()).put("Keep Source File", "false")
                    .put("Polling Interval", "0 sec").put("Minimum File Age", "0 sec");
            config.put("schedulingPeriod", "1 sec");
            final String feeder = flow.createProcessor(parentId, GET_FILE, "feed " + input.port(), 0, feederY, config);
            flow.connect(parentId, Endpoint.processor(feeder, parentId), new Endpoint(required(inputPorts, input.port()), groupId, "INPUT_PORT"),
                    List.of("success"));
            inputDirectories.put(input.port(), directory);
            feeders.add(feeder);
            feederY += 160;
        }
        final Map<String, String> outputQueues = new LinkedHashMap<>();
        double sinkX = 1000;
        for (final Map.Entry<String, String> port : outputPorts.entrySet()) {
            // a funnel with nothing after it: what left the port waits in the queue before it, whatever is started
            final String collect = flow.createFunnel(parentId, sinkX, 400);
            flow.createLabel(parentId, "what left '" + port.getKey() + "' waits here: right-click the queue, List queue", sinkX - 60, 460);
            final Endpoint from = new Endpoint(port.getValue(), groupId, "OUTPUT_PORT");
            final Endpoint to = new Endpoint(collect, parentId, "FUNNEL");
            final Optional<TemplateScenario.Loop> loop = scenario.loops().stream().filter(l -> l.outputPort().equals(port.getKey())).findFirst();
            if (loop.isPresent()) {
                // the ERP takes them and tells the flow: a funnel hands each flowfile both to the queue we read and back in
                final String split = flow.createFunnel(parentId, sinkX, 200);
                flow.connect(parentId, from, new Endpoint(split, parentId, "FUNNEL"), List.of());
                outputQueues.put(port.getKey(), flow.connect(parentId, new Endpoint(split, parentId, "FUNNEL"), to, List.of()));
                flow.connect(parentId, new Endpoint(split, parentId, "FUNNEL"), new Endpoint(required(inputPorts, loop.get().inputPort()), groupId,
                        "INPUT_PORT"), List.of());
            } else {
                outputQueues.put(port.getKey(), flow.connect(parentId, from, to, List.of()));
            }
            sinkX += 300;
        }
        return new TemplateRun(flow, parentId, groupId, inputDirectories, outputQueues, feeders);
    }

    /** The process group a template becomes on the canvas. */
    public static String groupName(final TemplateScenario scenario) {
        return scenario.template().replace(".json", "");
    }

    /** Sets the values of the parameters the template's own context declares (the connection's live in the parent's). */
    static void setOwnParameters(final NiFiFlow flow, final String groupId, final Map<String, String> values) {
        final JsonNode group = flow.client().get("/process-groups/" + groupId);
        final String contextId = group.path("component").path("parameterContext").path("id").asText("");
        if (contextId.isEmpty()) {
            return;
        }
        final Map<String, NiFiFlow.Parameter> own = new TreeMap<>();
        for (final JsonNode parameter : flow.client().get("/parameter-contexts/" + contextId).path("component").path("parameters")) {
            final String name = parameter.path("parameter").path("name").asText();
            if (values.containsKey(name) && !parameter.path("parameter").path("inherited").asBoolean()) {
                // a database password stays sensitive
                own.put(name, new NiFiFlow.Parameter(values.get(name), parameter.path("parameter").path("sensitive").asBoolean()));
            }
        }
        if (!own.isEmpty()) {
            flow.updateParameters(contextId, own);
        }
    }

    private static Map<String, String> portIds(final JsonNode ports) {
        final Map<String, String> ids = new LinkedHashMap<>();
        ports.forEach(port -> ids.put(port.path("component").path("name").asText(), port.path("id").asText()));
        return ids;
    }

    private static String required(final Map<String, String> ports, final String name) {
        final String id = ports.get(name);
        if (id == null) {
            throw new IllegalStateException("The template has no port '" + name + "'; it has " + ports.keySet());
        }
        return id;
    }

    public String groupId() {
        return groupId;
    }

    /** Drops the sample files into the feeders' directories (written aside, then moved in, so GetFile never sees half a file). */
    public void feed(final Path samples, final TemplateScenario scenario) throws IOException {
        for (final TemplateScenario.Input input : scenario.inputs()) {
            final Path directory = inputDirectories.get(input.port());
            final Path hidden = directory.resolve("." + input.sample());
            Files.copy(samples.resolve(input.sample()), hidden, StandardCopyOption.REPLACE_EXISTING);
            Files.move(hidden, directory.resolve(input.sample()), StandardCopyOption.ATOMIC_MOVE);
        }
    }

    public void start() {
        flow.startGroup(groupId);
        feeders.forEach(flow::startProcessor);
    }

    public void stop() {
        feeders.forEach(flow::stopProcessor);
        flow.stopGroup(groupId);
    }

    /**
     * Waits until the run is over: the inputs were taken, the template's sources ran, and nothing is in flight (queued
     * anywhere in the wiring or the template but in front of the output funnels, or running), seen twice in a row so
     * that a flowfile moving between two queues while NiFi counts them is not taken for the end. No quiet period is
     * timed: a slow machine only makes it wait longer.
     */
    public void awaitQuiet(final Duration limit) {
        final List<String> sources = flow.sources(groupId);
        final boolean[] quietBefore = {false};
        final NiFiFlow.Activity[] last = {null};
        NiFiFlow.await("template " + groupId + " to finish", () -> {
            final boolean inputsTaken = inputDirectories.values().stream().allMatch(TemplateRun::empty);
            final NiFiFlow.Activity activity = flow.activity(parentId);
            last[0] = activity;
            final long finished = outputQueues.values().stream().mapToLong(flow::queued).sum();
            final boolean quiet = inputsTaken && activity.queued() == finished && activity.activeThreads() == 0 && activity.ranOnce(sources);
            final boolean over = quiet && quietBefore[0];
            quietBefore[0] = quiet;
            return over;
        }, limit, () -> "inputs left " + inputDirectories.values().stream().filter(d -> !empty(d)).toList() + ", " + last[0]
                + ", outputs " + outputQueues.keySet().stream().map(port -> port + "=" + flow.queued(outputQueues.get(port))).toList());
    }

    private static boolean empty(final Path directory) {
        try (var files = Files.list(directory)) {
            return files.findAny().isEmpty();
        } catch (final IOException e) {
            return false;
        }
    }

    /** What left each output port, in the order it arrived. */
    public Map<String, List<QueuedFlowFile>> outputs() {
        final Map<String, List<QueuedFlowFile>> outputs = new LinkedHashMap<>();
        outputQueues.forEach((port, connection) -> outputs.put(port, flow.listQueue(connection)));
        return outputs;
    }

    /** The queue holding what left an output port. */
    public String outputQueue(final String port) {
        return outputQueues.get(port);
    }

    /** Removes the template and its wiring from the canvas. */
    public void remove() {
        flow.deleteGroup(parentId);
    }

    /** The group holding the template and its wiring. */
    public String parentId() {
        return parentId;
    }
}
