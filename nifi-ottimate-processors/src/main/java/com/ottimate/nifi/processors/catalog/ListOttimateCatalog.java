/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.catalog;

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

@Stateful(scopes = Scope.CLUSTER, description = "The id and a content fingerprint of every object at the previous run, to emit what was created, updated or removed. "
        + "Cleared when the collection, a filter or the Listing Strategy changes.")
@DefaultSchedule(strategy = SchedulingStrategy.TIMER_DRIVEN, period = "1 day")
@Tags({"ottimate", "catalog", "price book", "allowance", "variance", "list", "records", "source"})
@CapabilityDescription("Lists the catalog entries, allowances or price variances of an Ottimate company, reading the whole selection on "
        + "each run [GET /v1/catalog/entries, /allowances, /variances]. This Processor runs on the Primary Node only.")
@UseCase(description = "Send a company's daily price variances to a purchasing team.",
        configuration = """
                Set Resource "Variances", Company ID, Variance Only "true", Listing Strategy "Every Object", a CSVRecordSetWriter.
                Connect success to PutEmail or PutSFTP.
                """)
@SeeAlso({FetchOttimateCatalog.class, PutOttimateCatalog.class})
@WritesAttributes({
        @WritesAttribute(attribute = "record.count", description = "Objects in the flowfile (Records output)"),
        @WritesAttribute(attribute = "mime.type", description = "The Record Writer's type, or application/json"),
        @WritesAttribute(attribute = ObjectOutput.CHANGE, description = "Changed Objects: created, updated or removed (a removed object carries only its id)"),
        @WritesAttribute(attribute = "ottimate.catalog.entry.count", description = "Entries emitted (Resource Catalog Entries)"),
        @WritesAttribute(attribute = "ottimate.allowance.count", description = "Allowances emitted (Resource Allowances)"),
        @WritesAttribute(attribute = "ottimate.variance.count", description = "Variances emitted (Resource Variances)"),
        @WritesAttribute(attribute = "ottimate.catalog.entry.id", description = "Entry id (one flowfile per entry)"),
        @WritesAttribute(attribute = "ottimate.allowance.id", description = "Allowance id (one flowfile per allowance)"),
        @WritesAttribute(attribute = "ottimate.variance.id", description = "Entry id of a variance (one flowfile per variance)")
})
public class ListOttimateCatalog extends AbstractSnapshotList {

    public static final PropertyDescriptor RESOURCE = new PropertyDescriptor.Builder()
            .name("Resource")
            .description("What to list.")
            .required(true)
            .allowableValues(CatalogCollection.class)
            .defaultValue(CatalogCollection.ENTRIES)
            .build();

    static final List<QueryFilter.Property> FILTERS = CatalogCollection.properties(RESOURCE, true, collection -> collection,
            CatalogCollection.values());
    static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS;

    static {
        final List<PropertyDescriptor> descriptors = new ArrayList<>(List.of(CONNECTION_SERVICE, RESOURCE));
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
        return context.getProperty(RESOURCE).asAllowableValue(CatalogCollection.class).resource();
    }

    @Override
    protected boolean restartsListing(final PropertyDescriptor descriptor) {
        return descriptor.equals(RESOURCE) || descriptor.equals(LISTING_STRATEGY) || QueryFilter.descriptors(FILTERS).contains(descriptor);
    }

    @Override
    protected List<OttimateRequest> requests(final ProcessContext context, final OttimateConnectionService connection) throws QueryFilter.InvalidFilter {
        return List.of(QueryFilter.apply(resource(context).list(null), FILTERS, context, null).build());
    }
}
