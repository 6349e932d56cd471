/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.services;

import com.github.benmanes.caffeine.cache.Ticker;
import com.ottimate.nifi.client.ClientSettings;
import com.ottimate.nifi.client.DailyQuota;
import com.ottimate.nifi.client.OttimateClient;
import com.ottimate.nifi.client.ProxySettings;
import com.ottimate.nifi.client.QuotaLedger;
import com.ottimate.nifi.client.RetryPolicy;
import com.ottimate.nifi.client.Secret;
import com.ottimate.nifi.client.Sleeper;
import com.ottimate.nifi.client.UserAgent;
import com.ottimate.nifi.client.model.ApiError;
import com.ottimate.nifi.client.model.OttimateRequest;
import com.ottimate.nifi.client.model.OttimateResult;
import org.apache.nifi.annotation.behavior.Stateful;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.lifecycle.OnDisabled;
import org.apache.nifi.annotation.lifecycle.OnEnabled;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.context.PropertyContext;
import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.controller.ConfigurationContext;
import org.apache.nifi.controller.NodeTypeProvider;
import org.apache.nifi.controller.VerifiableControllerService;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.proxy.ProxyConfiguration;
import org.apache.nifi.proxy.ProxySpec;
import org.apache.nifi.ssl.SSLContextProvider;

import java.net.InetAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

@Tags({"ottimate", "accounts payable", "invoices", "oauth2", "http", "api", "connection"})
@CapabilityDescription("Connects the Ottimate processors to the Ottimate accounts-payable API with an API key and OAuth client "
        + "credentials, caching the access token and applying the rate limit and retries to every request [POST /oauth/token].")
@Stateful(scopes = {Scope.CLUSTER, Scope.LOCAL}, description = "In a cluster: the day's quota leased so far by all nodes (quota.day, "
        + "quota.leased) and when each node last said it was alive (node.<id>), so the nodes share the API's rate limit and daily quota; "
        + "in local state the day a node last used its own share while the cluster state could not be reached (quota.local_share). "
        + "Standalone, with Stop at Quota: the day's count in local state (quota.day, quota.leased), so a restart goes on counting. "
        + "Clearing it grants the day's quota again.")
public class StandardOttimateConnectionService extends AbstractControllerService implements OttimateConnectionService, VerifiableControllerService {

    public static final PropertyDescriptor ENVIRONMENT = new PropertyDescriptor.Builder()
            .name("Environment")
            .description("The Ottimate environment to call. Production and Sandbox have separate data, ids and credentials.")
            .required(true)
            .allowableValues(Environment.class)
            .defaultValue(Environment.SANDBOX)
            .build();

