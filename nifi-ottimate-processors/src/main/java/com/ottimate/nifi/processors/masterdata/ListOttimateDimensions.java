/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.masterdata;

import com.ottimate.nifi.client.model.OttimateRequest;
import com.ottimate.nifi.processors.listing.AbstractSnapshotList;
import com.ottimate.nifi.processors.records.ObjectOutput;
import com.ottimate.nifi.processors.resources.ApiResource;
import com.ottimate.nifi.processors.resources.QueryFilter;
import com.ottimate.nifi.services.OttimateConnectionService;
import org.apache.nifi.annotation.behavior.Stateful;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.configuration.DefaultSchedule;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.scheduling.SchedulingStrategy;

import java.util.ArrayList;
import java.util.List;

@Stateful(scopes = Scope.CLUSTER, description = "The id and a content fingerprint of every dimension at the previous run, to emit what was created, updated or removed. "
        + "Cleared when a filter or the Listing Strategy changes.")
@DefaultSchedule(strategy = SchedulingStrategy.TIMER_DRIVEN, period = "1 hour")
@Tags({"ottimate", "dimension", "gl", "department", "class", "master data", "list", "records", "source"})
@CapabilityDescription("Lists the dimensions (GL accounts, departments, classes, ...) of an Ottimate company, emitting all of them or only "
        + "the new or changed ones [GET /v1/dimensions]. This Processor runs on the Primary Node only.")
@UseCase(description = "Mirror the dimensions of a company into a lookup table.",
        configuration = """
                Set Company ID, Listing Strategy "Every Object" to replace the table on every run (or "Changed Objects" to upsert), and a Record Writer.
                """)
@SeeAlso({FetchOttimateDimension.class, PutOttimateDimension.class})
@WritesAttributes({
        @WritesAttribute(attribute = "record.count", description = "Dimensions in the flowfile (Records output)"),
        @WritesAttribute(attribute = "mime.type", description = "The Record Writer's type, or application/json"),
        @WritesAttribute(attribute = ObjectOutput.CHANGE, description = "Changed Objects: created, updated or removed (a removed object carries only its id)"),
        @WritesAttribute(attribute = "ottimate.dimension.count", description = "Dimensions emitted by this run"),
        @WritesAttribute(attribute = "ottimate.dimension.id", description = "Dimension id (one flowfile per dimension)")
})
public class ListOttimateDimensions extends AbstractSnapshotList {

    static final List<QueryFilter.Property> FILTERS = ApiResource.DIMENSIONS.sourceFilters().stream().map(QueryFilter::onSource).toList();
    static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS;

    static {
        final List<PropertyDescriptor> descriptors = new ArrayList<>(List.of(CONNECTION_SERVICE));
        descriptors.addAll(QueryFilter.descriptors(FILTERS));
        descriptors.addAll(List.of(LISTING_STRATEGY, PAGE_SIZE, OUTPUT_STRATEGY, RECORD_WRITER));
        PROPERTY_DESCRIPTORS = List.copyOf(descriptors);
    }

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    protected ApiResource resource(final ProcessContext context) {
        return ApiResource.DIMENSIONS;
    }

    @Override
    protected boolean restartsListing(final PropertyDescriptor descriptor) {
        return QueryFilter.descriptors(FILTERS).contains(descriptor) || descriptor.equals(LISTING_STRATEGY);
    }

    @Override
    protected List<OttimateRequest> requests(final ProcessContext context, final OttimateConnectionService connection) throws QueryFilter.InvalidFilter {
        return List.of(QueryFilter.apply(ApiResource.DIMENSIONS.list(null), FILTERS, context, null).build());
    }
}
