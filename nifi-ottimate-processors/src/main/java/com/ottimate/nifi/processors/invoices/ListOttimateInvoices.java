package com.ottimate.nifi.processors.invoices;

import com.fasterxml.jackson.databind.JsonNode;
import com.ottimate.nifi.client.OttimateRequest;
import com.ottimate.nifi.client.OttimateResult;
import com.ottimate.nifi.client.Pages;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.OttimateAttributes;
import com.ottimate.nifi.processors.records.JsonObjectSink;
import com.ottimate.nifi.processors.records.OutputStrategy;
import com.ottimate.nifi.processors.state.IncrementalListing;
import com.ottimate.nifi.processors.state.ListingState;
import com.ottimate.nifi.services.OttimateConnectionService;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.PrimaryNodeOnly;
import org.apache.nifi.annotation.behavior.Stateful;
import org.apache.nifi.annotation.behavior.TriggerSerially;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.annotation.lifecycle.OnScheduled;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.exception.ProcessException;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.serialization.RecordSetWriterFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

@PrimaryNodeOnly
@TriggerSerially
@InputRequirement(InputRequirement.Requirement.INPUT_ALLOWED)
@Stateful(scopes = Scope.CLUSTER, description = "Where the incremental listing resumes: the last-modified bound of the next query and the "
        + "invoice versions already emitted at or after it. Cleared when a filter property changes.")
@Tags({"ottimate", "invoice", "accounts payable", "list", "incremental", "export", "records"})
@CapabilityDescription("Lists invoices (GET /v1/invoices), following every page to the end. Without an incoming connection it is an "
        + "incremental source: each run asks only for invoices modified since the previous run (last_modified_date_from_utc), never "
        + "emits the same invoice version twice and does not skip an invoice that changed while a run was paging; the position is kept "
        + "in cluster state, so a new primary node resumes where the old one stopped. With an incoming flowfile it runs one ad-hoc "
        + "query with filters from its attributes, without state. Output is records through a Record Writer or one JSON flowfile per invoice.")
@UseCase(description = "Export approved invoices to an ERP as they become ready.",
        configuration = """
                Leave the processor without an incoming connection and schedule it (e.g. every 5 minutes).
                Set Status to "ready-for-export", Output Strategy to "Records" and Record Writer to a JsonRecordSetWriter or CSVRecordSetWriter.
                After loading the ERP, mark them with MarkOttimateInvoicesExported (Invoice IDs Source "Records").
                """)
@SeeAlso({FetchOttimateInvoice.class, MarkOttimateInvoicesExported.class})
@WritesAttributes({
        @WritesAttribute(attribute = "record.count", description = "Invoices in the flowfile (Records output)"),
        @WritesAttribute(attribute = "ottimate.invoice.count", description = "Invoices emitted by this run"),
        @WritesAttribute(attribute = OttimateAttributes.INVOICE_ID, description = "Invoice id (one flowfile per invoice)"),
        @WritesAttribute(attribute = "ottimate.invoice.status", description = "Invoice status (one flowfile per invoice)"),
        @WritesAttribute(attribute = "ottimate.invoice.last.modified", description = "last_modified_date_utc (one flowfile per invoice)"),
        @WritesAttribute(attribute = "mime.type", description = "The Record Writer's type, or application/json")
})
public class ListOttimateInvoices extends AbstractOttimateProcessor {

    public static final PropertyDescriptor STATUS = filter("Status", "Only invoices with this status, e.g. ready-for-export, pending-approval, exported.");
    public static final PropertyDescriptor PAYMENT_STATUS = filter("Payment Status", "Only invoices with this payment status: paid, partial or unpaid.");
    public static final PropertyDescriptor LOCATION_IDS = filter("Location IDs", "Comma-separated ottimate_location_id values.");
    public static final PropertyDescriptor VENDOR_ID = filter("Vendor ID", "Only invoices of this ottimate_vendor_id.");
    public static final PropertyDescriptor SEARCH = filter("Search", "Free-text search as the Ottimate UI does it.");
    public static final PropertyDescriptor CUSTOM_FIELDS = filter("Custom Fields", "JSON object of custom field values, ANDed, e.g. {\"region\": \"east\"}.");
    public static final PropertyDescriptor DATE_FROM = filter("Invoice Date From", "Only invoices dated on or after this day (YYYY-MM-DD).");
    public static final PropertyDescriptor DATE_TO = filter("Invoice Date To", "Only invoices dated on or before this day (YYYY-MM-DD).");

