/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.ottimate.nifi.client.ExactJson;
import com.ottimate.nifi.client.model.ApiError;
import com.ottimate.nifi.client.model.OttimateRequest;
import com.ottimate.nifi.client.model.OttimateResult;
import com.ottimate.nifi.processors.async.PendingWork;
import com.ottimate.nifi.processors.resources.ApiFilters;
import com.ottimate.nifi.processors.resources.ApiResource;
import com.ottimate.nifi.processors.resources.QueryFilter;
import com.ottimate.nifi.services.OttimateConnectionService;
import org.apache.nifi.annotation.lifecycle.OnScheduled;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.flowfile.attributes.CoreAttributes;
import org.apache.nifi.processor.AbstractProcessor;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.util.StandardValidators;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What every Ottimate processor shares: the connection service property, the success / failure / retry
 * relationships, and one way of routing a failed call (attributes, bulletin, penalty).
 */
public abstract class AbstractOttimateProcessor extends AbstractProcessor {
    /** Writes API answers into flowfile content. */
    protected static final ObjectMapper JSON = ExactJson.mapper();

    public static final PropertyDescriptor CONNECTION_SERVICE = new PropertyDescriptor.Builder()
            .name("Ottimate Connection Service")
            .description("The connection (environment, credentials, retry and rate limit) used to call Ottimate.")
            .required(true)
            .identifiesControllerService(OttimateConnectionService.class)
            .build();

    public static final PropertyDescriptor IDEMPOTENCY_KEY = new PropertyDescriptor.Builder()
            .name("Idempotency Key")
            .description("Idempotency-Key sent with every POST. The default, the flowfile's uuid, is the same every time this flowfile is "
                    + "retried (also after a NiFi restart), so the API returns the first result instead of acting twice. Use a "
                    + "business key (e.g. ${erp.invoice.id}) to also protect against the same request arriving in two flowfiles. "
                    + "1 to 128 characters of A-Z a-z 0-9 . _ - + = /")
            .required(true)
            .defaultValue("${uuid}")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .build();

    public static final Relationship REL_SUCCESS = new Relationship.Builder()
            .name("success")
            .description("The API accepted the request; content is the API's answer.")
            .build();

    public static final Relationship REL_FAILURE = new Relationship.Builder()
            .name("failure")
            .description("Bad input or a request the API rejected (4xx other than 429). Retrying unchanged will not help; "
                    + "ottimate.error.code and ottimate.error.message say why.")
            .build();

    public static final Relationship REL_RETRY = new Relationship.Builder()
            .name("retry")
            .description("A transient failure (429, 5xx, time-out, broken connection) outlived the connection service's retries. "
                    + "The flowfile is penalized; route it back to this processor.")
            .build();

    public static final Relationship REL_PENDING = new Relationship.Builder()
            .name("pending")
            .description("Asynchronous work was submitted (an import batch, a bulk batch, an upload being extracted) and is still running. "
                    + "Connect it back to this processor: the flowfile is penalized, so the processor's Penalty Duration is the polling "
                    + "interval, and no thread waits meanwhile.")
            .build();

    public static final Relationship REL_NOT_FOUND = new Relationship.Builder()
            .name("not found")
            .description("The invoice (or other object) addressed does not exist in Ottimate (HTTP 404).")
            .build();


    private volatile OttimateConnectionService scheduledConnection;

    @OnScheduled
    public void rememberConnection(final ProcessContext context) {
        scheduledConnection = connection(context);
    }

    private void putRequestsToday(final Map<String, String> attributes) {
        final OttimateConnectionService current = scheduledConnection;
        if (current != null) {
            attributes.put(OttimateAttributes.REQUESTS_TODAY, Long.toString(current.requestsToday()));
        }
    }

    /** Filter windows whose literal start comes after their end can match nothing: refuse them before a run. */
    @Override
    protected Collection<ValidationResult> customValidate(final ValidationContext context) {
        return QueryFilter.rangeProblems(context, getSupportedPropertyDescriptors(), ApiFilters.RANGES);
    }

