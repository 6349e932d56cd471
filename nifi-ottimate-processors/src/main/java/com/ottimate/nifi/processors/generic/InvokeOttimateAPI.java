/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.generic;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.nifi.client.Lookup;
import com.ottimate.nifi.client.model.ApiError;
import com.ottimate.nifi.client.model.OttimateRequest;
import com.ottimate.nifi.client.model.OttimateResult;
import com.ottimate.nifi.client.model.Pagination;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.JsonContent;
import com.ottimate.nifi.processors.OttimateAttributes;
import com.ottimate.nifi.processors.async.PendingWork;
import com.ottimate.nifi.processors.invoices.FetchOttimateInvoice;
import com.ottimate.nifi.processors.invoices.PutOttimateInvoice;
import com.ottimate.nifi.processors.procurement.FetchOttimatePurchaseOrder;
import com.ottimate.nifi.processors.procurement.FetchOttimateReceipt;
import com.ottimate.nifi.processors.resources.ApiResource;
import com.ottimate.nifi.processors.resources.ApiResource.Action;
import com.ottimate.nifi.services.OttimateConnectionService;
import org.apache.nifi.annotation.behavior.DynamicProperty;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.SupportsBatching;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.components.DescribedValue;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.flowfile.attributes.CoreAttributes;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.exception.ProcessException;
import org.apache.nifi.processor.util.StandardValidators;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

@SupportsBatching
@InputRequirement(InputRequirement.Requirement.INPUT_REQUIRED)
@Tags({"ottimate", "http", "rest", "api", "generic", "purchase orders", "receipts", "batch"})
@CapabilityDescription("Calls any Ottimate API endpoint that has no purpose-built processor, such as purchase-order and receipt writes, "
        + "with the authentication, rate limit and retries of the Ottimate connection service.")
@UseCase(description = "Create purchase orders in bulk from a JSON document and wait for the batch result.",
        configuration = """
                HTTP Method POST, Path purchase-orders/bulk, Follow Batch true; content is the bulk body.
                Connect pending and retry back to this processor; success carries the batch's per-task results.
                """)
@UseCase(description = "Update a purchase order's lines.",
        configuration = """
                HTTP Method PATCH, Path purchase-orders/${ottimate.purchase.order.id}; content is the PATCH body (lines with an id are
                updated, lines without one are added: after an unanswered attempt such a PATCH goes to failure, not sent twice).
                """)