    public static final PropertyDescriptor PAGE_SIZE = new PropertyDescriptor.Builder()
            .name("Page Size")
            .description("Invoices per request (1 to 100). Larger pages mean fewer requests against the daily quota.")
            .required(true)
            .defaultValue("100")
            .addValidator(StandardValidators.createLongValidator(1, 100, true))
            .build();

    public static final PropertyDescriptor LOOKBACK = new PropertyDescriptor.Builder()
            .name("Lookback Window")
            .description("How far before the newest modification already seen the next run looks again, for changes the API commits "
                    + "late. Versions already emitted are remembered, so the overlap never produces duplicates.")
            .required(true)
            .defaultValue("1 min")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    public static final PropertyDescriptor OUTPUT_STRATEGY = OutputStrategy.PROPERTY;

    public static final PropertyDescriptor RECORD_WRITER = new PropertyDescriptor.Builder()
            .fromPropertyDescriptor(OutputStrategy.RECORD_WRITER)
            .description("Writes the invoices (JSON, CSV, Avro, Parquet …). The schema is the invoice list schema; nested items are "
                    + "kept as arrays of records.")
            .build();

    public static final Relationship REL_ORIGINAL = new Relationship.Builder()
            .name("original")
            .description("An incoming query flowfile, once its results were emitted.")
            .build();

    static final List<PropertyDescriptor> FILTERS = List.of(STATUS, PAYMENT_STATUS, LOCATION_IDS, VENDOR_ID, SEARCH, CUSTOM_FIELDS, DATE_FROM, DATE_TO);
    private static final Map<PropertyDescriptor, String> QUERY_NAMES = Map.of(STATUS, "status", PAYMENT_STATUS, "payment_status",
            LOCATION_IDS, "ottimate_location_ids", VENDOR_ID, "ottimate_vendor_id", SEARCH, "search", CUSTOM_FIELDS, "custom_fields",
            DATE_FROM, "date_from", DATE_TO, "date_to");
    static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(CONNECTION_SERVICE, STATUS, PAYMENT_STATUS, LOCATION_IDS, VENDOR_ID,
            SEARCH, CUSTOM_FIELDS, DATE_FROM, DATE_TO, PAGE_SIZE, LOOKBACK, OUTPUT_STRATEGY, RECORD_WRITER);
    static final Set<Relationship> RELATIONSHIPS = Set.of(REL_SUCCESS, REL_ORIGINAL, REL_FAILURE, REL_RETRY);

    private volatile boolean filtersChanged;

    private static PropertyDescriptor filter(final String name, final String description) {
        return new PropertyDescriptor.Builder()
                .name(name)
                .description(description + " Supports Expression Language (flowfile attributes apply to ad-hoc queries).")
                .required(false)
                .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
                .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
                .build();
    }

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    public Set<Relationship> getRelationships() {
        return RELATIONSHIPS;
    }

    @Override
    public void onPropertyModified(final PropertyDescriptor descriptor, final String oldValue, final String newValue) {
        if (FILTERS.contains(descriptor) && isConfigurationRestored()) {
            filtersChanged = true;
        }
    }

    /** Other filters mean another listing: start it from scratch. Done here, never in onTrigger. */
    @OnScheduled
    public void resetStateIfFiltersChanged(final ProcessContext context) throws IOException {
        if (filtersChanged) {
            context.getStateManager().clear(Scope.CLUSTER);
            filtersChanged = false;
        }
    }

    @Override
    public void onTrigger(final ProcessContext context, final ProcessSession session) {
        if (context.hasIncomingConnection()) {
            final FlowFile query = session.get();
            if (query != null) {
                adHoc(context, session, query);
            }
            return;
        }
        incremental(context, session);
    }

