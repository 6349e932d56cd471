/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.fetching;

import com.fasterxml.jackson.databind.JsonNode;
import com.ottimate.nifi.client.model.OttimateRequest;
import com.ottimate.nifi.client.model.OttimateResult;
import com.ottimate.nifi.client.model.Pagination;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.records.ObjectOutput;
import com.ottimate.nifi.processors.records.OutputStrategy;
import com.ottimate.nifi.processors.resources.ApiResource;
import com.ottimate.nifi.services.DescribedEnum;
import com.ottimate.nifi.services.OttimateConnectionService;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.SupportsBatching;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.exception.ProcessException;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.serialization.RecordSetWriterFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What the Ottimate readers driven by incoming flowfiles share, the way NiFi's Fetch processors work: input required, any
 * node, any number of threads. By ID replaces the flowfile's content with one object (unknown ids to 'not found'); By
 * Query runs one query per flowfile with filters from its attributes and emits what it finds as new flowfiles (records
 * or one per object), the incoming one going to 'original'.
 */
@SupportsBatching
@InputRequirement(InputRequirement.Requirement.INPUT_REQUIRED)
public abstract class AbstractFetchOttimate extends AbstractOttimateProcessor {

    /** One object by id, or a query. */
    public enum FetchStrategy implements DescribedEnum {
        BY_ID("By ID", "Fetch one object by its id (from an attribute); the flowfile's content becomes the object"),
        BY_QUERY("By Query", "Run one query per flowfile with filters from its attributes; what it finds becomes new flowfiles");

        private final Label label;

        FetchStrategy(final String displayName, final String description) {
            this.label = new Label(displayName, description);
        }

        @Override
        public Label label() {
            return label;
        }
    }

    public static final PropertyDescriptor FETCH_STRATEGY = new PropertyDescriptor.Builder()
            .name("Fetch Strategy")
            .description("One object by id, or a query with filters.")
            .required(true)
            .allowableValues(FetchStrategy.class)
            .defaultValue(FetchStrategy.BY_ID)
            .build();

    public static final PropertyDescriptor PAGE_SIZE = new PropertyDescriptor.Builder()
            .name("Page Size")
            .description("Objects per request of a query, at most what the API takes (100 for most collections).")
            .required(true)
            .defaultValue("100")
            .dependsOn(FETCH_STRATEGY, FetchStrategy.BY_QUERY)
            .addValidator(StandardValidators.createLongValidator(1, 200, true))
            .build();

    public static final PropertyDescriptor OUTPUT_STRATEGY = new PropertyDescriptor.Builder()
            .fromPropertyDescriptor(OutputStrategy.PROPERTY)
            .dependsOn(FETCH_STRATEGY, FetchStrategy.BY_QUERY)
            .build();

    public static final PropertyDescriptor RECORD_WRITER = OutputStrategy.RECORD_WRITER;

    /** Page Size of a processor that only queries (no Fetch Strategy to depend on). */
    public static final PropertyDescriptor QUERY_PAGE_SIZE = new PropertyDescriptor.Builder()
            .fromPropertyDescriptor(PAGE_SIZE)
            .clearDependsOn()
            .build();

    public static final Relationship REL_ORIGINAL = new Relationship.Builder()
            .name("original")
            .description("By Query: the incoming flowfile, once what its query found was emitted to success.")
            .build();

    protected static final Set<Relationship> BY_ID_RELATIONSHIPS = Set.of(REL_SUCCESS, REL_NOT_FOUND, REL_FAILURE, REL_RETRY);
    protected static final Set<Relationship> BY_QUERY_RELATIONSHIPS = Set.of(REL_SUCCESS, REL_ORIGINAL, REL_FAILURE, REL_RETRY);

    private volatile Set<Relationship> relationships = BY_ID_RELATIONSHIPS;

    @Override
    public Set<Relationship> getRelationships() {
        return relationships;
    }

    /** Shows the relationships of the chosen strategy, as NiFi does for processors whose outcomes depend on a property. */
    protected void showRelationships(final boolean query) {
        relationships = query ? BY_QUERY_RELATIONSHIPS : BY_ID_RELATIONSHIPS;
    }

