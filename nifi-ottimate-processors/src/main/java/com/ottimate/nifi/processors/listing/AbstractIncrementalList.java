/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.listing;

import com.ottimate.nifi.client.model.OttimateRequest;
import com.ottimate.nifi.processors.records.ObjectOutput;
import com.ottimate.nifi.processors.resources.ApiResource;
import com.ottimate.nifi.services.OttimateConnectionService;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.util.StandardValidators;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A source over a collection the API filters by modification time: each run lists only what changed (see {@link WindowedListing}). */
public abstract class AbstractIncrementalList extends AbstractListOttimate {

    public static final PropertyDescriptor LOOKBACK = new PropertyDescriptor.Builder()
            .name("Lookback Window")
            .description("How far before the end of the previous run the next run looks again, for changes Ottimate commits late and for "
                    + "a difference between Ottimate's clock and this one. Versions already emitted are remembered, so the overlap never "
                    + "produces duplicates.")
            .required(true)
            .defaultValue("1 min")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    public static final PropertyDescriptor MAX_REQUESTS_PER_RUN = new PropertyDescriptor.Builder()
            .name("Max Requests per Run")
            .description("The most requests one run makes. A run that reaches it emits what it read, keeps its place (the end of the "
                    + "newest period it read completely) and raises a warning bulletin; the next run continues from there. A mass change "
                    + "of N objects thus completes over several runs in about N / Page Size requests, without one run spending the daily "
                    + "quota. A one-second period with more objects than fit in these requests is read whole once begun (it cannot be split "
                    + "further). At most 150, so that the versions a capped run remembers fit in cluster state.")
            .required(true)
            .defaultValue("100")
            .addValidator(StandardValidators.createLongValidator(1, 150, true))
            .build();

    private final Clock clock;

    protected AbstractIncrementalList(final Clock clock) {
        this.clock = clock;
    }

    @Override
    protected ListingRun list(final ProcessContext context, final OttimateConnectionService connection, final List<OttimateRequest> requests,
                              final Map<String, String> state, final ObjectOutput.ByChange sink) throws Exception {
        final ApiResource resource = resource(context);
        final WindowedListing.Run run = WindowedListing.run(connection::execute, requests.getFirst(), resource, pageSize(context, resource),
                context.getProperty(MAX_REQUESTS_PER_RUN).asInteger(), ListingState.fromMap(state), clock.instant(),
                Duration.ofMillis(context.getProperty(LOOKBACK).asTimePeriod(TimeUnit.MILLISECONDS)), sink::accept);
        run.stopped().ifPresent(why -> getLogger().warn("Listing {} ended early after {} request(s), {} new version(s) emitted: {}",
                resource.path(), run.requests(), run.emitted(), why));
        return new ListingRun(run.result(), run.next().toMap(), run.emitted() + " new version(s) in " + run.requests() + " request(s)");
    }
}
