/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What a user does on NiFi's canvas, through the REST API: parameter contexts, controller services, flow definitions
 * uploaded as process groups, processors, connections, run states, queues, bulletins, verification and state.
 */
public final class NiFiFlow {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final NiFiClient client;

    public NiFiFlow(final NiFiClient client) {
        this.client = client;
    }

    public NiFiClient client() {
        return client;
    }

    /** A parameter value; sensitive ones are write-only in NiFi. */
    public record Parameter(String value, boolean sensitive) {
        public static Parameter of(final String value) {
            return new Parameter(value, false);
        }

        public static Parameter secret(final String value) {
            return new Parameter(value, true);
        }
    }

    /** A flowfile waiting in a connection: its attributes and content. */
    public record QueuedFlowFile(Map<String, String> attributes, byte[] content) {
        public String attribute(final String name) {
            return attributes.get(name);
        }

        public String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    /** The processor types NiFi loaded from our NAR (fully-qualified class names), as its UI offers them; deprecated names left out. */
    public SortedSet<String> ottimateProcessorTypes() {
        return ottimateProcessorTypes(false);
    }

    /** The processor types of our NAR that NiFi marks deprecated (names kept from before a rename). */
    public SortedSet<String> deprecatedOttimateProcessorTypes() {
        return ottimateProcessorTypes(true);
    }

    private SortedSet<String> ottimateProcessorTypes(final boolean deprecated) {
        final SortedSet<String> types = new TreeSet<>();
        client.get("/flow/processor-types?bundleGroupFilter=com.ottimate.nifi").path("processorTypes").forEach(t -> {
            if (t.path("deprecationReason").asText("").isBlank() != deprecated) {
                types.add(t.path("type").asText());
            }
        });
        return types;
    }

    // ---- groups ----

    public String rootGroupId() {
        return client.get("/flow/process-groups/root").path("processGroupFlow").path("id").asText();
    }

    /** {@code processGroupFlow.flow} of a group: its processors, ports, connections, child groups. */
    public JsonNode groupFlow(final String groupId) {
        return client.get("/flow/process-groups/" + groupId).path("processGroupFlow").path("flow");
    }

    public Optional<String> childGroupByName(final String parentId, final String name) {
        for (final JsonNode group : groupFlow(parentId).path("processGroups")) {
            if (name.equals(group.path("component").path("name").asText())) {
                return Optional.of(group.path("id").asText());
            }
        }
        return Optional.empty();
    }

    /** Uploads a flow definition (a template) as a new child group; answers its id. */
    public String uploadFlow(final String parentId, final String name, final Path file, final double x, final double y) {
        final JsonNode created = client.upload("/process-groups/" + parentId + "/process-groups/upload", List.of(
                new String[]{"groupName", name}, new String[]{"positionX", Double.toString(x)}, new String[]{"positionY", Double.toString(y)},
                new String[]{"clientId", client.clientId()}, new String[]{"disconnectedNodeAcknowledged", "false"}), "file", file);
        return created.path("id").asText();
    }

    public String createGroup(final String parentId, final String name, final double x, final double y) {
        final ObjectNode component = NiFiClient.JSON.createObjectNode().put("name", name);
        position(component, x, y);
        return client.post("/process-groups/" + parentId + "/process-groups", client.newEntity(component)).path("id").asText();
    }

    /** Stops a group, disables its services, empties every queue in it (children included) and deletes it. */
    public void deleteGroup(final String groupId) {
        stopGroup(groupId);
        await("group " + groupId + " to stop", () -> activity(groupId).activeThreads() == 0);
        disableGroupServices(groupId);
        emptyQueues(groupId);
        final JsonNode group = client.get("/process-groups/" + groupId);
        client.delete("/process-groups/" + groupId + "?version=" + group.path("revision").path("version").asLong() + "&clientId=" + client.clientId());
    }

    private void emptyQueues(final String groupId) {
        final JsonNode contents = groupFlow(groupId);
        for (final JsonNode connection : contents.path("connections")) {
            emptyQueue(connection.path("id").asText());
        }
        for (final JsonNode child : contents.path("processGroups")) {
            emptyQueues(child.path("id").asText());
        }
    }

