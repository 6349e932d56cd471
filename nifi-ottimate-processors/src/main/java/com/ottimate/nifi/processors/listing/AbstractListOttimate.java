/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.listing;

import com.fasterxml.jackson.databind.JsonNode;
import com.ottimate.nifi.client.model.ApiError;
import com.ottimate.nifi.client.model.OttimateRequest;
import com.ottimate.nifi.client.model.OttimateResult;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.records.ObjectOutput;
import com.ottimate.nifi.processors.records.OutputStrategy;
import com.ottimate.nifi.processors.resources.ApiResource;
import com.ottimate.nifi.processors.resources.QueryFilter;
import com.ottimate.nifi.services.OttimateConnectionService;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.PrimaryNodeOnly;
import org.apache.nifi.annotation.behavior.TriggerSerially;
import org.apache.nifi.annotation.lifecycle.OnScheduled;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.VerifiableProcessor;
import org.apache.nifi.processor.exception.ProcessException;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.serialization.RecordSetWriterFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What every Ottimate listing source shares, the way NiFi's own List processors work: no input, one thread on the
 * primary node, its position in cluster state (a new primary node continues from it), a default schedule that keeps
 * within the daily quota, a Verify that lists one page, and one relationship. A listing that fails emits nothing,
 * keeps its state, raises a bulletin and yields until the next run; there is no flowfile to route to failure.
 */
@PrimaryNodeOnly
@TriggerSerially
@InputRequirement(InputRequirement.Requirement.INPUT_FORBIDDEN)
public abstract class AbstractListOttimate extends AbstractOttimateProcessor implements VerifiableProcessor {

    public static final PropertyDescriptor PAGE_SIZE = new PropertyDescriptor.Builder()
            .name("Page Size")
            .description("Objects per request, at most what the API takes (100 for most collections). Larger pages mean fewer requests "
                    + "against the daily quota.")
            .required(true)
            .defaultValue("100")
            .addValidator(StandardValidators.createLongValidator(1, 200, true))
            .build();

    public static final PropertyDescriptor OUTPUT_STRATEGY = OutputStrategy.PROPERTY;
    public static final PropertyDescriptor RECORD_WRITER = OutputStrategy.RECORD_WRITER;

    public static final Relationship REL_SUCCESS = new Relationship.Builder()
            .name("success")
            .description("What the listing found: records (one or more flowfiles per run) or one JSON flowfile per object.")
            .build();

    static final Set<Relationship> RELATIONSHIPS = Set.of(REL_SUCCESS);

    /** The state key of the fingerprint of the filters the saved position was listed with. */
    static final String FILTERS_STATE_KEY = "filters";

    private volatile boolean configurationChanged;

    @Override
    public Set<Relationship> getRelationships() {
        return RELATIONSHIPS;
    }

    /** The collection listed (it may depend on a Resource property). */
    protected abstract ApiResource resource(ProcessContext context);

    /** The requests of one run, with their filters but without paging: usually one, one per account for some, none when there is nothing to list. */
    protected abstract List<OttimateRequest> requests(ProcessContext context, OttimateConnectionService connection)
            throws QueryFilter.InvalidFilter, ListingFailed;

    /** Properties whose change means another listing, which starts from scratch. */
    protected abstract boolean restartsListing(PropertyDescriptor descriptor);

    /** Runs the listing: incremental over modification time, or a whole snapshot with change tracking. */
    protected abstract ListingRun list(ProcessContext context, OttimateConnectionService connection, List<OttimateRequest> requests,
                                       Map<String, String> state, ObjectOutput.ByChange sink) throws Exception;

    /** A run's outcome: the last answer, the state to keep when it succeeded, and a line for the log. */
    public record ListingRun(OttimateResult result, Map<String, String> state, String summary) {
    }

    /** A run cannot start (e.g. the accounts to list could not be read); the message says why. */
    public static final class ListingFailed extends Exception {
        private final OttimateResult result;

        public ListingFailed(final OttimateResult result) {
            super(describe(result), null, false, false);
            this.result = result;
        }

        public OttimateResult result() {
            return result;
        }
    }

    @Override
    public void onPropertyModified(final PropertyDescriptor descriptor, final String oldValue, final String newValue) {
        if (isConfigurationRestored() && restartsListing(descriptor)) {
            configurationChanged = true;
        }
    }

    /** Other filters mean another listing: it starts from scratch. Done here, never in onTrigger. */
    @OnScheduled
    public void resetStateIfConfigurationChanged(final ProcessContext context) throws IOException {
        if (configurationChanged) {
            context.getStateManager().clear(Scope.CLUSTER);
            configurationChanged = false;
        }
    }

