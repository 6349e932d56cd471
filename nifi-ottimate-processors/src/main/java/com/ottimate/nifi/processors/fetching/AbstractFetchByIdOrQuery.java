/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.fetching;

import com.fasterxml.jackson.databind.JsonNode;
import com.ottimate.nifi.client.model.OttimateRequest;
import com.ottimate.nifi.processors.resources.ApiResource;
import com.ottimate.nifi.processors.resources.QueryFilter;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.util.StandardValidators;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A reader of one collection of the resource table: one object by its id, or a query with the filters the table
 * documents for it, chosen by Fetch Strategy. Subclasses name the collection and the id property.
 */
public abstract class AbstractFetchByIdOrQuery extends AbstractFetchOttimate {

    /** The table's filters of {@code resource}, offered on each flowfile when Fetch Strategy is By Query. */
    protected static List<QueryFilter.Property> queryFilters(final ApiResource resource) {
        return resource.filters().stream().map(filter -> filter.onFlowFile().dependingOn(FETCH_STRATEGY, FetchStrategy.BY_QUERY)).toList();
    }

    /**
     * The id property of a By ID reader: {@code name} (e.g. "Vendor ID"), defaulting to {@code ${<idAttribute>}}, the
     * attribute the table's readers and writers put on a flowfile holding one such object.
     */
    protected static PropertyDescriptor idProperty(final String name, final String description, final ApiResource resource) {
        return new PropertyDescriptor.Builder()
                .name(name)
                .description(description)
                .required(true)
                .defaultValue("${" + resource.idAttribute() + "}")
                .dependsOn(FETCH_STRATEGY, FetchStrategy.BY_ID)
                .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
                .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
                .build();
    }

    /** Connection, strategy, the id property and {@code byId} options, the query filters, then paging and output. */
    protected static List<PropertyDescriptor> descriptors(final List<QueryFilter.Property> filters, final PropertyDescriptor... byId) {
        final List<PropertyDescriptor> descriptors = new ArrayList<>(List.of(CONNECTION_SERVICE, FETCH_STRATEGY));
        descriptors.addAll(List.of(byId));
        descriptors.addAll(QueryFilter.descriptors(filters));
        descriptors.addAll(List.of(PAGE_SIZE, OUTPUT_STRATEGY, RECORD_WRITER));
        return List.copyOf(descriptors);
    }

    private final ApiResource resource;
    private final PropertyDescriptor idProperty;
    private final List<QueryFilter.Property> filters;

    /** @param filters {@link #queryFilters(ApiResource)} of {@code resource}, as the subclass declares them */
    protected AbstractFetchByIdOrQuery(final ApiResource resource, final PropertyDescriptor idProperty, final List<QueryFilter.Property> filters) {
        this.resource = resource;
        this.idProperty = idProperty;
        this.filters = filters;
    }

    /** The GET of one object; a subclass adds options (an invoice's expansion). */
    protected OttimateRequest byId(final ProcessContext context, final String id) {
        return resource.one(id).build();
    }

    /** Attributes of a fetched object besides those the table names. */
    protected Map<String, String> extraAttributes(final JsonNode object) {
        return Map.of();
    }

    @Override
    public void onTrigger(final ProcessContext context, final ProcessSession session) {
        final FlowFile flowFile = session.get();
        if (flowFile == null) {
            return;
        }
        if (context.getProperty(FETCH_STRATEGY).asAllowableValue(FetchStrategy.class) == FetchStrategy.BY_QUERY) {
            try {
                query(context, session, flowFile, resource, QueryFilter.apply(resource.list(null), filters, context, flowFile).build(),
                        "Querying " + resource.path() + " for " + flowFile);
            } catch (final QueryFilter.InvalidFilter e) {
                routeBadInput(session, flowFile, "invalid_filter", e.getMessage());
            }
            return;
        }
        final String id = requiredId(context, session, flowFile, idProperty);
        if (id != null) {
            fetchOne(context, session, flowFile, resource, byId(context, id), "Fetching " + resource.objectName() + " " + id, this::extraAttributes);
        }
    }
}