    public static final PropertyDescriptor BASE_URL = new PropertyDescriptor.Builder()
            .name("Base URL")
            .description("API base URL including the version path, e.g. https://gateway.example.com/ottimate/v1. Plain http is only "
                    + "accepted for loopback addresses (a local emulator).")
            .required(true)
            .dependsOn(ENVIRONMENT, Environment.CUSTOM)
            .addValidator(StandardValidators.URL_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .build();

    public static final PropertyDescriptor API_KEY = new PropertyDescriptor.Builder()
            .name("API Key")
            .description("The client account's API key, sent as X-Api-Key on every call (one key per client account).")
            .required(true)
            .sensitive(true)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor CLIENT_ID = new PropertyDescriptor.Builder()
            .name("Client ID")
            .description("OAuth client id issued by the Ottimate Partner Manager.")
            .required(true)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .build();

    public static final PropertyDescriptor CLIENT_SECRET = new PropertyDescriptor.Builder()
            .name("Client Secret")
            .description("OAuth client secret issued by the Ottimate Partner Manager.")
            .required(true)
            .sensitive(true)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor TOKEN_URL = new PropertyDescriptor.Builder()
            .name("Token URL")
            .description("OAuth token endpoint. Defaults to {Base URL}/oauth/token; some accounts use the separate auth host "
                    + "(https://auth.ottimate.com/oauth/token or https://sandbox-auth.ottimate.com/oauth/token).")
            .required(false)
            .addValidator(StandardValidators.URL_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .build();

    public static final PropertyDescriptor OAUTH_SCOPE = new PropertyDescriptor.Builder()
            .name("OAuth Scope")
            .description("Optional scope for the token request. Only accounts.can_access_dashboard is supported by the API.")
            .required(false)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor API_VERSION = new PropertyDescriptor.Builder()
            .name("API Version")
            .description("Value of the X-API-Version header.")
            .required(true)
            .allowableValues(ApiVersion.class)
            .defaultValue(ApiVersion.LATEST)
            .build();

    public static final PropertyDescriptor REQUEST_TIMEOUT = new PropertyDescriptor.Builder()
            .name("Request Timeout")
            .description("How long to wait for an answer to one request. Keep it below the API's own 29 second limit.")
            .required(true)
            .defaultValue("20 secs")
            .addValidator(StandardValidators.createTimePeriodValidator(1, TimeUnit.SECONDS, 5, TimeUnit.MINUTES))
            .build();

    public static final PropertyDescriptor CONNECT_TIMEOUT = new PropertyDescriptor.Builder()
            .name("Connect Timeout")
            .description("How long to wait for a TCP/TLS connection to open.")
            .required(true)
            .defaultValue("5 secs")
            .addValidator(StandardValidators.createTimePeriodValidator(1, TimeUnit.SECONDS, 2, TimeUnit.MINUTES))
            .build();

    public static final PropertyDescriptor TOKEN_REFRESH_WINDOW = new PropertyDescriptor.Builder()
            .name("Token Refresh Window")
            .description("A new access token is requested this long before the current one expires (or at half its lifetime, "
                    + "when that comes later), so no request goes out with a token about to die.")
            .required(true)
            .defaultValue("5 mins")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    public static final PropertyDescriptor MAX_RETRIES = new PropertyDescriptor.Builder()
            .name("Max Retries")
            .description("Retries of one request after 429, 5xx, time-outs or broken connections, before the flowfile goes to 'retry'.")
            .required(true)
            .defaultValue("3")
            .addValidator(StandardValidators.createLongValidator(0, 10, true))
            .build();

    public static final PropertyDescriptor INITIAL_BACKOFF = new PropertyDescriptor.Builder()
            .name("Initial Retry Backoff")
            .description("Wait before the first retry when the API gives no Retry-After; doubles with each retry, with random jitter.")
            .required(true)
            .defaultValue("500 millis")
            .addValidator(StandardValidators.createTimePeriodValidator(1, TimeUnit.MILLISECONDS, 1, TimeUnit.MINUTES))
            .build();

    public static final PropertyDescriptor MAX_RETRY_WAIT = new PropertyDescriptor.Builder()
            .name("Max Retry Wait")
            .description("Longest wait between two attempts. When the API asks (Retry-After) for longer, the request is not held: "
                    + "the flowfile goes to 'retry' at once and is penalized.")
            .required(true)
            .defaultValue("30 secs")
            .addValidator(StandardValidators.createTimePeriodValidator(1, TimeUnit.MILLISECONDS, 10, TimeUnit.MINUTES))
            .build();

    public static final PropertyDescriptor UNANSWERED_SETTLE = new PropertyDescriptor.Builder()
            .name("Unanswered Write Settle Time")
            .description("How long after a write got no answer (a time-out, a lost answer) Ottimate may still apply it; its gateway ends "
                    + "requests after 29 s. Creates and updates that can look for their own result (invoices; InvokeOttimateAPI with a "
                    + "Duplicate Check Path) wait this long on 'retry', then look before they are sent again, so no copy is made even "
                    + "where the API does not honour Idempotency-Key.")
            .required(true)
            .defaultValue("30 secs")
            .addValidator(StandardValidators.createTimePeriodValidator(0, TimeUnit.MILLISECONDS, 10, TimeUnit.MINUTES))
            .build();

    public static final PropertyDescriptor RATE_LIMIT = new PropertyDescriptor.Builder()
            .name("Rate Limit")
            .description("Most requests per second sent with this API key (a token bucket shared by every processor using the "
                    + "service, token requests included; 50 ms worth of requests is kept out of the burst for network jitter). The API "
                    + "allows 1,000 per second per API key. In a cluster this is the whole cluster's rate: each node takes 1/n of it "
                    + "for the n nodes alive.")
            .required(true)
            .defaultValue("1000")
            .addValidator(StandardValidators.createLongValidator(1, 1000, true))
            .build();

    public static final PropertyDescriptor RATE_LIMIT_BURST = new PropertyDescriptor.Builder()
            .name("Rate Limit Burst")
            .description("Requests that may go out at once after a quiet spell. The API allows bursts of 2,000 per API key. In a "
                    + "cluster each node takes 1/n of it.")
            .required(true)
            .defaultValue("2000")
            .addValidator(StandardValidators.createLongValidator(1, 2000, true))
            .build();

    public static final PropertyDescriptor SSL_CONTEXT_SERVICE = new PropertyDescriptor.Builder()
            .name("SSL Context Service")
            .description("TLS settings (trust store, client certificate). Without it the JVM's default trust store is used.")
            .required(false)
            .identifiesControllerService(SSLContextProvider.class)
            .build();

    public static final PropertyDescriptor DAILY_QUOTA = new PropertyDescriptor.Builder()
            .name("Daily Request Quota")
            .description("Requests the API key may make per UTC day (10,000 unless Ottimate raised it). This service counts what it "
                    + "sends, token requests included; 0 only counts. In a cluster with Stop at Quota the quota is the whole cluster's: "
                    + "nodes lease 1% of it at a time through cluster state (ZooKeeper), so they never send more together than this plus "
                    + "nodes × 1% (the share a node may still use when it cannot reach the state).")
            .required(true)
            .defaultValue("10000")
            .addValidator(StandardValidators.NON_NEGATIVE_INTEGER_VALIDATOR)
            .build();

    public static final PropertyDescriptor QUOTA_WARNING = new PropertyDescriptor.Builder()
            .name("Quota Warning Threshold")
            .description("Share of the daily quota (in percent) at which a warning bulletin is raised, once per day.")
            .required(true)
            .defaultValue("80")
            .addValidator(StandardValidators.createLongValidator(1, 100, true))
            .build();

    public static final PropertyDescriptor STOP_AT_QUOTA = new PropertyDescriptor.Builder()
            .name("Stop at Quota")
            .description("When the daily quota is used, send nothing more today: processors route work to 'retry' (code "
                    + "daily_quota_reached) instead of burning failures against the API.")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("true")
            .build();

    private static final ProxySpec[] PROXY_SPECS = {ProxySpec.HTTP, ProxySpec.HTTP_AUTH};
    public static final PropertyDescriptor PROXY_CONFIGURATION_SERVICE = ProxyConfiguration.createProxyConfigPropertyDescriptor(PROXY_SPECS);

    static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(
            ENVIRONMENT, BASE_URL, API_KEY, CLIENT_ID, CLIENT_SECRET, TOKEN_URL, OAUTH_SCOPE, API_VERSION,
            REQUEST_TIMEOUT, CONNECT_TIMEOUT, TOKEN_REFRESH_WINDOW, MAX_RETRIES, INITIAL_BACKOFF, MAX_RETRY_WAIT, UNANSWERED_SETTLE,
            RATE_LIMIT, RATE_LIMIT_BURST, DAILY_QUOTA, QUOTA_WARNING, STOP_AT_QUOTA, SSL_CONTEXT_SERVICE, PROXY_CONFIGURATION_SERVICE);

    private final Sleeper sleeper;
    private final Ticker ticker;
    private final Clock clock;
    private volatile OttimateClient client;
    private volatile ClusterBudget budget;
    private volatile ScheduledExecutorService heartbeats;

    public StandardOttimateConnectionService() {
        this(Sleeper.SYSTEM, Ticker.systemTicker(), Clock.systemUTC());
    }

    /** For tests: replace waits (backoff, Retry-After, rate limit), the ticker that ages tokens and the clock of the daily quota. */
    public StandardOttimateConnectionService(final Sleeper sleeper, final Ticker ticker, final Clock clock) {
        this.sleeper = sleeper;
        this.ticker = ticker;
        this.clock = clock;
    }

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    protected Collection<ValidationResult> customValidate(final ValidationContext context) {
        final List<ValidationResult> results = new ArrayList<>();
        final Environment environment = context.getProperty(ENVIRONMENT).asAllowableValue(Environment.class);
        if (environment == Environment.CUSTOM && context.getProperty(BASE_URL).isSet()) {
            checkTransport(BASE_URL, context.getProperty(BASE_URL).evaluateAttributeExpressions().getValue(), results);
        }
        if (context.getProperty(TOKEN_URL).isSet()) {
            checkTransport(TOKEN_URL, context.getProperty(TOKEN_URL).evaluateAttributeExpressions().getValue(), results);
        }
        ProxyConfiguration.validateProxySpec(context, results, PROXY_SPECS);
        return results;
    }

    /** HTTPS everywhere; plain HTTP only to a loopback host, where no credential leaves the machine. */
    private static void checkTransport(final PropertyDescriptor property, final String url, final List<ValidationResult> results) {
        final URI uri;
        try {
            uri = URI.create(url);
        } catch (final IllegalArgumentException e) {
            return; // the URL validator reports it
        }
        if ("https".equalsIgnoreCase(uri.getScheme())) {
            return;
        }
        if ("http".equalsIgnoreCase(uri.getScheme()) && isLoopback(uri.getHost())) {
            return;
        }
        results.add(new ValidationResult.Builder().subject(property.getName()).input(url).valid(false)
                .explanation("must use https (plain http is only allowed to a loopback address such as 127.0.0.1 or localhost)").build());
    }

    private static boolean isLoopback(final String host) {
        if (host == null) {
            return false;
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            // only literal addresses: resolving a name here would let DNS decide where credentials go
            final boolean literal = host.matches("[0-9.]+") || host.startsWith("[");
            return literal && InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (final UnknownHostException e) {
            return false;
        }
    }

    @OnEnabled
    public void onEnabled(final ConfigurationContext context) {
        final long limit = context.getProperty(DAILY_QUOTA).asLong();
        final long warnAt = limit == 0 ? Long.MAX_VALUE : Math.max(1, limit * context.getProperty(QUOTA_WARNING).asLong() / 100);
        final NodeTypeProvider cluster = getNodeTypeProvider();
        budget = cluster != null && cluster.isConfiguredForClustering() ? new ClusterBudget(getStateManager(), cluster, clock, getLogger()) : null;
        final DailyQuota quota = quota(context, limit, warnAt, budget);
        final ClusterBudget shared = budget;
        if (shared != null) {
            shared.heartbeat();
            heartbeats = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("ottimate-cluster-budget").factory());
            heartbeats.scheduleWithFixedDelay(shared::heartbeat, ClusterBudget.HEARTBEAT.toMillis(), ClusterBudget.HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        }
        client = OttimateClient.builder(settings(context)).sleeper(sleeper).ticker(ticker).clock(clock).quota(quota)
                .warnings(message -> getLogger().warn(message)).nodes(shared == null ? () -> 1 : shared::nodes).build();
        getLogger().info("Connected to Ottimate at {} as client {}{}", client.settings().baseUri(), client.settings().clientId(),
                shared == null ? "" : "; " + shared.nodes() + " cluster nodes share the rate limit and the daily quota");
    }

    /** The day's quota: the cluster's through {@code shared}, else this node's own, kept in local state so a restart goes on counting. */
    private DailyQuota quota(final ConfigurationContext context, final long limit, final long warnAt, final ClusterBudget shared) {
        final QuotaLedger ledger = shared != null ? shared : new LocalQuotaLedger(getStateManager());
        return new DailyQuota(limit, warnAt, context.getProperty(STOP_AT_QUOTA).asBoolean(), clock,
                count -> getLogger().warn("{} of today's {} requests to Ottimate are used ({}%); the quota resets at midnight UTC",
                        count, limit, count * 100 / limit), ledger, DailyQuota.chunkOf(limit), message -> getLogger().warn(message));
    }

    /** How many nodes share this service's rate limit now (1 outside a cluster). */
    public int sharingNodes() {
        final ClusterBudget shared = budget;
        return shared == null ? 1 : shared.nodes();
    }

    @OnDisabled
    public void onDisabled() {
        if (heartbeats != null) {
            heartbeats.shutdownNow();
            heartbeats = null;
        }
        // this node's heartbeat stays in the cluster state until it is stale: a service re-enabled at once counts right
        budget = null;
        if (client != null) {
            client.close();
            client = null;
        }
    }

    @Override
    public OttimateResult execute(final OttimateRequest request) {
        return requireClient().execute(request);
    }

    @Override
    public long requestsToday() {
        return requireClient().requestsToday();
    }

    @Override
    public URI uriOf(final OttimateRequest request) {
        return requireClient().uriOf(request);
    }

    private OttimateClient requireClient() {
        final OttimateClient current = client;
        if (current == null) {
            throw new IllegalStateException("Ottimate connection service is not enabled");
        }
        return current;
    }

    /** What Verify sends: a token request and one page of accounts. */
    private static final int VERIFY_REQUESTS = 2;

    @Override
    public List<ConfigVerificationResult> verify(final ConfigurationContext context, final ComponentLog verificationLogger, final Map<String, String> variables) {
        final List<ConfigVerificationResult> results = new ArrayList<>();
        final ClientSettings settings;
        try {
            // verification should answer quickly: no retries
            settings = settings(context, RetryPolicy.of(0, Duration.ofMillis(1), Duration.ofMillis(1)));
        } catch (final RuntimeException e) {
            results.add(result("Read Configuration", Outcome.FAILED, "Configuration is not usable: " + e.getMessage()));
            return results;
        }
        // counted against the day's quota like any request (and refused by it with Stop at Quota), paced by the configured rate
        final long limit = context.getProperty(DAILY_QUOTA).asLong();
        final NodeTypeProvider cluster = getNodeTypeProvider();
        final QuotaLedger ledger = cluster != null && cluster.isConfiguredForClustering()
                ? new ClusterBudget(getStateManager(), cluster, clock, getLogger(), false) : new LocalQuotaLedger(getStateManager());
        final DailyQuota quota = new DailyQuota(limit, Long.MAX_VALUE, context.getProperty(STOP_AT_QUOTA).asBoolean(), clock, count -> { },
                ledger, VERIFY_REQUESTS, message -> verificationLogger.warn(message));
        try (OttimateClient probe = OttimateClient.builder(settings).sleeper(sleeper).ticker(ticker).clock(clock).quota(quota).warnings(verificationLogger::warn).build()) {
            final OttimateResult token = probe.checkToken();
            if (!(token instanceof OttimateResult.Success success)) {
                results.add(result("Obtain Access Token", Outcome.FAILED, describe(token)));
                results.add(result("Read Accounts", Outcome.SKIPPED, "Skipped: no access token"));
                return results;
            }
            results.add(result("Obtain Access Token", Outcome.SUCCESSFUL, "Obtained an access token from " + settings.tokenUri()
                    + " valid for " + success.body().path("expires_in").asLong() + " seconds"));
            final OttimateResult accounts = probe.execute(OttimateRequest.get("accounts").query("limit", "1").build());
            if (accounts instanceof OttimateResult.Success page) {
                results.add(result("Read Accounts", Outcome.SUCCESSFUL, "Read one page of accounts from " + settings.baseUri()
                        + " (" + page.body().path("count").asLong() + " accounts visible to this client)"));
            } else {
                results.add(result("Read Accounts", Outcome.FAILED, describe(accounts)));
            }
        }
        return results;
    }

    private static String describe(final OttimateResult result) {
        final ApiError error = switch (result) {
            case OttimateResult.Rejected rejected -> rejected.error();
            case OttimateResult.Retryable retryable -> retryable.error();
            case OttimateResult.NotFound notFound -> new ApiError(notFound.error().code(),
                    "Nothing answers at " + notFound.uri() + " (HTTP 404): check the Base URL, it must end with the API version, e.g. /v1", null);
            case OttimateResult.Success success -> new ApiError("ok", "OK", success.requestId());
        };
        return error.message() + (error.requestId() == null ? "" : " [request_id " + error.requestId() + "]");
    }

    private static ConfigVerificationResult result(final String step, final Outcome outcome, final String explanation) {
        return new ConfigVerificationResult.Builder().verificationStepName(step).outcome(outcome).explanation(explanation).build();
    }

    private static ClientSettings settings(final PropertyContext context) {
        return settings(context, RetryPolicy.of(
                context.getProperty(MAX_RETRIES).asInteger(),
                Duration.ofMillis(context.getProperty(INITIAL_BACKOFF).asTimePeriod(TimeUnit.MILLISECONDS)),
                Duration.ofMillis(context.getProperty(MAX_RETRY_WAIT).asTimePeriod(TimeUnit.MILLISECONDS))));
    }

    private static ClientSettings settings(final PropertyContext context, final RetryPolicy retryPolicy) {
        final Environment environment = context.getProperty(ENVIRONMENT).asAllowableValue(Environment.class);
        final String base = stripTrailingSlash(environment == Environment.CUSTOM
                ? context.getProperty(BASE_URL).evaluateAttributeExpressions().getValue() : environment.baseUrl());
        final String tokenUrl = context.getProperty(TOKEN_URL).isSet()
                ? context.getProperty(TOKEN_URL).evaluateAttributeExpressions().getValue() : base + "/oauth/token";
        final SSLContextProvider ssl = context.getProperty(SSL_CONTEXT_SERVICE).asControllerService(SSLContextProvider.class);
        final ProxyConfiguration proxy = ProxyConfiguration.getConfiguration(context);
        final boolean proxied = proxy.getProxyType() == Proxy.Type.HTTP;
        return new ClientSettings(
                URI.create(base),
                URI.create(tokenUrl),
                Secret.of(context.getProperty(API_KEY).getValue()),
                context.getProperty(CLIENT_ID).evaluateAttributeExpressions().getValue(),
                Secret.of(context.getProperty(CLIENT_SECRET).getValue()),
                context.getProperty(OAUTH_SCOPE).getValue(),
                context.getProperty(API_VERSION).asAllowableValue(ApiVersion.class).header(),
                Duration.ofMillis(context.getProperty(CONNECT_TIMEOUT).asTimePeriod(TimeUnit.MILLISECONDS)),
                Duration.ofMillis(context.getProperty(REQUEST_TIMEOUT).asTimePeriod(TimeUnit.MILLISECONDS)),
                Duration.ofMillis(context.getProperty(TOKEN_REFRESH_WINDOW).asTimePeriod(TimeUnit.MILLISECONDS)),
                retryPolicy,
                context.getProperty(RATE_LIMIT).asInteger(),
                context.getProperty(RATE_LIMIT_BURST).asInteger(),
                ssl == null ? null : ssl.createContext(),
                proxied ? proxySettings(proxy) : null,
                UserAgent.VALUE,
                Duration.ofMillis(context.getProperty(UNANSWERED_SETTLE).asTimePeriod(TimeUnit.MILLISECONDS)),
                ssl == null ? null : ssl.createTrustManager());
    }

    /** The proxy, with its credentials when it has a user (a user without a password is sent with an empty one). */
    private static ProxySettings proxySettings(final ProxyConfiguration proxy) {
        final String user = proxy.getProxyUserName();
        if (user == null || user.isBlank()) {
            return ProxySettings.anonymous(proxy.getProxyServerHost(), proxy.getProxyServerPort());
        }
        final String password = proxy.getProxyUserPassword();
        return new ProxySettings(proxy.getProxyServerHost(), proxy.getProxyServerPort(), user, Secret.of(password == null ? "" : password));
    }

    private static String stripTrailingSlash(final String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