    @Override
    public void onTrigger(final ProcessContext context, final ProcessSession session) {
        final OttimateConnectionService connection = connection(context);
        final ApiResource resource = resource(context);
        final String filters = filtersFingerprint(context);
        final Map<String, String> state;
        try {
            state = stateFor(session.getState(Scope.CLUSTER).toMap(), filters, resource);
        } catch (final IOException e) {
            getLogger().error("Cannot read cluster state; not listing this time", e);
            context.yield();
            return;
        }
        try (ObjectOutput.ByChange sink = sink(context, session, resource)) {
            final List<OttimateRequest> requests;
            try {
                requests = requests(context, connection);
            } catch (final QueryFilter.InvalidFilter e) {
                getLogger().error("Listing {} not started: {}", resource.path(), e.getMessage());
                context.yield();
                return;
            } catch (final ListingFailed e) {
                logFailure(resource, e.result());
                context.yield();
                return;
            }
            if (requests.isEmpty()) {
                getLogger().debug("Nothing to list in {}: the connection's credentials see no account", resource.path());
                context.yield();
                return;
            }
            final ListingRun run = list(context, connection, requests, state, sink);
            if (!(run.result() instanceof OttimateResult.Success)) {
                sink.discard();
                logFailure(resource, run.result());
                context.yield();
                return;
            }
            final int count = sink.complete(REL_SUCCESS, Map.of(resource.countAttribute(), Integer.toString(sink.count())),
                    connection.uriOf(requests.getFirst()).toString());
            final Map<String, String> next = new HashMap<>(run.state());
            next.put(FILTERS_STATE_KEY, filters);
            session.setState(next, Scope.CLUSTER);
            session.adjustCounter(resource.path() + " listed", count, false);
            getLogger().debug("Listing {}: {}", resource.path(), run.summary());
            if (count == 0) {
                context.yield();
            }
        } catch (final Exception e) {
            throw new ProcessException("Listing " + resource.path() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The state this run continues from: the saved one, unless it was saved for other filters. The in-memory flag of
     * {@link #onPropertyModified} misses a change made while NiFi was down or by another node's flow; the fingerprint
     * kept beside the position does not. State from before the fingerprint existed is taken as is.
     */
    private Map<String, String> stateFor(final Map<String, String> saved, final String filters, final ApiResource resource) {
        final String savedFilters = saved.get(FILTERS_STATE_KEY);
        if (savedFilters == null || savedFilters.equals(filters)) {
            return saved;
        }
        getLogger().info("Listing {}: the filters differ from those of the saved position; listing from scratch", resource.path());
        return Map.of();
    }

    /** A digest of the configured values of the properties whose change means another listing. */
    private String filtersFingerprint(final ProcessContext context) {
        final TreeMap<String, String> values = new TreeMap<>();
        // as configured (expressions unevaluated): reading a property whose dependency is unmet is not allowed
        context.getProperties().forEach((descriptor, value) -> {
            if (restartsListing(descriptor)) {
                values.put(descriptor.getName(), value);
            }
        });
        return Fingerprints.of(values.toString());
    }

    private void logFailure(final ApiResource resource, final OttimateResult result) {
        getLogger().error("Listing {} stopped ({}); nothing emitted, state unchanged, trying again next run", resource.path(), describe(result));
    }

    static String describe(final OttimateResult result) {
        final ApiError error = switch (result) {
            case OttimateResult.Rejected rejected -> rejected.error();
            case OttimateResult.Retryable retryable -> retryable.error();
            case OttimateResult.NotFound notFound -> notFound.error();
            case OttimateResult.Success success -> new ApiError("ok", "OK", success.requestId());
        };
        return (result.status() == 0 ? "no response" : "HTTP " + result.status()) + " " + error.code() + ": " + error.message();
    }

    private ObjectOutput.ByChange sink(final ProcessContext context, final ProcessSession session, final ApiResource resource) {
        final OutputStrategy strategy = context.getProperty(OUTPUT_STRATEGY).asAllowableValue(OutputStrategy.class);
        final RecordSetWriterFactory writers = strategy == OutputStrategy.RECORDS
                ? context.getProperty(RECORD_WRITER).asControllerService(RecordSetWriterFactory.class) : null;
        return ObjectOutput.byChange(session, () -> ObjectOutput.of(strategy, session, null, writers, resource, getLogger()));
    }

    protected static int pageSize(final ProcessContext context, final ApiResource resource) {
        return Math.min(context.getProperty(PAGE_SIZE).asInteger(), resource.maxPageSize());
    }

    /** Verify: the connection answers and the filters are accepted; lists one page, emits nothing, changes no state. */
    @Override
    public List<ConfigVerificationResult> verify(final ProcessContext context, final ComponentLog verificationLogger, final Map<String, String> attributes) {
        final List<ConfigVerificationResult> results = new ArrayList<>();
        final ApiResource resource = resource(context);
        final OttimateConnectionService connection;
        final List<OttimateRequest> requests;
        try {
            connection = connection(context);
            requests = requests(context, connection);
        } catch (final QueryFilter.InvalidFilter | ListingFailed e) {
            results.add(step("List One Page", Outcome.FAILED, e.getMessage()));
            return results;
        } catch (final RuntimeException e) {
            results.add(step("List One Page", Outcome.FAILED, "The connection service is not usable: " + e.getMessage()));
            return results;
        }
        if (requests.isEmpty()) {
            results.add(step("List One Page", Outcome.SUCCESSFUL, "Nothing to list: the connection's credentials see no account"));
            return results;
        }
        final OttimateResult page = connection.execute(requests.getFirst().withQueryParam("page", "1").withQueryParam("limit", "1"));
        if (page instanceof OttimateResult.Success success) {
            final JsonNode count = success.body().get("count");
            results.add(step("List One Page", Outcome.SUCCESSFUL, "Listed one page of " + resource.path() + " with the configured filters: "
                    + (count == null ? success.body().path(resource.listField()).size() + " object(s) on it" : count.asLong() + " object(s) match")));
        } else {
            results.add(step("List One Page", Outcome.FAILED, describe(page)));
        }
        return results;
    }

    private static ConfigVerificationResult step(final String name, final Outcome outcome, final String explanation) {
        return new ConfigVerificationResult.Builder().verificationStepName(name).outcome(outcome).explanation(explanation).build();
    }
}