    public void setParameterContext(final String groupId, final String contextId) {
        final JsonNode group = client.get("/process-groups/" + groupId);
        final ObjectNode body = NiFiClient.JSON.createObjectNode();
        body.set("revision", client.revisionOf(group));
        final ObjectNode component = body.putObject("component").put("id", groupId);
        component.putObject("parameterContext").put("id", contextId);
        client.put("/process-groups/" + groupId, body);
    }

    public void startGroup(final String groupId) {
        runGroup(groupId, "RUNNING");
    }

    public void stopGroup(final String groupId) {
        runGroup(groupId, "STOPPED");
    }

    private void runGroup(final String groupId, final String state) {
        client.put("/flow/process-groups/" + groupId, NiFiClient.JSON.createObjectNode().put("id", groupId).put("state", state));
    }

    /** Enables every controller service of a group (and its children), as "Enable all controller services" does, and waits. */
    public void enableGroupServices(final String groupId) {
        client.put("/flow/process-groups/" + groupId + "/controller-services", NiFiClient.JSON.createObjectNode().put("id", groupId).put("state", "ENABLED"));
        await("the services of group " + groupId + " to be enabled", () -> groupServices(groupId).stream()
                .allMatch(service -> "ENABLED".equals(service.path("component").path("state").asText())));
    }

    public void disableGroupServices(final String groupId) {
        client.put("/flow/process-groups/" + groupId + "/controller-services", NiFiClient.JSON.createObjectNode().put("id", groupId).put("state", "DISABLED"));
        await("the services of group " + groupId + " to be disabled", () -> groupServices(groupId).stream()
                .allMatch(service -> "DISABLED".equals(service.path("component").path("state").asText())));
    }

    /** The services defined in a group and its descendants (not inherited ones). */
    public List<JsonNode> groupServices(final String groupId) {
        final List<JsonNode> services = new ArrayList<>();
        for (final JsonNode service : client.get("/flow/process-groups/" + groupId
                + "/controller-services?includeAncestorGroups=false&includeDescendantGroups=true").path("controllerServices")) {
            services.add(service);
        }
        return services;
    }

    // ---- parameter contexts ----

    public Optional<String> parameterContextByName(final String name) {
        for (final JsonNode context : client.get("/flow/parameter-contexts").path("parameterContexts")) {
            if (name.equals(context.path("component").path("name").asText())) {
                return Optional.of(context.path("id").asText());
            }
        }
        return Optional.empty();
    }

    public String createParameterContext(final String name, final String description, final Map<String, Parameter> parameters) {
        final ObjectNode component = NiFiClient.JSON.createObjectNode().put("name", name).put("description", description);
        component.set("parameters", parameters(parameters));
        component.putArray("inheritedParameterContexts");
        return client.post("/parameter-contexts", client.newEntity(component)).path("id").asText();
    }

    /**
     * Sets parameter values through an update request, as the UI does (NiFi stops and restarts what references them),
     * and waits for it to finish.
     */
    public void updateParameters(final String contextId, final Map<String, Parameter> parameters) {
        final JsonNode context = client.get("/parameter-contexts/" + contextId);
        final ObjectNode body = NiFiClient.JSON.createObjectNode();
        body.put("id", contextId);
        body.set("revision", client.revisionOf(context));
        final ObjectNode component = body.putObject("component").put("id", contextId);
        component.set("parameters", parameters(parameters));
        final JsonNode request = client.post("/parameter-contexts/" + contextId + "/update-requests", body).path("request");
        final String path = "/parameter-contexts/" + contextId + "/update-requests/" + request.path("requestId").asText();
        try {
            await("parameter context " + contextId + " to be updated", () -> client.get(path).path("request").path("complete").asBoolean());
            final JsonNode done = client.get(path).path("request");
            if (done.hasNonNull("failureReason")) {
                throw new IllegalStateException("Updating parameter context " + contextId + " failed: " + done.path("failureReason").asText());
            }
        } finally {
            client.delete(path);
        }
    }

