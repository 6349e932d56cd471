/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.nifi.harness.NiFiFlow.Endpoint;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A load of invoice creates built on a NiFi canvas through the REST API: GenerateFlowFile (primary node, {@code count}
 * flowfiles at once) → ReplaceText (a unique invoice per flowfile) → [load-balanced in a cluster] → the sender under
 * test: PutOttimateInvoice, or the InvokeHTTP flow users build by hand. Every outcome waits in its own queue, or loops
 * back where a flow retries.
 */
public final class InvoiceLoad {
    private static final String STANDARD = "org.apache.nifi.processors.standard.";

    /** The group, the generator to trigger, the sender and the queue of each outcome ("done" is where a sent invoice ends). */
    public record Built(String groupId, String generatorId, String senderId, Map<String, String> queues) {
        public String queue(final String outcome) {
            return queues.get(outcome);
        }
    }

    private InvoiceLoad() {
    }

    /**
     * PutOttimateInvoice with {@code tasks} concurrent tasks: 'success' is "done"; 'retry' loops back when
     * {@code retryLoops}, else waits in its queue.
     */
    public static Built putOttimateInvoice(final NiFiFlow flow, final String parentId, final String name, final int count, final String connectionId,
                                           final int tasks, final boolean retryLoops, final boolean loadBalanced) {
        final String group = flow.createGroup(parentId, name, 800, 0);
        final String invoice = source(flow, group, name, count, "");
        final ObjectNode put = NiFiClient.JSON.createObjectNode();
        // the invoice's id in attributes, its content as it came: what InvokeHTTP's 'Original' holds
        put.putObject("properties").put("Ottimate Connection Service", connectionId).put("Success Content", "ORIGINAL");
        put.put("concurrentlySchedulableTaskCount", tasks);
        put.put("penaltyDuration", "2 sec");
        final String creator = flow.createProcessor(group, "com.ottimate.nifi.processors.invoices.PutOttimateInvoice", "create", 0, 400, put);
        final String in = flow.connect(group, Endpoint.processor(invoice, group), Endpoint.processor(creator, group), List.of("success"));
        if (loadBalanced) {
            flow.loadBalance(in);
        }
        final Map<String, String> queues = new LinkedHashMap<>();
        final Map<String, String> funnels = new HashMap<>();
        for (final JsonNode relationship : flow.processor(creator).path("component").path("relationships")) {
            final String outcome = relationship.path("name").asText();
            final Endpoint self = Endpoint.processor(creator, group);
            final boolean loop = outcome.equals("pending") || outcome.equals("retry") && retryLoops;
            final Endpoint target = loop ? self : funnel(flow, group, funnels, outcome);
            queues.put(outcome, flow.connect(group, self, target, List.of(outcome)));
        }
        queues.put("done", queues.get("success"));
        return start(flow, group, creator, invoice, queues);
    }

    /** The Ottimate tokens an InvokeHTTP flow gets from NiFi's own OAuth2 provider (client credentials, in the request body). */
    public record TokenSource(String tokenUrl, String clientId, String clientSecret) {
    }

    /**
     * What users build instead: InvokeHTTP POST /invoices with X-Api-Key and Idempotency-Key ${uuid} as headers and its
     * bearer token from NiFi's StandardOauth2AccessTokenProvider; 'Retry' (5xx) and the 429s that InvokeHTTP sends to 'No
     * Retry' loop back (RouteOnAttribute), as a flow would.
     */
    public static Built invokeHttp(final NiFiFlow flow, final String parentId, final String name, final int count, final String baseUrl,
                                   final String apiKey, final TokenSource tokens, final int tasks, final boolean loadBalanced) {
        final String group = flow.createGroup(parentId, name, 800, 0);
        final String invoice = source(flow, group, name, count, "");
        final Map<String, String> oauth = new LinkedHashMap<>();
        oauth.put("authorization-server-url", tokens.tokenUrl());
        oauth.put("grant-type", "client_credentials");
        oauth.put("client-id", tokens.clientId());
        oauth.put("client-secret", tokens.clientSecret());
        final String provider = flow.createService(group, "org.apache.nifi.oauth2.StandardOauth2AccessTokenProvider", "Ottimate tokens", oauth);
        flow.enableService(provider);
        final ObjectNode http = NiFiClient.JSON.createObjectNode();
        http.putObject("properties").put("HTTP Method", "POST").put("HTTP URL", baseUrl + "/invoices")
                .put("Request Content-Type", "application/json").put("X-Api-Key", apiKey).put("Request OAuth2 Access Token Provider", provider)
                .put("Idempotency-Key", "${uuid}");
        http.put("concurrentlySchedulableTaskCount", tasks);
        http.putArray("autoTerminatedRelationships").add("Response");
        final String invoker = flow.createProcessor(group, STANDARD + "InvokeHTTP", "invoke", 0, 400, http);
        final String in = flow.connect(group, Endpoint.processor(invoice, group), Endpoint.processor(invoker, group), List.of("success"));
        if (loadBalanced) {
            flow.loadBalance(in);
        }
        final ObjectNode route = NiFiClient.JSON.createObjectNode();
        route.putObject("properties").put("Routing Strategy", "Route to Property name").put("throttled", "${invokehttp.status.code:equals(429)}");
        final String throttled = flow.createProcessor(group, STANDARD + "RouteOnAttribute", "429 back", 400, 400, route);
        final Map<String, String> funnels = new HashMap<>();
        final Map<String, String> queues = new LinkedHashMap<>();
        queues.put("done", flow.connect(group, Endpoint.processor(invoker, group), funnel(flow, group, funnels, "Original"), List.of("Original")));
        queues.put("retry", flow.connect(group, Endpoint.processor(invoker, group), Endpoint.processor(invoker, group), List.of("Retry")));
        queues.put("no retry", flow.connect(group, Endpoint.processor(invoker, group), Endpoint.processor(throttled, group), List.of("No Retry")));
        queues.put("throttled", flow.connect(group, Endpoint.processor(throttled, group), Endpoint.processor(invoker, group), List.of("throttled")));
        queues.put("failure", flow.connect(group, Endpoint.processor(invoker, group), funnel(flow, group, funnels, "Failure"), List.of("Failure")));
        queues.put("refused", flow.connect(group, Endpoint.processor(throttled, group), funnel(flow, group, funnels, "refused"), List.of("unmatched")));
        return start(flow, group, invoker, invoice, queues);
    }

