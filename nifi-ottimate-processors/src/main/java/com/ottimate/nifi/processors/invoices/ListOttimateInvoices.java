/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.invoices;

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
import org.apache.nifi.annotation.documentation.MultiProcessorUseCase;
import org.apache.nifi.annotation.documentation.ProcessorConfiguration;
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

@Stateful(scopes = Scope.CLUSTER, description = "Where the listing resumes: the lower bound of the next modification window and fingerprints "
        + "of the invoice versions already emitted at or after it. Cleared when a filter property changes.")
@DefaultSchedule(strategy = SchedulingStrategy.TIMER_DRIVEN, period = "5 min")
@Tags({"ottimate", "invoice", "accounts payable", "list", "incremental", "export", "records", "source"})
@CapabilityDescription("Lists the Ottimate invoices modified since the previous run [GET /v1/invoices]. This Processor runs on the Primary "
        + "Node only; if the Primary Node changes, the new one picks up where the previous one left off.")
@UseCase(description = "Export approved invoices to an ERP as they become ready.",
        configuration = """
                Set Status to "ready-for-export", Output Strategy to "Records" and Record Writer to a JsonRecordSetWriter or CSVRecordSetWriter.
                Keep the default schedule (5 min) or longer: every run costs at least one request of the daily quota.
                After loading the ERP, mark them with MarkOttimateInvoicesExported (Invoice IDs Source "Records").
                """)
@MultiProcessorUseCase(description = "Export invoices to an ERP and mark them exported only once the ERP has them.",
        keywords = {"export", "erp", "mark exported"},
        configurations = {
                @ProcessorConfiguration(processorClass = ListOttimateInvoices.class, configuration = """
                        Status "ready-for-export", Output Strategy "Records", Record Writer a JsonRecordSetWriter. Connect success to the ERP load.
                        """),
                @ProcessorConfiguration(processorClassName = "org.apache.nifi.processors.standard.PutDatabaseRecord", configuration = """
                        Loads the records into the ERP's tables (Record Reader a JsonTreeReader). Connect success to MarkOttimateInvoicesExported.
                        """),
                @ProcessorConfiguration(processorClass = MarkOttimateInvoicesExported.class, configuration = """
                        Mark "Mark Exported", Invoice IDs Source "Records", Invoice ID Field "id": one call per 100 invoices.
                        """)
        })
@SeeAlso({FetchOttimateInvoice.class, MarkOttimateInvoicesExported.class, ApproveOttimateInvoice.class})
@WritesAttributes({
        @WritesAttribute(attribute = "record.count", description = "Invoices in the flowfile (Records output)"),
        @WritesAttribute(attribute = "mime.type", description = "The Record Writer's type, or application/json"),
        @WritesAttribute(attribute = "ottimate.invoice.count", description = "Invoices emitted by this run"),
        @WritesAttribute(attribute = "ottimate.invoice.id", description = "Invoice id (one flowfile per invoice)"),
        @WritesAttribute(attribute = "ottimate.invoice.status", description = "Invoice status, e.g. ready-for-export (one flowfile per invoice)"),
        @WritesAttribute(attribute = "ottimate.invoice.last.modified", description = "last_modified_date_utc of the invoice (one flowfile per invoice)")
})
public class ListOttimateInvoices extends AbstractIncrementalList {

    static final List<QueryFilter.Property> FILTERS = ApiResource.INVOICES.sourceFilters().stream().map(QueryFilter::onSource).toList();

    static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS;

    static {
        final List<PropertyDescriptor> descriptors = new ArrayList<>(List.of(CONNECTION_SERVICE));
        descriptors.addAll(QueryFilter.descriptors(FILTERS));
        descriptors.addAll(List.of(PAGE_SIZE, LOOKBACK, MAX_REQUESTS_PER_RUN, OUTPUT_STRATEGY, RECORD_WRITER));
        PROPERTY_DESCRIPTORS = List.copyOf(descriptors);
    }

    public ListOttimateInvoices() {
        this(Clock.systemUTC());
    }

    /** For tests: the clock that ends each run's window. */
    ListOttimateInvoices(final Clock clock) {
        super(clock);
    }

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    protected ApiResource resource(final ProcessContext context) {
        return ApiResource.INVOICES;
    }

    @Override
    protected boolean restartsListing(final PropertyDescriptor descriptor) {
        return QueryFilter.descriptors(FILTERS).contains(descriptor);
    }

    @Override
    protected List<OttimateRequest> requests(final ProcessContext context, final OttimateConnectionService connection) throws QueryFilter.InvalidFilter {
        return List.of(QueryFilter.apply(ApiResource.INVOICES.list(null), FILTERS, context, null).build());
    }
}
