/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.lookup;

import com.fasterxml.jackson.databind.JsonNode;
import com.ottimate.nifi.client.model.OttimateRequest;
import com.ottimate.nifi.client.model.OttimateResult;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.resources.ApiResource;
import com.ottimate.nifi.services.OttimateConnectionService;
import org.apache.nifi.annotation.lifecycle.OnDisabled;
import org.apache.nifi.annotation.lifecycle.OnEnabled;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.components.DescribedValue;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.context.PropertyContext;
import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.controller.ConfigurationContext;
import org.apache.nifi.controller.VerifiableControllerService;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.lookup.LookupFailureException;
import org.apache.nifi.processor.DataUnit;
import org.apache.nifi.processor.util.StandardValidators;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What the Ottimate lookup services share: the coordinates they read ({@code key}, and optionally
 * {@code ottimate_company_id} and the key's narrowing coordinate), the cache and strategy properties, Verify, and the
 * counters logged when the service is disabled. Subclasses choose the collection and what a found object becomes.
 */
public abstract class AbstractOttimateLookupService extends AbstractControllerService implements VerifiableControllerService {

    /** The one required coordinate: the value to match. */
    public static final String KEY = "key";
    /** Optional coordinate: the company to look in, instead of the Company ID property. */
    public static final String COMPANY_COORDINATE = "ottimate_company_id";

    public static final PropertyDescriptor CONNECTION_SERVICE = AbstractOttimateProcessor.CONNECTION_SERVICE;

    public static final PropertyDescriptor COMPANY_ID = new PropertyDescriptor.Builder()
            .name("Company ID")
            .description("The ottimate_company_id to look in. A lookup's " + COMPANY_COORDINATE + " coordinate, when given, takes its place, "
                    + "so one service can serve several companies. Catalog lookups need one or the other.")
            .required(false)
            .addValidator(StandardValidators.createLongValidator(1, Long.MAX_VALUE, true))
            .build();

    public static final PropertyDescriptor LOOKUP_STRATEGY = new PropertyDescriptor.Builder()
            .name("Lookup Strategy")
            .description("Hold the whole collection in memory, or ask the API for each key.")
            .required(true)
            .allowableValues(LookupStrategy.class)
            .defaultValue(LookupStrategy.PRELOAD)
            .build();

    public static final PropertyDescriptor CACHE_EXPIRATION = new PropertyDescriptor.Builder()
            .name("Cache Expiration")
            .description("How long a preloaded listing or a found object is used before it is read again.")
            .required(true)
            .defaultValue("15 min")
            .addValidator(StandardValidators.createTimePeriodValidator(1, TimeUnit.SECONDS, 7, TimeUnit.DAYS))
            .build();

    public static final PropertyDescriptor NOT_FOUND_EXPIRATION = new PropertyDescriptor.Builder()
            .name("Not Found Expiration")
            .description("How long a key that matched nothing is answered 'not found' before the API is asked again (Per Key), "
                    + "or the least age of a preloaded listing before a miss reloads it (Preload), so new objects show up before the "
                    + "Cache Expiration. While unknown keys keep coming, Preload lists the collection once per this period: set it "
                    + "to the Cache Expiration to list only that often.")
            .required(true)
            .defaultValue("5 min")
            .addValidator(StandardValidators.createTimePeriodValidator(1, TimeUnit.SECONDS, 7, TimeUnit.DAYS))
            .build();

    public static final PropertyDescriptor CACHE_SIZE = new PropertyDescriptor.Builder()
            .name("Cache Size")
            .description("Per Key: the most keys remembered. Preload: the most objects one company's listing may hold (all "
                    + "companies' listings together stay within the Preload Memory Budget); a larger collection fails the lookup with a message to raise this or to use Per Key.")
            .required(true)
            .defaultValue("100000")
            .addValidator(StandardValidators.createLongValidator(1, 10_000_000, true))
            .build();

    public static final PropertyDescriptor PRELOAD_MEMORY_BUDGET = new PropertyDescriptor.Builder()
            .name("Preload Memory Budget")
            .description("The heap all preloaded listings of this service may hold together, whatever the number of companies looked "
                    + "in: the least recently used company's listing is dropped (and listed again when needed) to stay within it, and "
                    + "a company whose listing alone needs more fails its lookups with a message to raise this or to use Per Key. A "
                    + "record lookup keeps whole objects (a vendor is about 2 KB: 64 MB holds about 30,000), the value lookup only the "
                    + "fields it matches on and answers (about 360 bytes). While a company's listing is read again, the new one is "
                    + "built beside the others: at most twice this budget for a moment.")
            .required(true)
            .defaultValue("64 MB")
            .addValidator(StandardValidators.DATA_SIZE_VALIDATOR)
            .dependsOn(LOOKUP_STRATEGY, LookupStrategy.PRELOAD)
            .build();

    /** Account ID of the location lookups (locations hang off an account). */
    public static final PropertyDescriptor ACCOUNT_ID = new PropertyDescriptor.Builder()
            .name("Account ID")
            .description("The account (racc_...) whose locations to look in.")
            .required(true)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    /** A service's Match On property: which of {@code keys} the 'key' coordinate holds, {@code first} unless chosen. */
    protected static PropertyDescriptor matchOnProperty(final String description, final LookupKey first, final DescribedValue... keys) {
        return new PropertyDescriptor.Builder()
                .name("Match On")
                .description(description)
                .required(true)
                .allowableValues(keys)
                .defaultValue(first)
                .build();
    }

    /** The optional default of a key's narrowing coordinate, shown for the keys it narrows. */
    protected static PropertyDescriptor narrowingDefault(final String name, final String description, final PropertyDescriptor matchOn,
                                                         final LookupKey narrowed, final LookupKey... alsoNarrowed) {
        return new PropertyDescriptor.Builder()
                .name(name)
                .description(description)
                .required(false)
                .dependsOn(matchOn, narrowed, alsoNarrowed)
                .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
                .build();
    }

    /** A service's properties: the connection, its Match On and its own ones, then the company, strategy and cache ones all share. */
    protected static List<PropertyDescriptor> properties(final PropertyDescriptor matchOn, final PropertyDescriptor... own) {
        final List<PropertyDescriptor> properties = new ArrayList<>(List.of(CONNECTION_SERVICE, matchOn));
        properties.addAll(List.of(own));
        properties.addAll(List.of(COMPANY_ID, LOOKUP_STRATEGY, CACHE_EXPIRATION, NOT_FOUND_EXPIRATION, CACHE_SIZE, PRELOAD_MEMORY_BUDGET));
        return List.copyOf(properties);
    }

    private volatile ObjectLookup lookup;
    private volatile LookupKey key;
    private volatile String accountId;
    private volatile String companyId;
    private volatile String narrowing;

    /** The Match On property of this service, whose values are {@link LookupKey}s. */
    protected abstract PropertyDescriptor matchOn();

    /** A property giving the narrowing coordinate's default value, or null when this service has none. */
    protected PropertyDescriptor narrowingProperty() {
        return null;
    }

    /** Reads what a subclass needs of its own properties when the service is enabled. */
    protected void configure(final ConfigurationContext context) {
    }

    /** The fields this service's lookups answer, the only ones its caches need to keep; null: the whole object. */
    protected Set<String> answeredFields(final ConfigurationContext context) {
        return null;
    }

    /** The clock of the caches (tests move it). */
    protected Clock clock() {
        return Clock.systemUTC();
    }

    /** For LookupRecord and LookupAttribute: the one coordinate every lookup needs. */
    public Set<String> getRequiredKeys() {
        return Set.of(KEY);
    }

    @Override
    protected Collection<ValidationResult> customValidate(final ValidationContext context) {
        final List<ValidationResult> problems = new ArrayList<>();
        final LookupKey chosen = context.getProperty(matchOn()).asAllowableValue(LookupKey.class);
        if (chosen != null && !chosen.perKeyPossible()
                && context.getProperty(LOOKUP_STRATEGY).asAllowableValue(LookupStrategy.class) == LookupStrategy.PER_KEY) {
            problems.add(new ValidationResult.Builder().subject(LOOKUP_STRATEGY.getName()).valid(false)
                    .explanation("the API has no filter to ask for one '" + chosen.getDisplayName() + "', so only "
                            + LookupStrategy.PRELOAD.getDisplayName() + " can look it up").build());
        }
        return problems;
    }

    @OnEnabled
    public void onEnabled(final ConfigurationContext context) {
        key = context.getProperty(matchOn()).asAllowableValue(LookupKey.class);
        accountId = key.resource() == ApiResource.LOCATIONS ? context.getProperty(ACCOUNT_ID).getValue().strip() : null;
        companyId = blankToNull(context.getProperty(COMPANY_ID).getValue());
        narrowing = narrowingProperty() == null || key.narrowedBy().isEmpty() ? null : blankToNull(context.getProperty(narrowingProperty()).getValue());
        configure(context);
        lookup = newLookup(context);
    }

    @OnDisabled
    public void onDisabled() {
        final ObjectLookup current = lookup;
        if (current != null) {
            getLogger().info("{} since enabled: {}", key.getDisplayName(), current.counters());
        }
        lookup = null;
    }

    /** The key this enabled service matches on. */
    protected LookupKey requireKey() {
        requireLookup();
        return key;
    }

    /** About how many bytes of heap this service's preloaded listings hold now (see Preload Memory Budget). */
    public long preloadedBytes() {
        return requireLookup().preloadedBytes();
    }

    /** What this service did since it was enabled. */
    public LookupCounters counters() {
        return requireLookup().counters();
    }

    /** The object {@code coordinates} name, or empty (no key, or nothing matches). */
    protected Optional<JsonNode> find(final Map<String, Object> coordinates) throws LookupFailureException {
        final ObjectLookup current = requireLookup();
        final String value = text(coordinates.get(KEY));
        if (value == null) {
            return Optional.empty();
        }
        final String company = Optional.ofNullable(text(coordinates.get(COMPANY_COORDINATE))).orElse(companyId);
        if (company == null && key.resource() == ApiResource.CATALOG_ENTRIES) {
            throw new LookupFailureException(key.getDisplayName() + " needs a company: set Company ID or pass the "
                    + COMPANY_COORDINATE + " coordinate");
        }
        final String narrowedTo = key.narrowedBy().map(coordinate -> text(coordinates.get(coordinate))).orElse(null);
        return current.find(new ObjectLookup.Query(new ObjectLookup.Scope(accountId, company), value,
                narrowedTo != null ? narrowedTo : narrowing));
    }

    @Override
    public List<ConfigVerificationResult> verify(final ConfigurationContext context, final ComponentLog verificationLogger,
                                                 final Map<String, String> variables) {
        final LookupKey chosen = context.getProperty(matchOn()).asAllowableValue(LookupKey.class);
        final ApiResource resource = chosen.resource();
        final ObjectLookup.Scope scope = new ObjectLookup.Scope(resource == ApiResource.LOCATIONS ? context.getProperty(ACCOUNT_ID).getValue() : null,
                blankToNull(context.getProperty(COMPANY_ID).getValue()));
        final List<ConfigVerificationResult> results = new ArrayList<>();
        final OttimateResult first;
        try {
            OttimateRequest.Builder request = resource.list(scope.accountId()).query("page", "1").query("limit", "1");
            if (scope.companyId() != null) {
                request = request.query(COMPANY_COORDINATE, scope.companyId());
            }
            first = connection(context).execute(request.build());
        } catch (final RuntimeException e) {
            results.add(result("Read " + resource.path(), Outcome.FAILED, "Cannot read: " + e.getMessage()));
            return results;
        }
        final JsonNode sample = first instanceof OttimateResult.Success success && success.body().path(resource.listField()).isArray()
                ? success.body().path(resource.listField()).path(0) : null;
        if (!(first instanceof OttimateResult.Success)) {
            results.add(result("Read " + resource.path(), Outcome.FAILED, "The API refused the listing (HTTP " + first.status() + ")"));
            return results;
        }
        results.add(result("Read " + resource.path(), Outcome.SUCCESSFUL, "Read the first page of " + resource.path()));
        if (sample == null || sample.isMissingNode() || !sample.hasNonNull(chosen.field())) {
            results.add(result("Look Up a Sample Key", Outcome.SKIPPED, "No object with a " + chosen.field() + " to look up"));
            return results;
        }
        final String sampleKey = sample.get(chosen.field()).asText();
        final ObjectLookup probe = newLookup(context);
        try {
            final Optional<JsonNode> found = probe.find(new ObjectLookup.Query(scope, sampleKey,
                    chosen.narrowedBy().map(sample::path).filter(JsonNode::isValueNode).map(JsonNode::asText).orElse(null)));
            results.add(result("Look Up a Sample Key", found.isPresent() ? Outcome.SUCCESSFUL : Outcome.FAILED,
                    (found.isPresent() ? "Found " : "Did not find ") + chosen.getDisplayName() + " '" + sampleKey + "' ("
                            + context.getProperty(LOOKUP_STRATEGY).asAllowableValue(LookupStrategy.class).getDisplayName() + ": "
                            + probe.counters().requests() + " API requests)"));
        } catch (final LookupFailureException e) {
            results.add(result("Look Up a Sample Key", Outcome.FAILED, e.getMessage()));
        }
        return results;
    }

    private ObjectLookup newLookup(final ConfigurationContext context) {
        final OttimateConnectionService connection = connection(context);
        return new ObjectLookup(connection::execute, context.getProperty(matchOn()).asAllowableValue(LookupKey.class),
                context.getProperty(LOOKUP_STRATEGY).asAllowableValue(LookupStrategy.class),
                Duration.ofMillis(context.getProperty(CACHE_EXPIRATION).asTimePeriod(TimeUnit.MILLISECONDS)),
                Duration.ofMillis(context.getProperty(NOT_FOUND_EXPIRATION).asTimePeriod(TimeUnit.MILLISECONDS)),
                context.getProperty(CACHE_SIZE).asLong(), context.getProperty(PRELOAD_MEMORY_BUDGET).asDataSize(DataUnit.B).longValue(),
                answeredFields(context), clock());
    }

    private static OttimateConnectionService connection(final PropertyContext context) {
        return context.getProperty(CONNECTION_SERVICE).asControllerService(OttimateConnectionService.class);
    }

    private ObjectLookup requireLookup() {
        final ObjectLookup current = lookup;
        if (current == null) {
            throw new IllegalStateException("Ottimate lookup service is not enabled");
        }
        return current;
    }

    /** A coordinate as the text the API compares: whole numbers without a fraction, blanks as absent. */
    static String text(final Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            final BigDecimal number = new BigDecimal(value.toString());
            return number.stripTrailingZeros().scale() <= 0 ? number.toBigInteger().toString() : number.toPlainString();
        }
        return blankToNull(value.toString());
    }

    private static String blankToNull(final String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static ConfigVerificationResult result(final String step, final Outcome outcome, final String explanation) {
        return new ConfigVerificationResult.Builder().verificationStepName(step).outcome(outcome).explanation(explanation).build();
    }
}