    /**
     * PutOttimateInvoice with Record Strategy "Import in Batches": MergeRecord gathers 100 invoices per flowfile (each
     * with its unique upload_id, as POST /invoices/import wants), the processor imports each batch in one request and
     * follows it on 'pending' (polled every half second). The connection before MergeRecord is load-balanced in a cluster.
     */
    public static Built putOttimateInvoiceImport(final NiFiFlow flow, final String parentId, final String name, final int count,
                                                 final String connectionId, final int tasks, final boolean loadBalanced) {
        final String group = flow.createGroup(parentId, name, 800, 0);
        final String invoice = source(flow, group, name, count, ", \"upload_id\": \"" + name + "-${UUID()}\"");
        final String reader = flow.createService(group, "org.apache.nifi.json.JsonTreeReader", "invoices", Map.of("schema-access-strategy", "infer-schema"));
        final String writer = flow.createService(group, "org.apache.nifi.json.JsonRecordSetWriter", "invoice batches", Map.of(
                "Schema Write Strategy", "no-schema", "schema-access-strategy", "inherit-record-schema", "output-grouping", "output-array"));
        flow.enableService(reader);
        flow.enableService(writer);
        final ObjectNode merge = NiFiClient.JSON.createObjectNode();
        merge.putObject("properties").put("record-reader", reader).put("record-writer", writer).put("min-records", "100").put("max-records", "100")
                .put("max-bin-age", "1 sec");
        merge.putArray("autoTerminatedRelationships").add("original").add("failure");
        final String merger = flow.createProcessor(group, STANDARD + "MergeRecord", "100 per batch", 0, 400, merge);
        final String in = flow.connect(group, Endpoint.processor(invoice, group), Endpoint.processor(merger, group), List.of("success"));
        if (loadBalanced) {
            flow.loadBalance(in);
        }
        final ObjectNode put = NiFiClient.JSON.createObjectNode();
        put.putObject("properties").put("Ottimate Connection Service", connectionId).put("Input Strategy", "RECORDS").put("Record Reader", reader)
                .put("Record Writer", writer).put("Record Strategy", "IMPORT");
        put.put("concurrentlySchedulableTaskCount", tasks);
        put.put("penaltyDuration", "500 ms");
        put.putArray("autoTerminatedRelationships").add("original");
        final String importer = flow.createProcessor(group, "com.ottimate.nifi.processors.invoices.PutOttimateInvoice", "import", 0, 600, put);
        flow.connect(group, Endpoint.processor(merger, group), Endpoint.processor(importer, group), List.of("merged"));
        final Map<String, String> queues = new LinkedHashMap<>();
        final Map<String, String> funnels = new HashMap<>();
        final Endpoint self = Endpoint.processor(importer, group);
        for (final String outcome : List.of("success", "failure", "retry", "pending")) {
            final boolean loop = outcome.equals("retry") || outcome.equals("pending");
            queues.put(outcome, flow.connect(group, self, loop ? self : funnel(flow, group, funnels, outcome), List.of(outcome)));
        }
        queues.put("done", queues.get("success"));
        return start(flow, group, importer, invoice, queues);
    }