    private static ArrayNode parameters(final Map<String, Parameter> parameters) {
        final ArrayNode list = NiFiClient.JSON.createArrayNode();
        parameters.forEach((name, parameter) -> list.addObject().putObject("parameter")
                .put("name", name).put("sensitive", parameter.sensitive()).put("value", parameter.value()));
        return list;
    }

    // ---- controller services ----

    public String createService(final String groupId, final String type, final String name, final Map<String, String> properties) {
        final ObjectNode component = NiFiClient.JSON.createObjectNode().put("type", type).put("name", name);
        component.set("properties", NiFiClient.JSON.valueToTree(properties));
        return client.post("/process-groups/" + groupId + "/controller-services", client.newEntity(component)).path("id").asText();
    }

    public JsonNode service(final String id) {
        return client.get("/controller-services/" + id);
    }

    public void updateService(final String id, final Map<String, String> properties) {
        final JsonNode service = service(id);
        final ObjectNode body = NiFiClient.JSON.createObjectNode();
        body.set("revision", client.revisionOf(service));
        body.putObject("component").put("id", id).set("properties", NiFiClient.JSON.valueToTree(properties));
        client.put("/controller-services/" + id, body);
    }

    /** Clears a (disabled) service's state, as *View State* → *Clear State* does. */
    public void clearServiceState(final String id) {
        client.post("/controller-services/" + id + "/state/clear-requests", NiFiClient.JSON.createObjectNode());
    }

    public void enableService(final String id) {
        setServiceState(id, "ENABLED");
    }

    public void disableService(final String id) {
        setServiceState(id, "DISABLED");
    }

    private void setServiceState(final String id, final String state) {
        final JsonNode service = service(id);
        final ObjectNode body = NiFiClient.JSON.createObjectNode();
        body.set("revision", client.revisionOf(service));
        body.put("state", state);
        client.put("/controller-services/" + id + "/run-status", body);
        await("service " + id + " to be " + state, () -> state.equals(service(id).path("component").path("state").asText()));
    }

    /**
     * Runs the service's verification as the UI's Verify button does; answers the steps ({@code verificationStepName},
     * {@code outcome}, {@code explanation}).
     */
    public List<JsonNode> verifyService(final String id, final Map<String, String> properties) {
        final ObjectNode body = NiFiClient.JSON.createObjectNode();
        final ObjectNode request = body.putObject("request").put("componentId", id);
        request.set("properties", NiFiClient.JSON.valueToTree(properties));
        request.putObject("attributes");
        final JsonNode started = client.post("/controller-services/" + id + "/config/verification-requests", body).path("request");
        final String path = "/controller-services/" + id + "/config/verification-requests/" + started.path("requestId").asText();
        try {
            await("verification of " + id, () -> client.get(path).path("request").path("complete").asBoolean());
            final List<JsonNode> steps = new ArrayList<>();
            client.get(path).path("request").path("results").forEach(steps::add);
            return steps;
        } finally {
            client.delete(path);
        }
    }

    // ---- processors and connections ----

    /** Creates a processor; {@code config} holds NiFi's processor config fields (properties, schedulingPeriod, ...). */
    public String createProcessor(final String groupId, final String type, final String name, final double x, final double y, final ObjectNode config) {
        final ObjectNode component = NiFiClient.JSON.createObjectNode().put("type", type).put("name", name);
        position(component, x, y);
        component.set("config", config);
        return client.post("/process-groups/" + groupId + "/processors", client.newEntity(component)).path("id").asText();
    }

    public JsonNode processor(final String id) {
        return client.get("/processors/" + id);
    }

    public void updateProcessor(final String id, final ObjectNode config) {
        final JsonNode processor = processor(id);
        final ObjectNode body = NiFiClient.JSON.createObjectNode();
        body.set("revision", client.revisionOf(processor));
        body.putObject("component").put("id", id).set("config", config);
        client.put("/processors/" + id, body);
    }

    public void startProcessor(final String id) {
        setProcessorState(id, "RUNNING");
    }

