package com.ottimate.nifi.processors.masterdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.ottimate.nifi.client.OttimateRequest;
import com.ottimate.nifi.client.OttimateResult;
import com.ottimate.nifi.client.Pages;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.records.JsonObjectSink;
import com.ottimate.nifi.processors.records.OutputStrategy;
import com.ottimate.nifi.processors.state.IncrementalListing;
import com.ottimate.nifi.processors.state.ListingState;
import com.ottimate.nifi.services.OttimateConnectionService;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Reads vendors or dimensions (see {@link MasterDataResource}): as a source it lists them (incrementally where the
 * API filters on modification time, with cluster state); with an incoming flowfile it fetches one by id, or runs
 * an ad-hoc listing when no id is given.
 */
public abstract class AbstractFetchOttimateMasterData extends AbstractOttimateProcessor {

    public static final PropertyDescriptor COMPANY_ID = new PropertyDescriptor.Builder()
            .name("Company ID")
            .description("ottimate_company_id whose objects to read. Vendors need it for incremental listing (the API filters by "
                    + "modification time only within a company).")
            .required(false)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .build();

    public static final PropertyDescriptor OBJECT_ID = new PropertyDescriptor.Builder()
            .name("Object ID")
            .description("With an incoming flowfile: the id of one object to fetch (e.g. ${ottimate.vendor.id}). Empty means list.")
            .required(false)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .build();

    public static final PropertyDescriptor PAGE_SIZE = new PropertyDescriptor.Builder()
            .name("Page Size")
            .description("Objects per request (1 to 100).")
            .required(true)
            .defaultValue("100")
            .addValidator(StandardValidators.createLongValidator(1, 100, true))
            .build();

    public static final PropertyDescriptor LOOKBACK = new PropertyDescriptor.Builder()
            .name("Lookback Window")
            .description("How far before the newest modification already seen an incremental run looks again; versions already "
                    + "emitted are remembered, so the overlap never produces duplicates.")
            .required(true)
            .defaultValue("1 min")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    public static final PropertyDescriptor OUTPUT_STRATEGY = OutputStrategy.PROPERTY;

    public static final PropertyDescriptor RECORD_WRITER = OutputStrategy.RECORD_WRITER;

    public static final Relationship REL_ORIGINAL = new Relationship.Builder()
            .name("original")
            .description("An incoming flowfile, once what it asked for was emitted.")
            .build();

    static final Set<Relationship> RELATIONSHIPS = Set.of(REL_SUCCESS, REL_ORIGINAL, REL_NOT_FOUND, REL_FAILURE, REL_RETRY);

    private final MasterDataResource resource;
    private volatile boolean filtersChanged;

    protected AbstractFetchOttimateMasterData(final MasterDataResource resource) {
        this.resource = resource;
    }