    /**
     * A reader's load: GenerateFlowFile ({@code count} at once, each naming {@code invoiceId}) → FetchOttimateInvoice By
     * ID with {@code tasks} concurrent tasks; 'success' is "done", 'retry' loops back.
     */
    public static Built fetchOttimateInvoice(final NiFiFlow flow, final String parentId, final String name, final int count, final String connectionId,
                                             final String invoiceId, final int tasks) {
        final String group = flow.createGroup(parentId, name, 800, 0);
        final ObjectNode generate = NiFiClient.JSON.createObjectNode();
        generate.putObject("properties").put("Batch Size", Integer.toString(count)).put("Data Format", "Text").put("generate-ff-custom-text", "{}")
                .put("ottimate.invoice.id", invoiceId);
        generate.put("schedulingPeriod", "1 hour");
        generate.put("executionNode", "PRIMARY");
        final String generator = flow.createProcessor(group, STANDARD + "GenerateFlowFile", "generate", 0, 0, generate);
        final ObjectNode fetch = NiFiClient.JSON.createObjectNode();
        fetch.putObject("properties").put("Ottimate Connection Service", connectionId);
        fetch.put("concurrentlySchedulableTaskCount", tasks);
        final String fetcher = flow.createProcessor(group, "com.ottimate.nifi.processors.invoices.FetchOttimateInvoice", "fetch", 0, 400, fetch);
        flow.connect(group, Endpoint.processor(generator, group), Endpoint.processor(fetcher, group), List.of("success"));
        final Map<String, String> queues = new LinkedHashMap<>();
        final Map<String, String> funnels = new HashMap<>();
        final Endpoint self = Endpoint.processor(fetcher, group);
        for (final JsonNode relationship : flow.processor(fetcher).path("component").path("relationships")) {
            final String outcome = relationship.path("name").asText();
            queues.put(outcome, flow.connect(group, self, outcome.equals("retry") ? self : funnel(flow, group, funnels, outcome), List.of(outcome)));
        }
        queues.put("done", queues.get("success"));
        return start(flow, group, fetcher, generator, queues);
    }

    /** GenerateFlowFile ({@code count} at once, primary node) → ReplaceText: one unique invoice per flowfile, plus {@code moreFields}. */
    private static String source(final NiFiFlow flow, final String group, final String name, final int count, final String moreFields) {
        final ObjectNode generate = NiFiClient.JSON.createObjectNode();
        generate.putObject("properties").put("Batch Size", Integer.toString(count)).put("Data Format", "Text").put("generate-ff-custom-text", "{}");
        generate.put("schedulingPeriod", "1 hour");
        generate.put("executionNode", "PRIMARY");
        final String generator = flow.createProcessor(group, STANDARD + "GenerateFlowFile", "generate", 0, 0, generate);
        final ObjectNode replace = NiFiClient.JSON.createObjectNode();
        replace.putObject("properties").put("Replacement Strategy", "Always Replace").put("Evaluation Mode", "Entire text")
                .put("Replacement Value", "{\"ottimate_location_id\": 10, \"invoice_number\": \"" + name + "-${UUID()}\", \"total_amount\": 10.00"
                        + moreFields + "}");
        replace.putArray("autoTerminatedRelationships").add("failure");
        final String invoice = flow.createProcessor(group, STANDARD + "ReplaceText", "one invoice each", 0, 200, replace);
        flow.connect(group, Endpoint.processor(generator, group), Endpoint.processor(invoice, group), List.of("success"));
        return invoice;
    }

    private static Endpoint funnel(final NiFiFlow flow, final String group, final Map<String, String> funnels, final String outcome) {
        return new Endpoint(funnels.computeIfAbsent(outcome, o -> flow.createFunnel(group, 700, 300 + 100 * funnels.size())), group, "FUNNEL");
    }

    private static Built start(final NiFiFlow flow, final String group, final String sender, final String invoice, final Map<String, String> queues) {
        final JsonNode validation = flow.awaitValidation(sender);
        if (!"VALID".equals(validation.path("validationStatus").asText())) {
            throw new IllegalStateException("the sender is not valid: " + validation.path("validationErrors"));
        }
        final String generator = generatorOf(flow, group);
        // everything but the generator, which runs once when the load is sent
        for (final JsonNode processor : flow.groupFlow(group).path("processors")) {
            if (!processor.path("id").asText().equals(generator)) {
                flow.startProcessor(processor.path("id").asText());
            }
        }
        return new Built(group, generator, sender, queues);
    }

    private static String generatorOf(final NiFiFlow flow, final String group) {
        for (final JsonNode processor : flow.groupFlow(group).path("processors")) {
            if (processor.path("component").path("type").asText().endsWith("GenerateFlowFile")) {
                return processor.path("id").asText();
            }
        }
        throw new IllegalStateException("no generator in " + group);
    }

    /** Sends the load: GenerateFlowFile runs once. */
    public static void trigger(final NiFiFlow flow, final Built built) {
        flow.runOnce(built.generatorId());
    }
}