    public void stopProcessor(final String id) {
        setProcessorState(id, "STOPPED");
    }

    public void runOnce(final String id) {
        setProcessorState(id, "RUN_ONCE");
    }

    private void setProcessorState(final String id, final String state) {
        final JsonNode processor = processor(id);
        final ObjectNode body = NiFiClient.JSON.createObjectNode();
        body.set("revision", client.revisionOf(processor));
        body.put("state", state);
        client.put("/processors/" + id + "/run-status", body);
    }

    /** The processor's validation: VALID, INVALID or VALIDATING, and the errors NiFi reports. */
    public JsonNode awaitValidation(final String id) {
        await("processor " + id + " to be validated", () -> !"VALIDATING".equals(processor(id).path("component").path("validationStatus").asText()));
        return processor(id).path("component");
    }

    /** Connects two components of {@code groupId} (ports of child groups included); answers the connection id. */
    /** A funnel; with no connection out of it, what reaches it waits in the queue before it. */
    public String createFunnel(final String groupId, final double x, final double y) {
        final ObjectNode component = NiFiClient.JSON.createObjectNode();
        component.putObject("position").put("x", x).put("y", y);
        return client.post("/process-groups/" + groupId + "/funnels", client.newEntity(component)).path("id").asText();
    }

    public String createLabel(final String groupId, final String text, final double x, final double y) {
        final ObjectNode component = NiFiClient.JSON.createObjectNode().put("label", text).put("width", 260.0).put("height", 60.0);
        component.putObject("position").put("x", x).put("y", y);
        return client.post("/process-groups/" + groupId + "/labels", client.newEntity(component)).path("id").asText();
    }

    public String connect(final String groupId, final Endpoint source, final Endpoint destination, final List<String> relationships) {
        final ObjectNode component = NiFiClient.JSON.createObjectNode();
        component.set("source", source.json());
        component.set("destination", destination.json());
        final ArrayNode selected = component.putArray("selectedRelationships");
        relationships.forEach(selected::add);
        return client.post("/process-groups/" + groupId + "/connections", client.newEntity(component)).path("id").asText();
    }

    /** Spreads what a connection carries over the nodes of a cluster (round robin), as a user sets it on a connection. */
    public void loadBalance(final String connectionId) {
        final JsonNode connection = client.get("/connections/" + connectionId);
        final ObjectNode body = NiFiClient.JSON.createObjectNode();
        body.set("revision", client.revisionOf(connection));
        body.putObject("component").put("id", connectionId).put("loadBalanceStrategy", "ROUND_ROBIN");
        client.put("/connections/" + connectionId, body);
    }

    /** One end of a connection: a component, the group it lives in and its type (PROCESSOR, INPUT_PORT, OUTPUT_PORT, FUNNEL). */
    public record Endpoint(String id, String groupId, String type) {
        public static Endpoint processor(final String id, final String groupId) {
            return new Endpoint(id, groupId, "PROCESSOR");
        }

        ObjectNode json() {
            return NiFiClient.JSON.createObjectNode().put("id", id).put("groupId", groupId).put("type", type);
        }
    }

    // ---- what is in the flow ----

    /** Components of a group and its descendants that NiFi finds invalid, with their errors. */
    public List<String> invalidComponents(final String groupId) {
        final List<String> invalid = new ArrayList<>();
        collectInvalid(groupId, invalid);
        for (final JsonNode service : groupServices(groupId)) {
            final JsonNode component = service.path("component");
            if ("INVALID".equals(component.path("validationStatus").asText())) {
                invalid.add("service " + component.path("name").asText() + ": " + component.path("validationErrors"));
            }
        }
        return invalid;
    }

    private void collectInvalid(final String groupId, final List<String> invalid) {
        final JsonNode flow = groupFlow(groupId);
        for (final JsonNode processor : flow.path("processors")) {
            final JsonNode component = processor.path("component");
            if ("INVALID".equals(component.path("validationStatus").asText())) {
                invalid.add(component.path("name").asText() + " (" + component.path("type").asText() + "): " + component.path("validationErrors"));
            }
        }
        for (final JsonNode child : flow.path("processGroups")) {
            collectInvalid(child.path("id").asText(), invalid);
        }
    }