    protected static OttimateConnectionService connection(final ProcessContext context) {
        return context.getProperty(CONNECTION_SERVICE).asControllerService(OttimateConnectionService.class);
    }

    /**
     * Routes a call that did not succeed: rejected and not-found to {@code failure}, transient to {@code retry}
     * (penalized). Writes the status and error attributes and logs a bulletin naming the action.
     */
    protected void routeUnsuccessful(final ProcessSession session, final FlowFile flowFile, final OttimateResult result, final String action) {
        final ApiError error = switch (result) {
            case OttimateResult.Rejected rejected -> rejected.error();
            case OttimateResult.NotFound notFound -> notFound.error();
            case OttimateResult.Retryable retryable -> retryable.error();
            case OttimateResult.Success success -> throw new IllegalArgumentException("not a failure: " + success);
        };
        final Map<String, String> attributes = errorAttributes(error.code(), error.message());
        attributes.put(OttimateAttributes.STATUS_CODE, Integer.toString(result.status()));
        attributes.put(OttimateAttributes.ATTEMPTS, Integer.toString(result.attempts()));
        putRequestsToday(attributes);
        if (error.requestId() != null) {
            attributes.put(OttimateAttributes.REQUEST_ID, error.requestId());
        }
        FlowFile updated = session.putAllAttributes(flowFile, attributes);
        final String statusText = result.status() == 0 ? "no response" : "HTTP " + result.status();
        if (result instanceof OttimateResult.NotFound && getRelationships().contains(REL_NOT_FOUND)) {
            getLogger().warn("{}: not found ({}); routing {} to not found", action, error.message(), updated);
            session.transfer(session.removeAllAttributes(updated, settledAttributes()), REL_NOT_FOUND);
        } else if (result instanceof OttimateResult.Retryable retryable) {
            getLogger().warn("{} failed after {} attempt(s) with {} {}: {}; routing {} to retry", action, result.attempts(), statusText,
                    error.code(), error.message(), updated);
            if (retryable.unanswered() != null) {
                updated = session.putAllAttributes(updated, OttimateAttributes.unansweredAttributes(retryable.unanswered()));
            }
            updated = session.penalize(updated);
            session.transfer(updated, REL_RETRY);
        } else {
            getLogger().error("{} was refused with {} {}: {}{}; routing {} to failure", action, statusText, error.code(), error.message(),
                    error.requestId() == null ? "" : " [request_id " + error.requestId() + "]", updated);
            // waiting is over: nothing on failure looks like work still pending
            session.transfer(session.removeAllAttributes(updated, settledAttributes()), REL_FAILURE);
        }
    }

    /**
     * Replaces the content with the API's JSON answer, writes the status attributes plus {@code extra},
     * reports a provenance event (SEND for writes, RECEIVE-like FETCH for reads) and transfers to success.
     */
    protected void transferSuccess(final ProcessSession session, final FlowFile flowFile, final OttimateResult.Success success,
                                   final Map<String, String> extra, final long startedNanos, final boolean write) {
        transferSuccess(session, flowFile, success, extra, startedNanos, write, true);
    }

    /** As above; {@code answerAsContent} false keeps the flowfile's content as it is (no content write). */
    protected void transferSuccess(final ProcessSession session, final FlowFile flowFile, final OttimateResult.Success success,
                                   final Map<String, String> extra, final long startedNanos, final boolean write, final boolean answerAsContent) {
        final Map<String, String> attributes = new HashMap<>(extra);
        attributes.put(OttimateAttributes.STATUS_CODE, Integer.toString(success.status()));
        attributes.put(OttimateAttributes.ATTEMPTS, Integer.toString(success.attempts()));
        if (answerAsContent) {
            attributes.put(CoreAttributes.MIME_TYPE.key(), "application/json");
        }
        putRequestsToday(attributes);
        if (success.requestId() != null) {
            attributes.put(OttimateAttributes.REQUEST_ID, success.requestId());
        }
        FlowFile updated = session.removeAllAttributes(flowFile, CLEARED_ON_SUCCESS);
        if (answerAsContent) {
            // a 204 has no body: write an empty object so downstream JSON processors still parse the content
            updated = session.write(updated, out -> JSON.writeValue(out, success.body().isMissingNode() ? JSON.createObjectNode() : success.body()));
        }
        updated = session.putAllAttributes(updated, attributes);
        final long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
        if (write) {
            session.getProvenanceReporter().send(updated, success.uri().toString(), millis);
        } else {
            session.getProvenanceReporter().fetch(updated, success.uri().toString(), millis);
        }
        session.transfer(updated, REL_SUCCESS);
    }

