package com.ottimate.nifi.processors.generic;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.nifi.client.BatchResult;
import com.ottimate.nifi.client.OttimateRequest;
import com.ottimate.nifi.client.OttimateResult;
import com.ottimate.nifi.client.Pages;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.JsonContent;
import com.ottimate.nifi.processors.OttimateAttributes;
import com.ottimate.nifi.services.OttimateConnectionService;
import org.apache.nifi.annotation.behavior.DynamicProperty;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.components.DescribedValue;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.util.StandardValidators;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

@InputRequirement(InputRequirement.Requirement.INPUT_REQUIRED)
@Tags({"ottimate", "http", "rest", "api", "generic", "purchase orders", "receipts", "batch"})
@CapabilityDescription("Calls any Ottimate endpoint not covered by a purpose-built processor (purchase orders, receipts, batch progress, "
        + "endpoints announced for later releases) through the connection service's one request path: the same token, X-Api-Key, "
        + "rate limit, retries and Idempotency-Key. GET lists can be followed to the last page; a 202 bulk answer can be followed to "
        + "its batch results. It is the escape hatch, not a replacement for the purpose-built processors.")
@DynamicProperty(name = "A query parameter name", value = "Its value (Expression Language)", description = "Added to the request's query string.",
        expressionLanguageScope = ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
@WritesAttributes({
        @WritesAttribute(attribute = OttimateAttributes.STATUS_CODE, description = "HTTP status of the last call"),
        @WritesAttribute(attribute = OttimateAttributes.REQUEST_ID, description = "The API's request id"),
        @WritesAttribute(attribute = "ottimate.item.count", description = "Items gathered when following pages"),
        @WritesAttribute(attribute = "ottimate.batch.id", description = "Batch id of a followed 202 answer"),
        @WritesAttribute(attribute = "ottimate.batch.tasks.failed", description = "Failed tasks of a followed batch"),
        @WritesAttribute(attribute = OttimateAttributes.ERROR_CODE, description = "On failure or retry: the error code"),
        @WritesAttribute(attribute = OttimateAttributes.ERROR_MESSAGE, description = "On failure or retry: what went wrong")
})
public class InvokeOttimateAPI extends AbstractOttimateProcessor {

    public enum Method implements DescribedValue {
        GET, POST, PATCH, DELETE;

        @Override
        public String getValue() {
            return name();
        }

        @Override
        public String getDisplayName() {
            return name();
        }

        @Override
        public String getDescription() {
            return this == POST || this == PATCH ? "Sends the flowfile content as the JSON body" : "Sends no body";
        }
    }

    public static final PropertyDescriptor METHOD = new PropertyDescriptor.Builder()
            .name("HTTP Method")
            .description("The request's method.")
            .required(true)
            .allowableValues(Method.class)
            .defaultValue(Method.GET)
            .build();

    public static final PropertyDescriptor PATH = new PropertyDescriptor.Builder()
            .name("Path")
            .description("Endpoint path below the API base (/v1), e.g. purchase-orders or receipts/${receipt.id}. Each segment is sent "
                    + "percent-encoded, so values from attributes cannot climb to another endpoint; '.', '..' and empty segments are refused.")
            .required(true)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .build();

    public static final PropertyDescriptor FOLLOW_PAGES = new PropertyDescriptor.Builder()
            .name("Follow Pages")
            .description("For GET lists: read every page (page/limit/count) and write all items as one JSON array.")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("false")
            .dependsOn(METHOD, Method.GET)
            .build();

    public static final PropertyDescriptor ITEMS_FIELD = new PropertyDescriptor.Builder()
            .name("Items Field")
            .description("Array field holding a page's items (results, purchase_orders, receipts …). Empty: the first array field of the answer.")
            .required(false)
            .dependsOn(FOLLOW_PAGES, "true")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor PAGE_SIZE = new PropertyDescriptor.Builder()
            .name("Page Size")
            .description("Items per page when following pages.")
            .required(true)
            .defaultValue("100")
            .dependsOn(FOLLOW_PAGES, "true")
            .addValidator(StandardValidators.createLongValidator(1, 1000, true))
            .build();

    public static final PropertyDescriptor FOLLOW_BATCH = new PropertyDescriptor.Builder()
            .name("Follow Batch")
            .description("When the answer is 202 with a batch_id (asynchronous bulk), follow /batch/{id}/progress and write /batch/{id}/results.")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("true")
            .dependsOn(METHOD, Method.POST)
            .build();

    public static final PropertyDescriptor BATCH_TIMEOUT = new PropertyDescriptor.Builder()
            .name("Batch Timeout")
            .description("How long to follow a batch before routing to retry (re-sending uses the same key: the API answers with the same batch).")
            .required(true)
            .defaultValue("2 mins")
            .dependsOn(FOLLOW_BATCH, "true")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    public static final PropertyDescriptor POST_IDEMPOTENCY_KEY = new PropertyDescriptor.Builder()
            .fromPropertyDescriptor(IDEMPOTENCY_KEY)
            .dependsOn(METHOD, Method.POST)
            .build();

    static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(CONNECTION_SERVICE, METHOD, PATH, FOLLOW_PAGES, ITEMS_FIELD, PAGE_SIZE,
            FOLLOW_BATCH, BATCH_TIMEOUT, POST_IDEMPOTENCY_KEY);
    static final Set<Relationship> RELATIONSHIPS = Set.of(REL_SUCCESS, REL_NOT_FOUND, REL_FAILURE, REL_RETRY);

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    protected PropertyDescriptor getSupportedDynamicPropertyDescriptor(final String name) {
        return new PropertyDescriptor.Builder().name(name).description("Query parameter " + name).dynamic(true)
                .addValidator(StandardValidators.NON_BLANK_VALIDATOR).expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES).build();
    }

    @Override
    public Set<Relationship> getRelationships() {
        return RELATIONSHIPS;
    }

    @Override
    public void onTrigger(final ProcessContext context, final ProcessSession session) {
        final FlowFile flowFile = session.get();
        if (flowFile == null) {
            return;
        }
        final Method method = context.getProperty(METHOD).asAllowableValue(Method.class);
        final String rawPath = context.getProperty(PATH).evaluateAttributeExpressions(flowFile).getValue();
        final Optional<String[]> segments = segments(rawPath);
        if (segments.isEmpty()) {
            routeBadInput(session, flowFile, "invalid_path", "Path '" + rawPath + "' is not a path below /v1 (empty, '.' or '..' segments, or control characters)");
            return;
        }
        final OttimateRequest.Builder builder = switch (method) {
            case GET -> OttimateRequest.get(segments.get());
            case POST -> OttimateRequest.post(segments.get());
            case PATCH -> OttimateRequest.patch(segments.get());
            case DELETE -> OttimateRequest.delete(segments.get());
        };
        context.getProperties().keySet().stream().filter(PropertyDescriptor::isDynamic).forEach(property ->
                builder.query(property.getName(), context.getProperty(property).evaluateAttributeExpressions(flowFile).getValue()));
        if (method == Method.POST || method == Method.PATCH) {
            final ObjectNode body;
            try {
                body = flowFile.getSize() == 0 ? JSON.createObjectNode() : JsonContent.readObject(session, flowFile, JSON);
            } catch (final JsonContent.InvalidJson e) {
                routeBadInput(session, flowFile, "invalid_json", e.getMessage());
                return;
            }
            builder.json(body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        if (method == Method.POST) {
            final String key = context.getProperty(POST_IDEMPOTENCY_KEY).evaluateAttributeExpressions(flowFile).getValue();
            if (!validIdempotencyKey(session, flowFile, key)) {
                return;
            }
            builder.idempotencyKey(key);
        }
        final OttimateRequest request = builder.build();
        final OttimateConnectionService connection = connection(context);
        final long started = System.nanoTime();
        if (method == Method.GET && context.getProperty(FOLLOW_PAGES).asBoolean()) {
            followPages(context, session, flowFile, connection, request, started);
            return;
        }
        final OttimateResult result = connection.execute(request);
        if (!(result instanceof OttimateResult.Success success)) {
            routeUnsuccessful(session, flowFile, result, method + " " + request.encodedPath());
            return;
        }
        final String batchId = success.body().path("batch_id").asText("");
        if (method == Method.POST && success.status() == 202 && !batchId.isEmpty() && context.getProperty(FOLLOW_BATCH).asBoolean()) {
            followBatch(context, session, flowFile, connection, success, batchId, started);
            return;
        }
        transferSuccess(session, flowFile, success, Map.of(), started, method != Method.GET);
    }

    private void followPages(final ProcessContext context, final ProcessSession session, final FlowFile flowFile,
                             final OttimateConnectionService connection, final OttimateRequest request, final long started) {
        final ArrayNode all = JSON.createArrayNode();
        final OttimateResult result;
        try {
            result = Pages.forEach(connection::execute, request, context.getProperty(ITEMS_FIELD).getValue(),
                    context.getProperty(PAGE_SIZE).asInteger(), (items, page) -> {
                        all.addAll((ArrayNode) items);
                        return true;
                    });
        } catch (final Exception e) {
            throw new org.apache.nifi.processor.exception.ProcessException(e);
        }
        if (!(result instanceof OttimateResult.Success)) {
            routeUnsuccessful(session, flowFile, result, "Listing " + request.encodedPath());
            return;
        }
        final OttimateResult.Success last = (OttimateResult.Success) result;
        transferSuccess(session, flowFile, new OttimateResult.Success(last.uri(), last.status(), all, last.requestId(), false, last.attempts()),
                Map.of("ottimate.item.count", Integer.toString(all.size())), started, false);
    }

    private void followBatch(final ProcessContext context, final ProcessSession session, final FlowFile flowFile,
                             final OttimateConnectionService connection, final OttimateResult.Success accepted, final String batchId, final long started) {
        final BatchResult batch = connection.followBatch(batchId, Duration.ofSeconds(2),
                Duration.ofMillis(context.getProperty(BATCH_TIMEOUT).asTimePeriod(TimeUnit.MILLISECONDS)));
        if (!batch.completed()) {
            final OttimateResult outcome = batch.outcome() instanceof OttimateResult.Success running
                    ? new OttimateResult.Retryable(running.uri(), 202, com.ottimate.nifi.client.ApiError.local("batch_timeout",
                    "Batch " + batchId + " was still running when Batch Timeout passed"), running.attempts())
                    : batch.outcome();
            routeUnsuccessful(session, session.putAttribute(flowFile, "ottimate.batch.id", batchId), outcome, "Following batch " + batchId);
            return;
        }
        final ObjectNode body = JSON.createObjectNode();
        body.put("batch_id", batchId);
        body.put("tasks_failed", batch.tasksFailed());
        body.putArray("results").addAll(batch.tasks());
        final Map<String, String> attributes = new HashMap<>();
        attributes.put("ottimate.batch.id", batchId);
        attributes.put("ottimate.batch.tasks.failed", Integer.toString(batch.tasksFailed()));
        transferSuccess(session, flowFile, new OttimateResult.Success(accepted.uri(), accepted.status(), body, accepted.requestId(),
                accepted.replayed(), accepted.attempts()), attributes, started, true);
    }

    static Optional<String[]> segments(final String rawPath) {
        if (rawPath == null || rawPath.chars().anyMatch(Character::isISOControl)) {
            return Optional.empty();
        }
        String path = rawPath.strip();
        if (path.startsWith("/")) {
            path = path.substring(1);
        }
        if (path.startsWith("v1/")) {
            path = path.substring(3);
        }
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        final String[] segments = path.split("/", -1);
        for (final String segment : segments) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return Optional.empty();
            }
        }
        return Optional.of(segments);
    }
}
