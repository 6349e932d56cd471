package com.ottimate.nifi.processors;

import com.ottimate.nifi.client.ApiError;
import com.ottimate.nifi.client.OttimateResult;
import com.ottimate.nifi.services.OttimateConnectionService;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.processor.AbstractProcessor;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;

import java.util.HashMap;
import java.util.Map;

/**
 * What every Ottimate processor shares: the connection service property, the success / failure / retry
 * relationships, and one way of routing a failed call (attributes, bulletin, penalty).
 */
public abstract class AbstractOttimateProcessor extends AbstractProcessor {

    public static final PropertyDescriptor CONNECTION_SERVICE = new PropertyDescriptor.Builder()
            .name("Ottimate Connection Service")
            .description("The connection (environment, credentials, retry and rate limit) used to call Ottimate.")
            .required(true)
            .identifiesControllerService(OttimateConnectionService.class)
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
        if (error.requestId() != null) {
            attributes.put(OttimateAttributes.REQUEST_ID, error.requestId());
        }
        FlowFile updated = session.putAllAttributes(flowFile, attributes);
        final String statusText = result.status() == 0 ? "no response" : "HTTP " + result.status();
        if (result instanceof OttimateResult.Retryable) {
            getLogger().warn("{} failed after {} attempt(s) with {} {}: {}; routing {} to retry", action, result.attempts(), statusText,
                    error.code(), error.message(), updated);
            updated = session.penalize(updated);
            session.transfer(updated, REL_RETRY);
        } else {
            getLogger().error("{} was refused with {} {}: {}{}; routing {} to failure", action, statusText, error.code(), error.message(),
                    error.requestId() == null ? "" : " [request_id " + error.requestId() + "]", updated);
            session.transfer(updated, REL_FAILURE);
        }
    }

    /** Routes input the processor cannot send at all (no request is made). */
    protected void routeBadInput(final ProcessSession session, final FlowFile flowFile, final String code, final String message) {
        getLogger().error("Cannot send {}: {}; routing to failure", flowFile, message);
        session.transfer(session.putAllAttributes(flowFile, errorAttributes(code, message)), REL_FAILURE);
    }

    private static Map<String, String> errorAttributes(final String code, final String message) {
        final Map<String, String> attributes = new HashMap<>();
        attributes.put(OttimateAttributes.ERROR_CODE, code);
        attributes.put(OttimateAttributes.ERROR_MESSAGE, message);
        return attributes;
    }
}
