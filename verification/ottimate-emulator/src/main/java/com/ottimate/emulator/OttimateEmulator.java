/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

/**
 * An in-memory Ottimate API on loopback. It enforces what the real API does (API key and bearer auth,
 * idempotency keys, the rate limit, validation) and lets tests inject faults.
 *
 * <pre>
 * try (OttimateEmulator emulator = OttimateEmulator.start()) {
 *     String baseUrl = emulator.baseUrl();   // http://127.0.0.1:PORT/v1
 *     emulator.faults().next(1, Fault.status(503));
 * }
 * </pre>
 */
public final class OttimateEmulator implements AutoCloseable {
    private final AtomicLong rateLimited = new AtomicLong();
    /** The client ends of the connections requests came on (each connection has its own port). */
    private final java.util.Set<String> connections = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final EmulatorSettings settings;
    private final EmulatorClock clock = new EmulatorClock();
    private final ProcurementRoutes purchaseOrders;
    private final ProcurementRoutes receipts;
    private final InMemoryStore store = new InMemoryStore();
    private final RequestJournal journal = new RequestJournal();
    private final FaultInjector faults = new FaultInjector();
    private final TokenIssuer tokens = new TokenIssuer(clock);
    private final IdempotencyStore idempotency = new IdempotencyStore(clock);
    private final Router router = new Router();
    private final Map<String, TokenBucket> rateLimits = new ConcurrentHashMap<>();
    private final Batches batches = new Batches();
    private final AccountRoutes accounts;
    private final InvoiceWorkflowRoutes workflow;
    private final InvoiceRoutes invoiceRoutes;
    private final VendorRoutes vendorRoutes;
    private final CatalogRoutes catalog;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private HttpServer server;
    private final SSLContext tls;
    private final SelfSignedTls selfSigned;
    private final TrafficRecorder traffic;
    private final Set<EmulatorProfile> profiles;
    private final OAuthRoutes oauth;
    private final TcpFront front;
    private final BasicAuthProxy proxy;
    private final HttpServer authServer;
    private final Random huge = new Random(20261201L);
    /** Requests accepted without an answer that the backend applies later (Fault.Kind.LATE), in arrival order. */
    private final List<LateRequest> late = new ArrayList<>();

    private record LateRequest(ApiRequest request, Instant due) {
    }