    /**
     * Flowfiles queued anywhere in the group (recursively), its active threads, and how often each of its processors
     * (children's included) ran in NiFi's five-minute status window.
     */
    public record Activity(long queued, int activeThreads, Map<String, Integer> runs) {
        public boolean quiet() {
            return queued == 0 && activeThreads == 0;
        }

        /** True when each of {@code processors} has finished at least one run. */
        public boolean ranOnce(final Collection<String> processors) {
            return processors.stream().allMatch(id -> runs.getOrDefault(id, 0) > 0);
        }

        @Override
        public String toString() {
            return queued + " queued, " + activeThreads + " active thread(s), runs " + runs;
        }
    }

    public Activity activity(final String groupId) {
        final JsonNode snapshot = client.get("/flow/process-groups/" + groupId + "/status?recursive=true")
                .path("processGroupStatus").path("aggregateSnapshot");
        final Map<String, Integer> runs = new LinkedHashMap<>();
        collectRuns(snapshot, runs);
        return new Activity(snapshot.path("flowFilesQueued").asLong(), snapshot.path("activeThreadCount").asInt(), runs);
    }

    private static void collectRuns(final JsonNode groupSnapshot, final Map<String, Integer> runs) {
        groupSnapshot.path("processorStatusSnapshots").forEach(entity -> runs.put(entity.path("processorStatusSnapshot").path("id").asText(),
                entity.path("processorStatusSnapshot").path("taskCount").asInt()));
        groupSnapshot.path("processGroupStatusSnapshots").forEach(child -> collectRuns(child.path("processGroupStatusSnapshot"), runs));
    }

    /** The processors of a group and its descendants that take no input (sources): they run once when started. */
    public List<String> sources(final String groupId) {
        final List<String> sources = new ArrayList<>();
        final JsonNode contents = groupFlow(groupId);
        contents.path("processors").forEach(processor -> {
            if ("INPUT_FORBIDDEN".equals(processor.path("component").path("inputRequirement").asText())) {
                sources.add(processor.path("id").asText());
            }
        });
        contents.path("processGroups").forEach(child -> sources.addAll(sources(child.path("id").asText())));
        return sources;
    }

    /** Flowfiles waiting in one connection. */
    public long queued(final String connectionId) {
        return client.get("/flow/connections/" + connectionId + "/status").path("connectionStatus").path("aggregateSnapshot")
                .path("flowFilesQueued").asLong();
    }

    /** Every flowfile waiting in a connection, with attributes and content (up to NiFi's listing limit of 100). */
    public List<QueuedFlowFile> listQueue(final String connectionId) {
        final JsonNode started = client.post("/flowfile-queues/" + connectionId + "/listing-requests", NiFiClient.JSON.createObjectNode())
                .path("listingRequest");
        final String path = "/flowfile-queues/" + connectionId + "/listing-requests/" + started.path("id").asText();
        try {
            await("the listing of connection " + connectionId, () -> client.get(path).path("listingRequest").path("finished").asBoolean());
            final List<QueuedFlowFile> flowFiles = new ArrayList<>();
            for (final JsonNode summary : client.get(path).path("listingRequest").path("flowFileSummaries")) {
                final String uuid = summary.path("uuid").asText();
                final JsonNode details = client.get("/flowfile-queues/" + connectionId + "/flowfiles/" + uuid).path("flowFile");
                final Map<String, String> attributes = new LinkedHashMap<>();
                details.path("attributes").properties().forEach(e -> attributes.put(e.getKey(), e.getValue().asText()));
                final byte[] content = details.path("contentClaimFileSizeBytes").asLong(0) == 0 ? new byte[0]
                        : client.getBytes("/flowfile-queues/" + connectionId + "/flowfiles/" + uuid + "/content");
                flowFiles.add(new QueuedFlowFile(attributes, content));
            }
            return flowFiles;
        } finally {
            client.delete(path);
        }
    }

