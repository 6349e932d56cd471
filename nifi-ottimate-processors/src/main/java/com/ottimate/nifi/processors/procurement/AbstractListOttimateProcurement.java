/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.procurement;

import com.ottimate.nifi.client.model.OttimateRequest;
import com.ottimate.nifi.processors.listing.AbstractSnapshotList;
import com.ottimate.nifi.processors.resources.ApiResource;
import com.ottimate.nifi.processors.resources.QueryFilter;
import com.ottimate.nifi.services.OttimateConnectionService;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.util.StandardValidators;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A source over purchase orders or receipts, which the API filters by their date but not by modification time: each run
 * reads the dates of the last Date Window, cut into windows of at most 30 days (the API's limit with expand=items), and
 * emits what is new or changed since the previous run (see {@link AbstractSnapshotList}). An object whose date leaves the
 * window is not removed, so these sources do not report removals; a deleted order shows as a change of its status.
 */
public abstract class AbstractListOttimateProcurement extends AbstractSnapshotList {
    /** Days one request covers, both ends included: the API takes at most 30 days between date_from and date_to. */
    static final int WINDOW_DAYS = 30;

    public static final PropertyDescriptor DATE_WINDOW = new PropertyDescriptor.Builder()
            .name("Date Window")
            .description("How far back from today (UTC) the dates of the objects listed reach; every run reads all of it, one request per "
                    + WINDOW_DAYS + " days at least. Objects dated earlier are no longer listed.")
            .required(true)
            .defaultValue("90 days")
            .addValidator(StandardValidators.createTimePeriodValidator(1, TimeUnit.DAYS, 3660, TimeUnit.DAYS))
            .build();

    private final ApiResource resource;
    private final List<QueryFilter.Property> filters;
    private final List<PropertyDescriptor> descriptors;
    private final Clock clock;

    protected AbstractListOttimateProcurement(final ApiResource resource, final Clock clock) {
        this.resource = resource;
        this.clock = clock;
        this.filters = resource.sourceFilters().stream().map(QueryFilter::onSource).toList();
        final List<PropertyDescriptor> all = new ArrayList<>(List.of(CONNECTION_SERVICE));
        all.addAll(QueryFilter.descriptors(filters));
        all.addAll(List.of(DATE_WINDOW, LISTING_STRATEGY, PAGE_SIZE, OUTPUT_STRATEGY, RECORD_WRITER));
        this.descriptors = List.copyOf(all);
    }

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return descriptors;
    }

    @Override
    protected ApiResource resource(final ProcessContext context) {
        return resource;
    }

    @Override
    protected boolean seesRemovals() {
        return false;
    }

    @Override
    protected boolean restartsListing(final PropertyDescriptor descriptor) {
        return QueryFilter.descriptors(filters).contains(descriptor) || descriptor.equals(LISTING_STRATEGY);
    }

    /** One request per window of at most 30 days, newest first, back to the start of the Date Window. */
    @Override
    protected List<OttimateRequest> requests(final ProcessContext context, final OttimateConnectionService connection) throws QueryFilter.InvalidFilter {
        final LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        final long days = Math.max(1, context.getProperty(DATE_WINDOW).asTimePeriod(TimeUnit.DAYS));
        final LocalDate first = today.minusDays(days - 1);
        final List<OttimateRequest> requests = new ArrayList<>();
        for (LocalDate to = today; !to.isBefore(first); to = to.minusDays(WINDOW_DAYS)) {
            final LocalDate from = to.minusDays(WINDOW_DAYS - 1).isBefore(first) ? first : to.minusDays(WINDOW_DAYS - 1);
            requests.add(QueryFilter.apply(resource.list(null), filters, context, null)
                    .query("date_from", from.toString()).query("date_to", to.toString()).build());
        }
        return requests;
    }
}