    private void adHoc(final ProcessContext context, final ProcessSession session, final FlowFile query) {
        final long started = System.nanoTime();
        final OttimateRequest request = request(context, query);
        try (JsonObjectSink sink = sink(context, session, query)) {
            final OttimateResult result = Pages.forEach(connection(context)::execute, request, "results", pageSize(context),
                    (items, page) -> {
                        for (final JsonNode invoice : items) {
                            sink.accept(invoice);
                        }
                        return true;
                    });
            if (!(result instanceof OttimateResult.Success)) {
                sink.discard();
                routeUnsuccessful(session, query, result, "Listing invoices for " + query);
                return;
            }
            final int count = sink.complete(REL_SUCCESS, Map.of("ottimate.invoice.count", Integer.toString(sink.count())),
                    connection(context).uriOf(request).toString());
            session.transfer(session.putAttribute(query, "ottimate.invoice.count", Integer.toString(count)), REL_ORIGINAL);
            getLogger().debug("Ad-hoc listing emitted {} invoices in {} ms", count, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        } catch (final Exception e) {
            throw new ProcessException("Listing invoices failed: " + e.getMessage(), e);
        }
    }

    private void incremental(final ProcessContext context, final ProcessSession session) {
        final ListingState state;
        try {
            state = ListingState.fromMap(session.getState(Scope.CLUSTER).toMap());
        } catch (final IOException e) {
            getLogger().error("Cannot read cluster state; not listing this time", e);
            context.yield();
            return;
        }
        final OttimateConnectionService connection = connection(context);
        final OttimateRequest request = request(context, null);
        try (JsonObjectSink sink = sink(context, session, null)) {
            final IncrementalListing.Run run = IncrementalListing.run(connection::execute, request, "last_modified_date_from_utc", "results",
                    "last_modified_date_utc", pageSize(context), state, lookback(context), sink::accept);
            if (!(run.result() instanceof OttimateResult.Success)) {
                sink.discard();
                logIncrementalFailure(run.result());
                context.yield();
                return;
            }
            final int count = sink.complete(REL_SUCCESS, Map.of("ottimate.invoice.count", Integer.toString(sink.count())),
                    connection.uriOf(request).toString());
            session.setState(run.next().toMap(), Scope.CLUSTER);
            session.adjustCounter("Invoices listed", count, false);
            if (count == 0) {
                context.yield();
            }
        } catch (final Exception e) {
            throw new ProcessException("Listing invoices failed: " + e.getMessage(), e);
        }
    }

    private void logIncrementalFailure(final OttimateResult result) {
        final String reason = switch (result) {
            case OttimateResult.Rejected rejected -> rejected.error().code() + ": " + rejected.error().message();
            case OttimateResult.Retryable retryable -> retryable.error().code() + ": " + retryable.error().message();
            case OttimateResult.NotFound notFound -> notFound.error().message();
            case OttimateResult.Success success -> "ok";
        };
        getLogger().error("Listing invoices stopped (HTTP {}) {}; nothing emitted, state unchanged, trying again next run", result.status(), reason);
    }

    private OttimateRequest request(final ProcessContext context, final FlowFile flowFile) {
        final OttimateRequest.Builder builder = OttimateRequest.get("invoices");
        for (final PropertyDescriptor filter : FILTERS) {
            builder.query(QUERY_NAMES.get(filter), context.getProperty(filter).evaluateAttributeExpressions(flowFile).getValue());
        }
        return builder.build();
    }

    private JsonObjectSink sink(final ProcessContext context, final ProcessSession session, final FlowFile parent) {
        final OutputStrategy strategy = context.getProperty(OUTPUT_STRATEGY).asAllowableValue(OutputStrategy.class);
        final RecordSetWriterFactory writers = strategy == OutputStrategy.RECORDS
                ? context.getProperty(RECORD_WRITER).asControllerService(RecordSetWriterFactory.class) : null;
        return JsonObjectSink.of(strategy, session, parent, writers, InvoiceSchema.INVOICE, getLogger(), invoice -> {
            final Map<String, String> attributes = new HashMap<>();
            attributes.put(OttimateAttributes.INVOICE_ID, invoice.path("id").asText());
            attributes.put("ottimate.invoice.status", invoice.path("status").asText());
            attributes.put("ottimate.invoice.last.modified", invoice.path("last_modified_date_utc").asText());
            return attributes;
        });
    }

    private static int pageSize(final ProcessContext context) {
        return context.getProperty(PAGE_SIZE).asInteger();
    }

    private static Duration lookback(final ProcessContext context) {
        return Duration.ofMillis(context.getProperty(LOOKBACK).asTimePeriod(TimeUnit.MILLISECONDS));
    }
}