    /** True when {@code key} can be sent; otherwise routes the flowfile to failure and answers false. */
    protected boolean validIdempotencyKey(final ProcessSession session, final FlowFile flowFile, final String key) {
        if (key != null && OttimateRequest.IDEMPOTENCY_KEY.matcher(key).matches()) {
            return true;
        }
        routeBadInput(session, flowFile, "invalid_idempotency_key", "Idempotency Key evaluated to "
                + (key == null || key.isEmpty() ? "an empty value" : "a value that is not 1 to 128 characters of A-Z a-z 0-9 . _ - + = /")
                + "; check the property's Expression Language");
        return false;
    }

    /**
     * {@code value} stripped when it can stand as an id in a path; otherwise routes the flowfile to failure
     * ({@code missing_<name>} when empty, {@code invalid_id} for {@code .}, {@code ..} or control characters, which no
     * encoding makes safe against a server or proxy that normalizes paths) and answers null.
     */
    protected String usableId(final ProcessSession session, final FlowFile flowFile, final String propertyName, final String value) {
        if (value == null || value.isBlank()) {
            routeBadInput(session, flowFile, "missing_" + propertyName.toLowerCase(Locale.ROOT).replace(' ', '_'),
                    propertyName + " evaluated to an empty value for " + flowFile);
            return null;
        }
        if (!OttimateRequest.isUsableId(value)) {
            routeBadInput(session, flowFile, "invalid_id", propertyName + " evaluated to '" + value.strip().replaceAll("\\p{Cntrl}", "?")
                    + "', which cannot be an id");
            return null;
        }
        return value.strip();
    }

    /** Routes input the processor cannot send at all (no request is made). */
    protected void routeBadInput(final ProcessSession session, final FlowFile flowFile, final String code, final String message) {
        getLogger().error("Cannot send {}: {}; routing to failure", flowFile, message);
        session.transfer(session.putAllAttributes(session.removeAllAttributes(flowFile, settledAttributes()), errorAttributes(code, message)),
                REL_FAILURE);
    }

    /** What a write that went unanswered carries to its next pass. */
    private static final Set<String> UNANSWERED = union(Set.of(OttimateAttributes.UNANSWERED_SINCE,
            OttimateAttributes.UNANSWERED_SETTLED), ApiResource.carriedWhileUnanswered());

    /** What a success no longer carries of the passes before it: its wait for an unanswered write, the error that sent it to retry. */
    protected static final Set<String> CLEARED_ON_SUCCESS = union(UNANSWERED,
            Set.of(OttimateAttributes.ERROR_CODE, OttimateAttributes.ERROR_MESSAGE));

    protected static Set<String> union(final Set<String> some, final Set<String> more) {
        final Set<String> both = new HashSet<>(some);
        both.addAll(more);
        return Set.copyOf(both);
    }

    /** What a flowfile that has its outcome no longer carries: waiting for a batch, waiting for an unanswered write. */
    private static Set<String> settledAttributes() {
        return union(PendingWork.attributeNames(), UNANSWERED);
    }

    private static Map<String, String> errorAttributes(final String code, final String message) {
        final Map<String, String> attributes = new HashMap<>();
        attributes.put(OttimateAttributes.ERROR_CODE, code);
        attributes.put(OttimateAttributes.ERROR_MESSAGE, message);
        return attributes;
    }
}