@SeeAlso({PutOttimateInvoice.class, FetchOttimateInvoice.class, FetchOttimatePurchaseOrder.class, FetchOttimateReceipt.class})
@DynamicProperty(name = "A query parameter name", value = "Its value (Expression Language)", description = "Added to the request's query string.",
        expressionLanguageScope = ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
@WritesAttributes({
        @WritesAttribute(attribute = OttimateAttributes.STATUS_CODE, description = "HTTP status of the last call"),
        @WritesAttribute(attribute = OttimateAttributes.REQUEST_ID, description = "The API's request id"),
        @WritesAttribute(attribute = "ottimate.item.count", description = "Items gathered when following pages"),
        @WritesAttribute(attribute = "ottimate.batch.id", description = "Batch id of a followed 202 answer"),
        @WritesAttribute(attribute = OttimateAttributes.ATTEMPTS, description = "Attempts made, including retries"),
        @WritesAttribute(attribute = OttimateAttributes.UNANSWERED_SINCE, description = "On retry: when the first unanswered attempt of a "
                + "write was sent; what it made cannot be older (the look-up's window)"),
        @WritesAttribute(attribute = OttimateAttributes.UNANSWERED_SETTLED, description = "On retry: when the latest unanswered attempt can no "
                + "longer be applied; when the flowfile comes back after it, the write is looked for by its proof before anything is sent"),
        @WritesAttribute(attribute = OttimateAttributes.REPLAYED, description = "POST: true when the outcome is an earlier attempt's, replayed by "
                + "the API from its idempotency cache or proven by the Duplicate Check Path after the attempt went unanswered"),
        @WritesAttribute(attribute = OttimateAttributes.REQUESTS_TODAY, description = "Requests the connection sent today (UTC)"),
        @WritesAttribute(attribute = PendingWork.JOBS, description = "On the flowfile sent to pending: the batch being followed"),
        @WritesAttribute(attribute = PendingWork.SINCE, description = "On the flowfile sent to pending: when the batch was submitted"),
        @WritesAttribute(attribute = PendingWork.POLLS, description = "On the flowfile sent to pending: polls made"),
        @WritesAttribute(attribute = PendingWork.BATCH_SIZE, description = "On the flowfile sent to pending: 0 (the batch is the whole request)"),
        @WritesAttribute(attribute = "mime.type", description = "application/json on success"),
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
            .description("How long to follow a batch on 'pending' (the processor's Penalty Duration is the polling interval) before routing "
                    + "to retry (re-sending uses the same key: the API answers with the same batch).")
            .required(true)
            .defaultValue("2 mins")
            .dependsOn(FOLLOW_BATCH, "true")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    public static final PropertyDescriptor POST_IDEMPOTENCY_KEY = new PropertyDescriptor.Builder()
            .fromPropertyDescriptor(IDEMPOTENCY_KEY)
            .dependsOn(METHOD, Method.POST)
            .build();

    public static final PropertyDescriptor DUPLICATE_CHECK = new PropertyDescriptor.Builder()
            .name("Duplicate Check Path")
            .description("Where the API does not honour Idempotency-Key (a beta header in production): a GET path with field=value "
                    + "filters that find what this POST creates by a value only it sends, e.g. purchase-orders?external_id=${po.external_id}. "
                    + "After an attempt whose outcome is unknown (a time-out, a lost answer), it is read before the POST is sent again: "
                    + "the one object whose fields equal every filter's value is taken as the outcome; none, and the POST is sent again; "
                    + "several, and the flowfile goes to failure (unconfirmed_write). Values are taken as written ('+' stays '+'; %XX "
                    + "is decoded). Empty: the POST is sent again with the same Idempotency-Key.")
            .required(false)
            .dependsOn(METHOD, Method.POST)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .build();

    static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(CONNECTION_SERVICE, METHOD, PATH, FOLLOW_PAGES, ITEMS_FIELD, PAGE_SIZE,
            FOLLOW_BATCH, BATCH_TIMEOUT, POST_IDEMPOTENCY_KEY, DUPLICATE_CHECK);
    static final Set<Relationship> RELATIONSHIPS = Set.of(REL_SUCCESS, REL_NOT_FOUND, REL_FAILURE, REL_RETRY);
    static final Set<Relationship> BATCH_RELATIONSHIPS = Set.of(REL_SUCCESS, REL_NOT_FOUND, REL_FAILURE, REL_RETRY, REL_PENDING);
    static final String BATCH_ID = "ottimate.batch.id";

    private volatile String method = Method.GET.getValue();
    private volatile String followBatch = "true";
    private final Clock clock;

    public InvokeOttimateAPI() {
        this(Clock.systemUTC());
    }

    /** For tests: the clock that decides batch time-outs. */
    InvokeOttimateAPI(final Clock clock) {
        this.clock = clock;
    }

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
        return Method.POST.getValue().equals(method) && "true".equals(followBatch) ? BATCH_RELATIONSHIPS : RELATIONSHIPS;
    }

    @Override
    public void onPropertyModified(final PropertyDescriptor descriptor, final String oldValue, final String newValue) {
        if (descriptor.equals(METHOD)) {
            method = newValue == null ? Method.GET.getValue() : newValue;
        } else if (descriptor.equals(FOLLOW_BATCH)) {
            followBatch = newValue == null ? "true" : newValue;
        }
    }

    @Override
    public void onTrigger(final ProcessContext context, final ProcessSession session) {
        final FlowFile flowFile = session.get();
        if (flowFile == null) {
            return;
        }
        final boolean followsBatches = context.getProperty(METHOD).asAllowableValue(Method.class) == Method.POST
                && context.getProperty(FOLLOW_BATCH).asBoolean();
        // only a POST that follows its batch waits on 'pending': anything else carrying its attributes is new input
        final Optional<PendingWork> pending = followsBatches ? PendingWork.of(flowFile) : Optional.empty();
        if (pending.isPresent()) {
            followBatch(context, session, flowFile, connection(context), pending.get());
            return;
        }
        final Method method = context.getProperty(METHOD).asAllowableValue(Method.class);
        final OttimateRequest request = request(context, session, flowFile, method);
        if (request == null) {
            return;
        }
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
            // the answer tells where the work is; the flowfile keeps its body, so a retry re-sends it under the same key
            session.getProvenanceReporter().send(flowFile, success.uri().toString(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            PendingWork.start(clock.millis(), 0).with(new PendingWork.Job(-1, batchId, false))
                    .park(session, flowFile, Map.of(BATCH_ID, batchId), REL_PENDING);
            return;
        }
        // a POST settled by the Duplicate Check after an unanswered attempt says so, as the API's own replays do
        transferSuccess(session, flowFile, success, method == Method.POST ? Map.of(OttimateAttributes.REPLAYED, Boolean.toString(success.replayed()))
                : Map.of(), started, method != Method.GET);
    }

    /**
     * The call the properties and the flowfile describe: path, dynamic query parameters, body, and for writes what keeps
     * them from applying twice (key, Duplicate Check, or a refusal to resend line adds); null when the input was refused
     * (the flowfile is routed already).
     */
    private OttimateRequest request(final ProcessContext context, final ProcessSession session, final FlowFile flowFile, final Method method) {
        final String rawPath = context.getProperty(PATH).evaluateAttributeExpressions(flowFile).getValue();
        final Optional<String[]> segments = segments(rawPath);
        if (segments.isEmpty()) {
            routeBadInput(session, flowFile, "invalid_path", "Path '" + rawPath + "' is not a path below /v1 (empty, '.' or '..' segments, or control characters)");
            return null;
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
                return null;
            }
            builder.json(body.toString().getBytes(StandardCharsets.UTF_8));
            if (method == Method.PATCH && addsElements(body)) {
                // the API creates an element without an id on every PATCH: after a lost answer, sending it again could add it twice,
                // and a generic call has nothing to prove it by
                builder.lookup(Lookup.unprovable("PATCH " + rawPath + " adds elements without an id (e.g. invoice "
                        + "lines), and its attempt went unanswered: sending it again could add them twice, and nothing proves whether it went "
                        + "through. Check the object in Ottimate, then send what is missing or drop it (PutOttimateInvoice proves line adds)"))
                        .unanswered(OttimateAttributes.unanswered(flowFile));
            }
        }
        if (method == Method.POST) {
            final String key = context.getProperty(POST_IDEMPOTENCY_KEY).evaluateAttributeExpressions(flowFile).getValue();
            if (!validIdempotencyKey(session, flowFile, key)) {
                return null;
            }
            builder.idempotencyKey(key);
            final String check = context.getProperty(DUPLICATE_CHECK).evaluateAttributeExpressions(flowFile).getValue();
            if (check != null && !check.isBlank()) {
                final DuplicateCheck duplicateCheck;
                try {
                    duplicateCheck = DuplicateCheck.parse(check.strip());
                } catch (final IllegalArgumentException e) {
                    routeBadInput(session, flowFile, "invalid_duplicate_check", e.getMessage());
                    return null;
                }
                builder.lookup(duplicateCheck.lookup()).unanswered(OttimateAttributes.unanswered(flowFile));
            }
        }
        return builder.build();
    }

    /** Writes every page's items as one JSON array, streamed: one page in memory at a time. */
    private void followPages(final ProcessContext context, final ProcessSession session, final FlowFile flowFile,
                             final OttimateConnectionService connection, final OttimateRequest request, final long started) {
        final OttimateResult[] outcome = new OttimateResult[1];
        final int[] count = {0};
        final FlowFile written;
        try {
            written = session.write(flowFile, out -> {
                try (JsonGenerator json = JSON.getFactory().createGenerator(out)) {
                    json.writeStartArray();
                    outcome[0] = Pagination.forEach(connection::execute, request, context.getProperty(ITEMS_FIELD).getValue(),
                            context.getProperty(PAGE_SIZE).asInteger(), (items, page) -> {
                                for (final JsonNode item : items) {
                                    JSON.writeTree(json, item);
                                    count[0]++;
                                }
                                return true;
                            });
                    if (!(outcome[0] instanceof OttimateResult.Success)) {
                        throw new PagingStopped();
                    }
                    json.writeEndArray();
                } catch (final IOException e) {
                    throw e;
                } catch (final Exception e) {
                    throw new IOException(e);
                }
            });
        } catch (final ProcessException e) {
            if (outcome[0] != null && !(outcome[0] instanceof OttimateResult.Success)) {
                // the content was not replaced: the flowfile goes on as it came
                routeUnsuccessful(session, flowFile, outcome[0], "Listing " + request.encodedPath());
                return;
            }
            throw e;
        }
        final OttimateResult.Success last = (OttimateResult.Success) outcome[0];
        final Map<String, String> attributes = new HashMap<>();
        attributes.put("ottimate.item.count", Integer.toString(count[0]));
        attributes.put(OttimateAttributes.STATUS_CODE, Integer.toString(last.status()));
        attributes.put(OttimateAttributes.ATTEMPTS, Integer.toString(last.attempts()));
        attributes.put(CoreAttributes.MIME_TYPE.key(), "application/json");
        final FlowFile done = session.putAllAttributes(written, attributes);
        session.getProvenanceReporter().fetch(done, last.uri().toString(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        session.transfer(done, REL_SUCCESS);
    }

    /** The API stopped answering part-way through the pages; nothing is written. */
    private static final class PagingStopped extends IOException {
        PagingStopped() {
            super("paging stopped", null);
        }
    }

    /** A flowfile back from 'pending': polls its batch once; writes the results once it is completed. */
    private void followBatch(final ProcessContext context, final ProcessSession session, final FlowFile flowFile,
                             final OttimateConnectionService connection, final PendingWork work) {
        final long started = System.nanoTime();
        final PendingWork.Job job = work.jobs().getFirst();
        final PendingWork.PollOutcome polled = work.pollOnce(PendingWork.batches(connection::execute));
        final boolean timedOut = work.timedOut(clock.millis(), context.getProperty(BATCH_TIMEOUT).asTimePeriod(TimeUnit.MILLISECONDS));
        if (polled.failure() != null || (!polled.work().allDone() && timedOut)) {
            final OttimateResult outcome = polled.failure() != null ? polled.failure()
                    : new OttimateResult.Retryable(connection.uriOf(OttimateRequest.get(ApiResource.BATCHES.action(job.id(), Action.PROGRESS)).build()), 202,
                    ApiError.local("batch_timeout", "Batch " + job.id() + " was still running when Batch Timeout passed"), 1);
            routeUnsuccessful(session, session.removeAllAttributes(flowFile, PendingWork.attributeNames()), outcome, "Following batch " + job.id());
            return;
        }
        if (!polled.work().allDone()) {
            polled.work().park(session, flowFile, Map.of(), REL_PENDING);
            return;
        }
        final OttimateResult results = PendingWork.batchResults(connection::execute, job.id());
        if (!(results instanceof OttimateResult.Success read)) {
            routeUnsuccessful(session, session.removeAllAttributes(flowFile, PendingWork.attributeNames()), results, "Reading the results of batch " + job.id());
            return;
        }
        final List<JsonNode> tasks = PendingWork.tasks(read.body());
        final long failed = tasks.stream().filter(task -> task.path("result").isNull() || task.path("result").isMissingNode()).count();
        final ObjectNode body = JSON.createObjectNode();
        body.put("batch_id", job.id());
        body.put("tasks_failed", failed);
        body.putArray("results").addAll(tasks);
        transferSuccess(session, session.removeAllAttributes(flowFile, PendingWork.attributeNames()), new OttimateResult.Success(read.uri(),
                read.status(), body, read.requestId(), false, read.attempts()), Map.of(BATCH_ID, job.id(), "ottimate.batch.tasks.failed",
                Long.toString(failed)), started, false);
    }

    /** Whether a PATCH body holds a list element without an id (an invoice line to add): the API creates one on every PATCH. */
    static boolean addsElements(final ObjectNode body) {
        for (final Map.Entry<String, JsonNode> field : body.properties()) {
            if (field.getValue().isArray()) {
                for (final JsonNode element : field.getValue()) {
                    if (element.isObject() && !element.hasNonNull("id")) {
                        return true;
                    }
                }
            }
        }
        return false;
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