    /** Resource-specific filters and their query parameter names. */
    protected abstract Map<PropertyDescriptor, String> filters();

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        final List<PropertyDescriptor> descriptors = new ArrayList<>(List.of(CONNECTION_SERVICE, COMPANY_ID));
        descriptors.addAll(filters().keySet());
        descriptors.addAll(List.of(OBJECT_ID, PAGE_SIZE));
        if (resource.incremental()) {
            descriptors.add(LOOKBACK);
        }
        descriptors.addAll(List.of(OUTPUT_STRATEGY, RECORD_WRITER));
        return descriptors;
    }

    @Override
    public Set<Relationship> getRelationships() {
        return RELATIONSHIPS;
    }

    @Override
    public void onPropertyModified(final PropertyDescriptor descriptor, final String oldValue, final String newValue) {
        if ((descriptor.equals(COMPANY_ID) || filters().containsKey(descriptor)) && isConfigurationRestored()) {
            filtersChanged = true;
        }
    }

    /** Other filters mean another listing: it starts from scratch. Done here, never in onTrigger. */
    @OnScheduled
    public void resetStateIfFiltersChanged(final ProcessContext context) throws IOException {
        if (filtersChanged) {
            context.getStateManager().clear(Scope.CLUSTER);
            filtersChanged = false;
        }
    }

    @Override
    public void onTrigger(final ProcessContext context, final ProcessSession session) {
        if (!context.hasIncomingConnection()) {
            listAsSource(context, session);
            return;
        }
        final FlowFile input = session.get();
        if (input == null) {
            return;
        }
        final String id = context.getProperty(OBJECT_ID).evaluateAttributeExpressions(input).getValue();
        if (id != null && !id.isBlank()) {
            fetchOne(context, session, input, id.strip());
        } else {
            listForInput(context, session, input);
        }
    }

    private void fetchOne(final ProcessContext context, final ProcessSession session, final FlowFile input, final String id) {
        final long started = System.nanoTime();
        final OttimateResult result = connection(context).execute(OttimateRequest.get(resource.path(), id).build());
        if (!(result instanceof OttimateResult.Success success)) {
            routeUnsuccessful(session, input, result, "Fetching " + resource.singleField() + " " + id);
            return;
        }
        // GET by id wraps the object ({version, vendor}); emit the object itself, as listings do
        final JsonNode object = success.body().has(resource.singleField()) ? success.body().get(resource.singleField()) : success.body();
        transferSuccess(session, input, new OttimateResult.Success(success.uri(), success.status(), object, success.requestId(),
                success.replayed(), success.attempts()), Map.of(idAttribute(), id), started, false);
    }

    private void listForInput(final ProcessContext context, final ProcessSession session, final FlowFile input) {
        final OttimateRequest request = request(context, input);
        try (JsonObjectSink sink = sink(context, session, input)) {
            final OttimateResult result = Pages.forEach(connection(context)::execute, request, resource.listField(), pageSize(context),
                    (items, page) -> {
                        for (final JsonNode object : items) {
                            sink.accept(object);
                        }
                        return true;
                    });
            if (!(result instanceof OttimateResult.Success)) {
                sink.discard();
                routeUnsuccessful(session, input, result, "Listing " + resource.path() + " for " + input);
                return;
            }
            final int count = sink.complete(REL_SUCCESS, Map.of(countAttribute(), Integer.toString(sink.count())),
                    connection(context).uriOf(request).toString());
            session.transfer(session.putAttribute(input, countAttribute(), Integer.toString(count)), REL_ORIGINAL);
        } catch (final Exception e) {
            throw new ProcessException("Listing " + resource.path() + " failed: " + e.getMessage(), e);
        }
    }

    private void listAsSource(final ProcessContext context, final ProcessSession session) {
        final String company = context.getProperty(COMPANY_ID).evaluateAttributeExpressions().getValue();
        if (resource.incremental() && (company == null || company.isBlank())) {
            // ValidationContext cannot tell whether a connection comes in, so the rule is enforced here
            getLogger().error("Company ID is required to list {} incrementally (the API filters by modification time within a company)", resource.path());
            context.yield();
            return;
        }
        final OttimateConnectionService connection = connection(context);
        final OttimateRequest request = request(context, null);
        try (JsonObjectSink sink = sink(context, session, null)) {
            final OttimateResult result;
            ListingState next = null;
            if (resource.incremental()) {
                final ListingState state = ListingState.fromMap(session.getState(Scope.CLUSTER).toMap());
                final IncrementalListing.Run run = IncrementalListing.run(connection::execute, request, "last_modified_date_from_utc",
                        resource.listField(), "last_modified_date_utc", pageSize(context), state,
                        Duration.ofMillis(context.getProperty(LOOKBACK).asTimePeriod(TimeUnit.MILLISECONDS)), sink::accept);
                result = run.result();
                next = run.next();
            } else {
                // the API offers no modification filter here: every run reads the full list
                result = Pages.forEach(connection::execute, request, resource.listField(), pageSize(context), (items, page) -> {
                    for (final JsonNode object : items) {
                        sink.accept(object);
                    }
                    return true;
                });
            }
            if (!(result instanceof OttimateResult.Success)) {
                sink.discard();
                getLogger().error("Listing {} stopped (HTTP {}); nothing emitted, state unchanged, trying again next run", resource.path(), result.status());
                context.yield();
                return;
            }
            final int count = sink.complete(REL_SUCCESS, Map.of(countAttribute(), Integer.toString(sink.count())), connection.uriOf(request).toString());
            if (next != null) {
                session.setState(next.toMap(), Scope.CLUSTER);
            }
            session.adjustCounter(resource.path() + " listed", count, false);
            if (count == 0) {
                context.yield();
            }
        } catch (final Exception e) {
            throw new ProcessException("Listing " + resource.path() + " failed: " + e.getMessage(), e);
        }
    }

    private OttimateRequest request(final ProcessContext context, final FlowFile flowFile) {
        final OttimateRequest.Builder builder = OttimateRequest.get(resource.path())
                .query("ottimate_company_id", context.getProperty(COMPANY_ID).evaluateAttributeExpressions(flowFile).getValue());
        filters().forEach((property, name) -> builder.query(name, context.getProperty(property).evaluateAttributeExpressions(flowFile).getValue()));
        return builder.build();
    }

    private JsonObjectSink sink(final ProcessContext context, final ProcessSession session, final FlowFile parent) {
        final OutputStrategy strategy = context.getProperty(OUTPUT_STRATEGY).asAllowableValue(OutputStrategy.class);
        final RecordSetWriterFactory writers = strategy == OutputStrategy.RECORDS
                ? context.getProperty(RECORD_WRITER).asControllerService(RecordSetWriterFactory.class) : null;
        return JsonObjectSink.of(strategy, session, parent, writers, resource.schema(), getLogger(),
                object -> Map.of(idAttribute(), object.path("id").asText()));
    }

    private String idAttribute() {
        return "ottimate." + resource.singleField() + ".id";
    }

    private String countAttribute() {
        return "ottimate." + resource.singleField() + ".count";
    }

    private static int pageSize(final ProcessContext context) {
        return context.getProperty(PAGE_SIZE).asInteger();
    }
}
