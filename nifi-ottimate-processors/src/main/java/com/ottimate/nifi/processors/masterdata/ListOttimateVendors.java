/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.masterdata;

import com.ottimate.nifi.client.model.OttimateRequest;
import com.ottimate.nifi.processors.listing.AbstractIncrementalList;
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

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

@Stateful(scopes = Scope.CLUSTER, description = "Where the vendor listing resumes: the lower bound of the next modification window and "
        + "fingerprints of the vendor versions already emitted at or after it. Cleared when Company ID changes.")
@DefaultSchedule(strategy = SchedulingStrategy.TIMER_DRIVEN, period = "15 min")
@Tags({"ottimate", "vendor", "supplier", "master data", "list", "incremental", "records", "source"})
@CapabilityDescription("Lists the vendors of an Ottimate company modified since the previous run [GET /v1/vendors]. This Processor runs on "
        + "the Primary Node only; if the Primary Node changes, the new one picks up where the previous one left off.")
@UseCase(description = "Keep an ERP's or a data warehouse's copy of the Ottimate vendor list up to date.",
        configuration = """
                Set Company ID, Output Strategy "Records" and a Record Writer; connect success to PutDatabaseRecord (upsert on id).
                """)
@SeeAlso({FetchOttimateVendor.class, PutOttimateVendor.class})
@WritesAttributes({
        @WritesAttribute(attribute = "record.count", description = "Vendors in the flowfile (Records output)"),
        @WritesAttribute(attribute = "mime.type", description = "The Record Writer's type, or application/json"),
        @WritesAttribute(attribute = "ottimate.vendor.count", description = "Vendors emitted by this run"),
        @WritesAttribute(attribute = "ottimate.vendor.id", description = "Vendor id (one flowfile per vendor)")
})
public class ListOttimateVendors extends AbstractIncrementalList {

    static final List<QueryFilter.Property> FILTERS = ApiResource.VENDORS.sourceFilters().stream().map(QueryFilter::onSource).toList();
    static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS;

    static {
        final List<PropertyDescriptor> descriptors = new ArrayList<>(List.of(CONNECTION_SERVICE));
        descriptors.addAll(QueryFilter.descriptors(FILTERS));
        descriptors.addAll(List.of(PAGE_SIZE, LOOKBACK, MAX_REQUESTS_PER_RUN, OUTPUT_STRATEGY, RECORD_WRITER));
        PROPERTY_DESCRIPTORS = List.copyOf(descriptors);
    }

    public ListOttimateVendors() {
        this(Clock.systemUTC());
    }

    ListOttimateVendors(final Clock clock) {
        super(clock);
    }

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    protected ApiResource resource(final ProcessContext context) {
        return ApiResource.VENDORS;
    }

    @Override
    protected boolean restartsListing(final PropertyDescriptor descriptor) {
        return QueryFilter.descriptors(FILTERS).contains(descriptor);
    }

    @Override
    protected List<OttimateRequest> requests(final ProcessContext context, final OttimateConnectionService connection) throws QueryFilter.InvalidFilter {
        return List.of(QueryFilter.apply(ApiResource.VENDORS.list(null), FILTERS, context, null).build());
    }
}