    @Override
    public void onPropertyModified(final PropertyDescriptor descriptor, final String oldValue, final String newValue) {
        if (descriptor.getName().equals(FETCH_STRATEGY.getName())) {
            showRelationships(FetchStrategy.BY_QUERY.getValue().equals(newValue));
        }
    }

    /** Fetches one object; the flowfile's content becomes it, with its id attribute and {@code extra} ones. */
    protected void fetchOne(final ProcessContext context, final ProcessSession session, final FlowFile flowFile, final ApiResource resource,
                            final OttimateRequest request, final String action, final Function<JsonNode, Map<String, String>> extra) {
        final long started = System.nanoTime();
        final OttimateResult result = connection(context).execute(request);
        if (!(result instanceof OttimateResult.Success success)) {
            routeUnsuccessful(session, flowFile, result, action);
            return;
        }
        final JsonNode object = resource.keyLines(resource.unwrap(success.body()));
        final Map<String, String> attributes = new HashMap<>(extra.apply(object));
        attributes.putAll(resource.objectAttributes(object));
        transferSuccess(session, flowFile, new OttimateResult.Success(success.uri(), success.status(), object, success.requestId(),
                success.replayed(), success.attempts()), attributes, started, false);
    }

    /** Runs {@code request} to its last page; what it finds goes to success, the flowfile to original. */
    protected void query(final ProcessContext context, final ProcessSession session, final FlowFile flowFile, final ApiResource resource,
                         final OttimateRequest request, final String action) {
        query(context, session, flowFile, resource, List.of(request), action);
    }

    /** Runs each of {@code requests} to its last page, into one output; the flowfile goes to original. */
    protected void query(final ProcessContext context, final ProcessSession session, final FlowFile flowFile, final ApiResource resource,
                         final List<OttimateRequest> requests, final String action) {
        if (requests.isEmpty()) {
            session.transfer(session.putAttribute(flowFile, resource.countAttribute(), "0"), REL_ORIGINAL);
            return;
        }
        final OttimateConnectionService connection = connection(context);
        final OutputStrategy strategy = context.getProperty(OUTPUT_STRATEGY).asAllowableValue(OutputStrategy.class);
        final RecordSetWriterFactory writers = strategy == OutputStrategy.RECORDS
                ? context.getProperty(RECORD_WRITER).asControllerService(RecordSetWriterFactory.class) : null;
        final int pageSize = Math.min(context.getProperty(PAGE_SIZE).asInteger(), resource.maxPageSize());
        try (ObjectOutput sink = ObjectOutput.of(strategy, session, flowFile, writers, resource, getLogger())) {
            for (final OttimateRequest request : requests) {
                final OttimateResult result = Pagination.forEach(connection::execute, request, resource.listField(), pageSize, (items, page) -> {
                    final List<JsonNode> objects = new ArrayList<>(items.size());
                    items.forEach(objects::add);
                    sink.accept(objects);
                    return true;
                });
                if (!(result instanceof OttimateResult.Success)) {
                    sink.discard();
                    routeUnsuccessful(session, flowFile, result, action);
                    return;
                }
            }
            final String count = Integer.toString(sink.count());
            sink.complete(REL_SUCCESS, Map.of(resource.countAttribute(), count), connection.uriOf(requests.getFirst()).toString());
            session.transfer(session.putAttribute(flowFile, resource.countAttribute(), count), REL_ORIGINAL);
        } catch (final Exception e) {
            throw new ProcessException(action + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The value of an id property for this flowfile, stripped; null (after routing to failure with
     * {@code missing_<property>}, e.g. missing_invoice_id) when it is empty.
     */
    protected String requiredId(final ProcessContext context, final ProcessSession session, final FlowFile flowFile, final PropertyDescriptor property) {
        return usableId(session, flowFile, property.getName(), context.getProperty(property).evaluateAttributeExpressions(flowFile).getValue());
    }
}
