/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.listing;

import com.ottimate.nifi.client.model.OttimateRequest;
import com.ottimate.nifi.client.model.OttimateResult;
import com.ottimate.nifi.processors.records.ObjectOutput;
import com.ottimate.nifi.processors.resources.ApiResource;
import com.ottimate.nifi.services.DescribedEnum;
import com.ottimate.nifi.services.OttimateConnectionService;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.processor.ProcessContext;

import java.util.List;
import java.util.Map;

/** A source over a collection the API cannot filter by modification time: each run reads it whole (see {@link SnapshotListing}). */
public abstract class AbstractSnapshotList extends AbstractListOttimate {

    /** What a run emits. */
    public enum ListingStrategy implements DescribedEnum {
        TRACK_CHANGES("Changed Objects", "Only objects that are new or changed since the previous run (their content fingerprints are kept in "
                + "cluster state); a run with no change emits nothing"),
        EVERYTHING("Every Object", "The whole collection on every run, e.g. to replace a table downstream");

        private final Label label;

        ListingStrategy(final String displayName, final String description) {
            this.label = new Label(displayName, description);
        }

        @Override
        public Label label() {
            return label;
        }
    }

    public static final PropertyDescriptor LISTING_STRATEGY = new PropertyDescriptor.Builder()
            .name("Listing Strategy")
            .description("Emit only what changed since the previous run, or everything every run. Either way every run reads the whole "
                    + "collection, because the API has no modification filter for it: schedule it accordingly.")
            .required(true)
            .allowableValues(ListingStrategy.class)
            .defaultValue(ListingStrategy.TRACK_CHANGES)
            .build();

    private volatile boolean overflowReported;
    private volatile boolean idsOverflowReported;
    /** Runs in a row whose pages shifted (kept in memory: the primary node's; a restart starts again from 0). */
    private volatile int shiftedRuns;

    @Override
    protected ListingRun list(final ProcessContext context, final OttimateConnectionService connection, final List<OttimateRequest> requests,
                              final Map<String, String> state, final ObjectOutput.ByChange sink) throws Exception {
        final ApiResource resource = resource(context);
        final boolean track = context.getProperty(LISTING_STRATEGY).asAllowableValue(ListingStrategy.class) == ListingStrategy.TRACK_CHANGES;
        final SnapshotListing.Run run = SnapshotListing.run(connection::execute, requests, resource.listField(), pageSize(context, resource),
                state, new SnapshotListing.Options(track, shiftedRuns >= SnapshotListing.MAX_SHIFTED_RUNS, seesRemovals()), sink::accept);
        if (run.shifted() && run.result() instanceof OttimateResult.Success) {
            getLogger().warn("{} changed while read in {} runs in a row; this run is kept all the same: an object skipped by a shift may come "
                    + "again next run", resource.path(), shiftedRuns + 1);
        }
        shiftedRuns = run.shifted() && !(run.result() instanceof OttimateResult.Success) ? shiftedRuns + 1 : 0;
        if (run.overflow() && !overflowReported) {
            overflowReported = true;
            getLogger().warn("{} holds {} objects, more than the {} whose changes can be tracked in cluster state: every run emits all of them",
                    resource.path(), run.listed(), SnapshotListing.MAX_TRACKED);
        }
        if (run.idsOverflow() && !idsOverflowReported) {
            idsOverflowReported = true;
            getLogger().warn("{} holds {} objects, too many to keep their ids in cluster state: changes are emitted without ottimate.change, "
                    + "and removals are not seen", resource.path(), run.listed());
        }
        return new ListingRun(run.result(), run.state(), run.emitted() + " of " + run.listed() + " object(s) emitted");
    }

    /**
     * Whether an object a complete run no longer lists was removed, and is emitted as such (true for whole collections;
     * false where objects also leave what a run lists without being removed, as from a window of dates).
     */
    protected boolean seesRemovals() {
        return true;
    }
}