    private OttimateEmulator(final EmulatorSettings settings, final int port, final SSLContext tls, final Set<EmulatorProfile> profiles)
            throws IOException {
        this.settings = settings;
        this.profiles = profiles.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(profiles));
        store.setNewestFirst(this.profiles.contains(EmulatorProfile.NEWEST_FIRST));
        oauth = new OAuthRoutes(settings, tokens, this.profiles.contains(EmulatorProfile.JSON_TOKEN));
        if (!this.profiles.contains(EmulatorProfile.SEPARATE_AUTH_HOST)) {
            oauth.register(router);
        }
        accounts = new AccountRoutes(store);
        accounts.register(router);
        invoiceRoutes = new InvoiceRoutes(store, clock, this.profiles.contains(EmulatorProfile.PATCH_CONFLICTS));
        invoiceRoutes.register(router);
        workflow = new InvoiceWorkflowRoutes(store, invoiceRoutes, batches, clock);
        workflow.register(router);
        batches.register(router);
        batches.setUnnumbered(this.profiles.contains(EmulatorProfile.BULK_RESULTS_UNNUMBERED));
        final Batches asyncMasterData = this.profiles.contains(EmulatorProfile.ASYNC_MASTER_DATA_BULK) ? batches : null;
        vendorRoutes = new VendorRoutes(store, clock, asyncMasterData);
        vendorRoutes.register(router);
        new DimensionRoutes(store, asyncMasterData).register(router);
        final boolean strict = this.profiles.contains(EmulatorProfile.STRICT_FIELDS);
        purchaseOrders = ProcurementRoutes.purchaseOrders(store, batches, strict, clock);
        purchaseOrders.register(router);
        catalog = new CatalogRoutes(batches, store, strict, this.profiles.contains(EmulatorProfile.CATALOG_CREATES_INSERT), clock);
        catalog.register(router);
        receipts = ProcurementRoutes.receipts(store, batches, strict, clock);
        receipts.register(router);
        final boolean needsTls = this.profiles.contains(EmulatorProfile.TLS_DROPS) || this.profiles.contains(EmulatorProfile.PROXY_BASIC);
        if (tls == null && needsTls) {
            try {
                selfSigned = SelfSignedTls.create();
                this.tls = selfSigned.serverContext();
            } catch (final GeneralSecurityException | InterruptedException e) {
                throw new IOException("Could not make a certificate for the TLS profiles", e);
            }
        } else {
            selfSigned = null;
            this.tls = tls;
        }
        if (this.profiles.contains(EmulatorProfile.TLS_DROPS)) {
            server = bind(0);
            front = new TcpFront(port, server.getAddress());
        } else {
            server = bind(port);
            front = null;
        }
        proxy = this.profiles.contains(EmulatorProfile.PROXY_BASIC)
                ? new BasicAuthProxy(Map.of(API_HOST, "127.0.0.1", AUTH_HOST, "127.0.0.1")) : null;
        authServer = this.profiles.contains(EmulatorProfile.SEPARATE_AUTH_HOST) ? bindAuth() : null;
        traffic = TrafficRecorder.fromSystemProperty(port(), this.profiles).orElse(null);
    }

    /** Names the PROXY_BASIC proxy resolves to loopback (the client never resolves them itself). */
    static final String API_HOST = "api.ottimate.test";
    static final String AUTH_HOST = "auth.ottimate.test";

    /** The auth host of SEPARATE_AUTH_HOST: POST /oauth/token only, no X-Api-Key check. */
    private HttpServer bindAuth() throws IOException {
        final InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        final HttpServer bound;
        if (tls == null) {
            bound = HttpServer.create(address, 128);
        } else {
            final HttpsServer https = HttpsServer.create(address, 128);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            bound = https;
        }
        bound.createContext("/", exchange -> {
            try (exchange) {
                final ApiRequest request = read(exchange);
                journal.record(request);
                final ApiResponse response = request.method().equals("POST") && request.rawPath().equals("/oauth/token")
                        ? oauth.token(request) : ApiResponse.error(404, "not_found", "The auth host only serves POST /oauth/token");
                recordTraffic(request, response, false);
                write(exchange, withNotices(response));
            }
        });
        bound.setExecutor(executor);
        bound.start();
        return bound;
    }

    private HttpServer bind(final int port) throws IOException {
        final InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        final HttpServer bound;
        if (tls == null) {
            bound = HttpServer.create(address, 512);
        } else {
            final HttpsServer https = HttpsServer.create(address, 512);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            bound = https;
        }
        bound.createContext("/", this::exchange);
        bound.setExecutor(executor);
        bound.start();
        return bound;
    }

    /** Fault: the server goes down (open connections die) and comes back on the same port with its data. */
    public synchronized void restart() throws IOException {
        final int port = server.getAddress().getPort();
        server.stop(0);
        server = bind(port);
    }

    public static OttimateEmulator start() throws IOException {
        return start(EmulatorSettings.defaults(), 0);
    }

    public static OttimateEmulator start(final EmulatorSettings settings, final int port) throws IOException {
        return new OttimateEmulator(settings, port, null, Set.of());
    }

    /** An emulator that behaves as {@code profiles} describe (see {@link EmulatorProfile}). */
    public static OttimateEmulator start(final Set<EmulatorProfile> profiles) throws IOException {
        return new OttimateEmulator(EmulatorSettings.defaults(), 0, null, profiles);
    }

    public static OttimateEmulator start(final EmulatorSettings settings, final int port, final Set<EmulatorProfile> profiles) throws IOException {
        return new OttimateEmulator(settings, port, null, profiles);
    }

    /** Serves HTTPS with the given server certificate (for TLS and certificate-error tests). */
    public static OttimateEmulator startTls(final SSLContext tls) throws IOException {
        return new OttimateEmulator(EmulatorSettings.defaults(), 0, tls, Set.of());
    }

    public Set<EmulatorProfile> profiles() {
        return profiles;
    }

    /** The API base the connector is pointed at, e.g. {@code http://127.0.0.1:41234/v1}. */
    public String baseUrl() {
        return (server instanceof HttpsServer ? "https" : "http") + "://" + (proxy != null ? API_HOST : "127.0.0.1") + ":" + port() + "/v1";
    }

    /** Where tokens come from: {@code <baseUrl>/oauth/token}, or the auth host of SEPARATE_AUTH_HOST. */
    public String tokenUrl() {
        if (authServer == null) {
            return baseUrl() + "/oauth/token";
        }
        return (authServer instanceof HttpsServer ? "https" : "http") + "://" + (proxy != null ? AUTH_HOST : "127.0.0.1") + ":"
                + authServer.getAddress().getPort() + "/oauth/token";
    }

    /** A client TLS context trusting this emulator's certificate (TLS profiles), or empty for plain HTTP. */
    public Optional<SSLContext> clientTls() {
        try {
            return selfSigned == null ? Optional.empty() : Optional.of(selfSigned.trustingContext());
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What {@link #clientTls()} trusts, as an SSL Context Service hands it out beside its context (TLS profiles). */
    public Optional<javax.net.ssl.X509TrustManager> clientTrust() {
        try {
            return selfSigned == null ? Optional.empty() : Optional.of(selfSigned.trustManager());
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The PROXY_BASIC proxy: where it listens and the Basic credentials it wants. */
    public record ProxyAccess(String host, int port, String user, String password, long tunnels, long refused) {
        @Override
        public String toString() {
            return "ProxyAccess[" + host + ":" + port + ", user=" + user + "]";
        }
    }

    public Optional<ProxyAccess> proxy() {
        return proxy == null ? Optional.empty()
                : Optional.of(new ProxyAccess("127.0.0.1", proxy.port(), BasicAuthProxy.USER, BasicAuthProxy.PASSWORD, proxy.tunnels(), proxy.refused()));
    }

    /** TLS handshakes the TLS_DROPS front cut short. */
    public long droppedHandshakes() {
        return front == null ? 0 : front.dropped();
    }

    public int port() {
        return front != null ? front.port() : server.getAddress().getPort();
    }

    public EmulatorSettings settings() {
        return settings;
    }

    /** Connections the API host was sent requests on, since it started: how well a client reuses them. */
    public int connectionsOpened() {
        return connections.size();
    }

    /** Requests refused with 429 by the emulated rate limit (not by injected faults). */
    public long rateLimitedCount() {
        return rateLimited.get();
    }

    public InMemoryStore store() {
        return store;
    }

    public RequestJournal journal() {
        return journal;
    }

    public FaultInjector faults() {
        return faults;
    }

    public EmulatorClock clock() {
        return clock;
    }

    /** Lifetime ({@code expires_in}) of tokens issued from now on. */
    public void setTokenLifetime(final Duration lifetime) {
        tokens.setLifetime(lifetime);
    }

    /** Stores a vendor directly (test data); answers its id. */
    public String seedVendor(final int companyId, final String erpVendorId, final String name) {
        final ObjectNode body = Json.object();
        body.put("ottimate_company_id", companyId);
        body.put("erp_vendor_id", erpVendorId);
        body.put("erp_vendor_name", name);
        return vendorRoutes.seed(body);
    }

    /** Changes a stored vendor (test data), bumping its last-modified time. */
    public void editVendor(final String id, final String field, final String value) {
        final ObjectNode vendor = store.vendors().get(id).orElseThrow().deepCopy();
        vendor.put(field, value);
        Timestamps.put(vendor, "last_modified_date", clock.instant());
        store.vendors().put(id, vendor);
    }

    /** Stores an invoice directly (test data), as if it had been created through the API; answers its id. */
    public String seedInvoice(final int locationId, final String invoiceNumber) {
        final ObjectNode body = Json.object();
        body.put("ottimate_location_id", locationId);
        body.put("invoice_number", invoiceNumber);
        body.put("total_amount", 100);
        return invoiceRoutes.store(body).get("id").asText();
    }

    /** Stores an invoice with these fields directly (test data), as if it had been created through the API; answers its id. */
    public String seedInvoice(final ObjectNode body) {
        return invoiceRoutes.store(body.deepCopy()).get("id").asText();
    }

    /** Changes a stored invoice (test data), bumping its last-modified time, as an AP clerk in the UI would. */
    public void editInvoice(final String id, final String field, final String value) {
        final ObjectNode invoice = store.invoices().get(id).orElseThrow().deepCopy();
        invoice.put(field, value);
        invoiceRoutes.touch(invoice);
    }

    /** Stores a purchase order with these fields (test data), as a create through the API would (an upsert on external_id); answers its id. */
    public String seedPurchaseOrder(final ObjectNode body) {
        return purchaseOrders.seed(body.deepCopy());
    }

    /** Stores a receipt with these fields (test data), as a create through the API would; answers its id. */
    public String seedReceipt(final ObjectNode body) {
        return receipts.seed(body.deepCopy());
    }

    /** Test data: a manual approval for {@code email} on an invoice, as if added through the API. */
    public void seedApproval(final String invoiceId, final String email) {
        workflow.addApproval(invoiceId, email);
    }

    /** The approvals an invoice has. */
    public List<ObjectNode> approvals(final String invoiceId) {
        return workflow.approvals(invoiceId);
    }

    /** The account's locations (10 and 11 after a reset), to add, rename or remove some. */
    public InMemoryStore.Collection locations() {
        return accounts.locations();
    }

    public InMemoryStore.Collection catalogEntries() {
        return catalog.entries();
    }

    public InMemoryStore.Collection catalogAllowances() {
        return catalog.allowances();
    }

    public InMemoryStore.Collection catalogPrices() {
        return catalog.prices();
    }

    /** Answer catalog bulk calls synchronously (201/207, the deprecated behaviour) instead of 202 + batch. */
    public void setSynchronousCatalogBulk(final boolean synchronous) {
        catalog.setSynchronousBulk(synchronous);
    }

    /** Test data: a price variance on a catalog entry with {@code lines} invoice items behind it. */
    public void seedVariance(final String entryId, final int lines) {
        catalog.seedVariance(entryId, lines);
    }

    public Batches batches() {
        return batches;
    }

    /** Invoice-list polls an upload stays "processing" before its invoice appears. */
    public void setPollsToExtract(final int polls) {
        workflow.setPollsToExtract(polls);
    }

    /** Fault: extraction of an uploaded file fails. */
    public void failExtraction(final String referenceId) {
        workflow.failExtraction(referenceId);
    }

    /** Uploads still known to the emulator (processing or failed), with their size and SHA-256. */
    public List<ObjectNode> uploads() {
        return workflow.uploads();
    }

    /**
     * A fresh sandbox on the same port: no data, no remembered idempotency keys, no recorded requests, no faults (tokens
     * stay valid). For tests that must not meet what an earlier test created.
     */
    public void reset() {
        for (final InMemoryStore.Collection collection : List.of(store.invoices(), store.vendors(), store.dimensions(),
                store.purchaseOrders(), store.receipts(), catalog.entries(), catalog.allowances())) {
            collection.clear();
        }
        idempotency.clear();
        batches.clear();
        workflow.clearImports();
        accounts.reset();
        journal.clear();
        faults.clear();
        synchronized (late) {
            late.clear();
        }
    }

    /** Fault: every token issued so far expires now. */
    public void expireTokens() {
        tokens.expireAll();
    }

    @Override
    public void close() {
        server.stop(0);
        if (authServer != null) {
            authServer.stop(0);
        }
        for (final Closeable closeable : new Closeable[]{front, proxy}) {
            if (closeable != null) {
                try {
                    closeable.close();
                } catch (final IOException ignored) {
                    // closing
                }
            }
        }
        executor.shutdownNow();
    }

    private void exchange(final HttpExchange exchange) throws IOException {
        try (exchange) {
            final ApiRequest request = read(exchange);
            applyDue();
            connections.add(String.valueOf(exchange.getRemoteAddress()));
            journal.record(request);
            final Optional<Fault> fault = faults.take(request);
            if (fault.isPresent() && fault.get().kind() == Fault.Kind.LATE) {
                final Optional<ApiResponse> refused = admit(request);
                if (refused.isPresent()) {
                    write(exchange, refused.get());
                    return;
                }
                synchronized (late) {
                    late.add(new LateRequest(request, clock.instant().plus(fault.get().delay())));
                }
                recordTraffic(request, null, true);
                dropConnection(exchange);
                return;
            }
            if (fault.isPresent() && fault.get().kind() == Fault.Kind.TWICE) {
                handle(request);
            }
            if (fault.isPresent() && fault.get().kind() == Fault.Kind.DROP) {
                recordTraffic(request, null, true);
                dropConnection(exchange);
                return;
            }
            if (fault.isPresent() && fault.get().kind() == Fault.Kind.DELAY) {
                sleep(fault.get().delay());
            }
            if (fault.isPresent() && fault.get().kind() == Fault.Kind.ACTION) {
                fault.get().action().run();
            }
            ApiResponse response = fault.filter(f -> f.kind() == Fault.Kind.STATUS).map(OttimateEmulator::faultResponse)
                    .orElseGet(() -> handle(request));
            recordTraffic(request, response, fault.isPresent() && fault.get().kind() != Fault.Kind.DELAY && fault.get().kind() != Fault.Kind.ACTION);
            if (fault.isPresent() && fault.get().kind() == Fault.Kind.TRUNCATE) {
                truncate(exchange, response);
                return;
            }
            if (fault.isPresent() && fault.get().kind() == Fault.Kind.MALFORMED) {
                response = new ApiResponse(response.status(), response.headers(), "{\"id\": \"trunc".getBytes(StandardCharsets.UTF_8));
            }
            if (endless(request, response)) {
                writeEndless(exchange);
                return;
            }
            write(exchange, withNotices(response));
        }
    }

    /** HUGE_RESPONSES: now and then a read is answered with a body that never ends. */
    private boolean endless(final ApiRequest request, final ApiResponse response) {
        if (!profiles.contains(EmulatorProfile.HUGE_RESPONSES) || !request.method().equals("GET") || response.status() != 200) {
            return false;
        }
        synchronized (huge) {
            return huge.nextInt(EmulatorProfile.HUGE_EVERY) == 0;
        }
    }

    /** A 200 whose JSON body is padding without end: only a client that stops reading gets out of it. */
    private static void writeEndless(final HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0);
        final byte[] padding = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write("{\"results\": [], \"padding\": \"".getBytes(StandardCharsets.US_ASCII));
            // bounded here so a client that never stops reading still ends the test: far beyond any sane answer
            for (int i = 0; i < 2_048; i++) {
                out.write(padding);
            }
        } catch (final IOException e) {
            // the client hung up, as it should
        }
    }

    /** DEPRECATION_NOTICES: every answer announces the endpoint's end. */
    private ApiResponse withNotices(final ApiResponse response) {
        if (!profiles.contains(EmulatorProfile.DEPRECATION_NOTICES)) {
            return response;
        }
        return response.withHeader("Deprecation", "@1767225600").withHeader("Sunset", "Thu, 31 Dec 2026 23:59:59 GMT")
                .withHeader("Link", "<https://docs.ottimate.com/changelog>; rel=\"deprecation\"");
    }

    private void recordTraffic(final ApiRequest request, final ApiResponse response, final boolean injectedFault) {
        if (traffic != null) {
            traffic.record(request, response, injectedFault);
        }
    }

    /** Every endpoint the emulator serves, as "METHOD /template" (for the contract report). */
    public List<String> routes() {
        return router.routes();
    }

    private ApiResponse handle(final ApiRequest request) {
        try {
            return admit(request).orElseGet(() -> apply(request));
        } catch (final RuntimeException e) {
            return ApiResponse.error(500, "server_error", "Internal server error");
        }
    }

    /** The gateway's part: the path, the API key, the rate limit and the token. Empty when the request is let in. */
    private Optional<ApiResponse> admit(final ApiRequest request) {
        if (!request.rawPath().startsWith("/v1/")) {
            return Optional.of(ApiResponse.error(404, "not_found", "No such endpoint: " + request.rawPath()));
        }
        final String apiKey = request.header("x-api-key").orElse("");
        if (!settings.apiKey().equals(apiKey)) {
            return Optional.of(ApiResponse.error(401, "invalid_api_key", apiKey.isEmpty() ? "X-Api-Key header is missing" : "X-Api-Key is not valid"));
        }
        final Duration wait = rateLimits.computeIfAbsent(apiKey,
                key -> new TokenBucket(settings.rateLimitPerSecond(), settings.rateLimitBurst())).tryTake();
        if (!wait.isZero()) {
            rateLimited.incrementAndGet();
            return Optional.of(ApiResponse.error(429, "rate_limited", "Too many requests")
                    .withHeader("Retry-After", Long.toString(Math.max(1, (long) Math.ceil(wait.toMillis() / 1000.0)))));
        }
        if (!tokenCall(request)) {
            final String authorization = request.header("authorization").orElse("");
            if (!authorization.startsWith("Bearer ")) {
                return Optional.of(ApiResponse.error(401, "not_authenticated", "Authentication credentials were not provided."));
            }
            if (!tokens.isValid(authorization.substring("Bearer ".length()))) {
                return Optional.of(ApiResponse.error(401, "token_not_valid", "Given token not valid for any token type or is expired."));
            }
        }
        return Optional.empty();
    }

    private static boolean tokenCall(final ApiRequest request) {
        return request.apiPath().equals("/oauth/token") || request.apiPath().equals("/oauth/token/");
    }

    /** The backend's part, for a request the gateway let in: Idempotency-Key, then the route. */
    private ApiResponse apply(final ApiRequest request) {
        try {
            final Optional<String> key = request.header("idempotency-key");
            if (key.isEmpty() || !request.method().equals("POST") || tokenCall(request) || profiles.contains(EmulatorProfile.IGNORES_IDEMPOTENCY_KEY)) {
                return dispatch(request);
            }
            final String apiKey = request.header("x-api-key").orElse("");
            final boolean singleUse = request.header("content-type").orElse("").startsWith("multipart/");
            final IdempotencyStore.Decision decision = idempotency.begin(apiKey, request, key.get(), singleUse);
            return switch (decision) {
                case IdempotencyStore.Replay replay -> replay.response();
                case IdempotencyStore.Reject reject -> reject.response();
                case IdempotencyStore.Proceed proceed -> {
                    final ApiResponse response = dispatch(request);
                    idempotency.complete(proceed, response);
                    yield response;
                }
            };
        } catch (final RuntimeException e) {
            return ApiResponse.error(500, "server_error", "Internal server error");
        }
    }

    /**
     * Applies, in arrival order, the late requests (Fault.Kind.LATE) whose time on the emulator's clock has come; runs
     * before each request is handled, and may be called to let the backend catch up (e.g. before a test reads the store).
     * Answers how many are still to come.
     */
    public int applyDue() {
        synchronized (late) {
            final Instant now = clock.instant();
            final Iterator<LateRequest> pending = late.iterator();
            while (pending.hasNext()) {
                final LateRequest next = pending.next();
                if (!next.due().isAfter(now)) {
                    pending.remove();
                    apply(next.request());
                }
            }
            return late.size();
        }
    }

    private ApiResponse dispatch(final ApiRequest request) {
        if (!profiles.contains(EmulatorProfile.PAGE_CAP) || !request.method().equals("GET")) {
            return route(request);
        }
        // a server whose pages are smaller than asked, and which does not say how many there are
        final ApiResponse response = route(Pages.capLimit(request, EmulatorProfile.PAGE_CAP_SIZE));
        return Pages.withoutCount(response);
    }

    private ApiResponse route(final ApiRequest request) {
        try {
            return router.dispatch(request);
        } catch (final JsonBodies.MalformedJson e) {
            return ApiResponse.error(400, "parse_error", e.getMessage());
        } catch (final Exception e) {
            return ApiResponse.error(500, "server_error", "Internal server error");
        }
    }

    private static ApiResponse faultResponse(final Fault fault) {
        final ApiResponse response = ApiResponse.error(fault.status(), fault.status() == 429 ? "rate_limited" : "server_error",
                "Injected fault: HTTP " + fault.status());
        return fault.retryAfter() == null ? response : response.withHeader("Retry-After", Long.toString(fault.retryAfter().toSeconds()));
    }

    private static ApiRequest read(final HttpExchange exchange) throws IOException {
        final Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        final Optional<String> boundary = Multipart.boundary(headers.getOrDefault("content-type", List.of("")).getFirst());
        byte[] body = new byte[0];
        Multipart multipart = null;
        try (InputStream in = exchange.getRequestBody()) {
            if (boundary.isPresent()) {
                try {
                    multipart = Multipart.read(in, boundary.get());
                } catch (final IOException malformed) {
                    multipart = new Multipart(Map.of("_error", malformed.getMessage()), null);
                }
                in.transferTo(OutputStream.nullOutputStream());
            } else {
                body = in.readAllBytes();
            }
        }
        return new ApiRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
                headers, body, exchange.getRemoteAddress().toString(), System.nanoTime(), multipart);
    }

    private static void write(final HttpExchange exchange, final ApiResponse response) throws IOException {
        final String requestId = UUID.randomUUID().toString();
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.getResponseHeaders().set("X-Request-Id", requestId);
        exchange.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(response.body());
        }
    }

    /** Sends headers promising the whole body, half the body, then closes the connection: the client sees a broken response. */
    private static void truncate(final HttpExchange exchange, final ApiResponse response) throws IOException {
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        final byte[] body = response.body().length > 1 ? response.body() : "{}".getBytes(StandardCharsets.UTF_8);
        final OutputStream original = exchange.getResponseBody();
        // the JDK server closes the TCP connection when closing the response stream fails
        exchange.setStreams(null, new FilterOutputStream(original) {
            @Override
            public void close() throws IOException {
                throw new IOException("response truncated on purpose");
            }
        });
        exchange.sendResponseHeaders(response.status(), body.length);
        original.write(body, 0, body.length / 2);
        original.flush();
        exchange.close();
    }

    /** Closes the exchange before any response header is sent: the JDK server then closes the TCP connection. */
    private static void dropConnection(final HttpExchange exchange) {
        exchange.close();
    }

    private static void sleep(final Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs the emulator until interrupted: {@code java -jar ottimate-emulator.jar [port] [--synchronous-catalog-bulk]
     * [--profile newest-first,page-cap,...|all]} (the first option answers catalog bulk calls at once with 201/207, the
     * API's deprecated behaviour; profiles are listed by {@code --profile help}).
     */
    public static void main(final String[] args) throws Exception {
        final List<String> arguments = List.of(args);
        final int port = !arguments.isEmpty() && arguments.getFirst().matches("\\d+") ? Integer.parseInt(arguments.getFirst()) : 8089;
        final int profileAt = arguments.indexOf("--profile");
        final String profileList = profileAt >= 0 && profileAt + 1 < arguments.size() ? arguments.get(profileAt + 1) : "";
        if (profileList.equals("help")) {
            for (final EmulatorProfile profile : EmulatorProfile.values()) {
                System.out.printf("  %-24s %s%n", profile.option(), profile.description());
            }
            return;
        }
        try (OttimateEmulator emulator = start(EmulatorSettings.defaults(), port, EmulatorProfile.parse(profileList))) {
            emulator.setSynchronousCatalogBulk(arguments.contains("--synchronous-catalog-bulk"));
            final EmulatorSettings s = emulator.settings();
            System.out.println("Ottimate emulator listening on " + emulator.baseUrl()
                    + (emulator.profiles().isEmpty() ? "" : " with profiles " + emulator.profiles()));
            if (!emulator.tokenUrl().equals(emulator.baseUrl() + "/oauth/token")) {
                System.out.println("  token URL: " + emulator.tokenUrl());
            }
            emulator.proxy().ifPresent(proxy -> System.out.println("  only through the proxy at " + proxy.host() + ":" + proxy.port()
                    + " (user " + proxy.user() + ")"));
            System.out.println("  API key: " + s.apiKey() + "   client id: " + s.clientId() + "   (client secret: see EmulatorSettings.defaults())");
            // on Ctrl-C (or SIGTERM from a benchmark): what was asked of it
            Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("Ottimate emulator served: " + emulator.journal().summary())));
            Thread.currentThread().join();
        }
    }
}