    /**
     * How long each of (up to {@code maxResults}) provenance events of one type by one component took, in milliseconds
     * (the processor's own measure, e.g. an HTTP call's), from a provenance query across the cluster.
     */
    public List<Long> eventDurations(final String componentId, final String eventType, final int maxResults) {
        final ObjectNode request = NiFiClient.JSON.createObjectNode();
        final ObjectNode query = request.putObject("provenance").putObject("request");
        // a summary leaves the duration out
        query.put("maxResults", maxResults).put("summarize", false).put("incrementalResults", false);
        final ObjectNode terms = query.putObject("searchTerms");
        terms.putObject("ProcessorID").put("value", componentId);
        terms.putObject("EventType").put("value", eventType);
        final String path = "/provenance/" + client.post("/provenance", request).path("provenance").path("id").asText();
        try {
            await("the provenance query for " + componentId, () -> client.get(path + "?summarize=false&incrementalResults=false")
                    .path("provenance").path("finished").asBoolean());
            final List<Long> durations = new ArrayList<>();
            client.get(path + "?summarize=false&incrementalResults=false").path("provenance").path("results").path("provenanceEvents")
                    .forEach(event -> {
                        // an event reported without a duration has none in its DTO
                        if (event.has("eventDuration")) {
                            durations.add(event.path("eventDuration").asLong());
                        }
                    });
            return durations;
        } finally {
            client.delete(path);
        }
    }

    public void emptyQueue(final String connectionId) {
        final JsonNode started = client.post("/flowfile-queues/" + connectionId + "/drop-requests", NiFiClient.JSON.createObjectNode()).path("dropRequest");
        final String path = "/flowfile-queues/" + connectionId + "/drop-requests/" + started.path("id").asText();
        try {
            await("connection " + connectionId + " to be emptied", () -> client.get(path).path("dropRequest").path("finished").asBoolean());
        } finally {
            client.delete(path);
        }
    }

    /** Bulletins NiFi holds now (it keeps each for five minutes): source name, level and message. */
    public List<JsonNode> bulletins() {
        final List<JsonNode> bulletins = new ArrayList<>();
        client.get("/flow/bulletin-board?limit=1000").path("bulletinBoard").path("bulletins")
                .forEach(entity -> bulletins.add(entity.path("bulletin")));
        return bulletins;
    }

    /**
     * A processor's cluster-scoped state: in a cluster it lives in ZooKeeper ({@code clusterState}); a standalone NiFi
     * keeps it with the local state ({@code localState}).
     */
    public Map<String, String> clusterState(final String processorId) {
        final JsonNode componentState = client.get("/processors/" + processorId + "/state").path("componentState");
        final Map<String, String> state = new LinkedHashMap<>();
        for (final String scope : List.of("clusterState", "localState")) {
            componentState.path(scope).path("state").forEach(entry -> state.put(entry.path("key").asText(), entry.path("value").asText()));
            if (!state.isEmpty()) {
                break;
            }
        }
        return state;
    }

    public static void await(final String what, final BooleanSupplier condition) {
        await(what, condition, WAIT);
    }

    public static void await(final String what, final BooleanSupplier condition, final Duration limit) {
        await(what, condition, limit, () -> "");
    }

    /**
     * Polls {@code condition} every 250 ms until it holds; when {@code limit} passes first, fails saying what it waited
     * for and what {@code seen} reports at that moment (queues, states, the log), so a failed run explains itself.
     */
    public static void await(final String what, final BooleanSupplier condition, final Duration limit, final Supplier<String> seen) {
        final long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                String report;
                try {
                    report = seen.get();
                } catch (final RuntimeException e) {
                    report = "(could not read what was there: " + e + ")";
                }
                throw new IllegalStateException("Waited " + limit.toSeconds() + " s for " + what + (report.isEmpty() ? "" : "; saw " + report));
            }
            try {
                Thread.sleep(250);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + what, e);
            }
        }
    }

    private static void position(final ObjectNode component, final double x, final double y) {
        component.putObject("position").put("x", x).put("y", y);
    }
}
