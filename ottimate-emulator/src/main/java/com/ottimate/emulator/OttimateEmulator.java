package com.ottimate.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.SSLContext;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

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
    private final EmulatorSettings settings;
    private final EmulatorClock clock = new EmulatorClock();
    private final InMemoryStore store = new InMemoryStore();
    private final RequestJournal journal = new RequestJournal();
    private final FaultInjector faults = new FaultInjector();
    private final TokenIssuer tokens = new TokenIssuer(clock);
    private final IdempotencyStore idempotency = new IdempotencyStore(clock);
    private final Router router = new Router();
    private final Map<String, TokenBucket> rateLimits = new java.util.concurrent.ConcurrentHashMap<>();
    private final Batches batches = new Batches();
    private final InvoiceWorkflowRoutes workflow;
    private final InvoiceRoutes invoiceRoutes;
    private final VendorRoutes vendorRoutes;
    private final CatalogRoutes catalog;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private HttpServer server;
    private final SSLContext tls;
    private final TrafficRecorder traffic;

    private OttimateEmulator(final EmulatorSettings settings, final int port, final SSLContext tls) throws IOException {
        this.settings = settings;
        new OAuthRoutes(settings, tokens).register(router);
        new AccountRoutes().register(router);
        invoiceRoutes = new InvoiceRoutes(store, clock);
        invoiceRoutes.register(router);
        workflow = new InvoiceWorkflowRoutes(store, invoiceRoutes, batches, clock);
        workflow.register(router);
        batches.register(router);
        vendorRoutes = new VendorRoutes(store, clock);
        vendorRoutes.register(router);
        new DimensionRoutes(store).register(router);
        ProcurementRoutes.purchaseOrders(store, batches).register(router);
        catalog = new CatalogRoutes(batches);
        catalog.register(router);
        ProcurementRoutes.receipts(store, batches).register(router);
        this.tls = tls;
        server = bind(port);
        traffic = TrafficRecorder.fromSystemProperty(server.getAddress().getPort()).orElse(null);
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
        final int port = port();
        server.stop(0);
        server = bind(port);
    }

    public static OttimateEmulator start() throws IOException {
        return start(EmulatorSettings.defaults(), 0);
    }

    public static OttimateEmulator start(final EmulatorSettings settings, final int port) throws IOException {
        return new OttimateEmulator(settings, port, null);
    }

    /** Serves HTTPS with the given server certificate (for TLS and certificate-error tests). */
    public static OttimateEmulator startTls(final SSLContext tls) throws IOException {
        return new OttimateEmulator(EmulatorSettings.defaults(), 0, tls);
    }

    /** The API base the connector is pointed at, e.g. {@code http://127.0.0.1:41234/v1}. */
    public String baseUrl() {
        return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + port() + "/v1";
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public EmulatorSettings settings() {
        return settings;
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
        final com.fasterxml.jackson.databind.node.ObjectNode body = Json.object();
        body.put("ottimate_company_id", companyId);
        body.put("erp_vendor_id", erpVendorId);
        body.put("erp_vendor_name", name);
        return vendorRoutes.seed(body);
    }

    /** Changes a stored vendor (test data), bumping its last-modified time. */
    public void editVendor(final String id, final String field, final String value) {
        final com.fasterxml.jackson.databind.node.ObjectNode vendor = store.vendors().get(id).orElseThrow().deepCopy();
        vendor.put(field, value);
        Timestamps.put(vendor, "last_modified_date", clock.instant());
        store.vendors().put(id, vendor);
    }

    /** Stores an invoice directly (test data), as if it had been created through the API; answers its id. */
    public String seedInvoice(final int locationId, final String invoiceNumber) {
        final com.fasterxml.jackson.databind.node.ObjectNode body = Json.object();
        body.put("ottimate_location_id", locationId);
        body.put("invoice_number", invoiceNumber);
        body.put("total_amount", 100);
        return invoiceRoutes.store(body).get("id").asText();
    }

    /** Changes a stored invoice (test data), bumping its last-modified time, as an AP clerk in the UI would. */
    public void editInvoice(final String id, final String field, final String value) {
        final com.fasterxml.jackson.databind.node.ObjectNode invoice = store.invoices().get(id).orElseThrow().deepCopy();
        invoice.put(field, value);
        invoiceRoutes.touch(invoice);
    }

    public InMemoryStore.Collection catalogEntries() {
        return catalog.entries();
    }

    public InMemoryStore.Collection catalogAllowances() {
        return catalog.allowances();
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
    public java.util.List<com.fasterxml.jackson.databind.node.ObjectNode> uploads() {
        return workflow.uploads();
    }

    /**
     * A fresh sandbox on the same port: no data, no remembered idempotency keys, no recorded requests, no faults (tokens
     * stay valid). For tests that must not meet what an earlier test created.
     */
    public void reset() {
        for (final InMemoryStore.Collection collection : java.util.List.of(store.invoices(), store.vendors(), store.dimensions(),
                store.purchaseOrders(), store.receipts(), catalog.entries(), catalog.allowances())) {
            collection.clear();
        }
        idempotency.clear();
        journal.clear();
        faults.clear();
    }

    /** Fault: every token issued so far expires now. */
    public void expireTokens() {
        tokens.expireAll();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void exchange(final HttpExchange exchange) throws IOException {
        try (exchange) {
            final ApiRequest request = read(exchange);
            journal.record(request);
            final Optional<Fault> fault = faults.take(request);
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
            write(exchange, response);
        }
    }

    private void recordTraffic(final ApiRequest request, final ApiResponse response, final boolean injectedFault) {
        if (traffic != null) {
            traffic.record(request, response, injectedFault);
        }
    }

    /** Every endpoint the emulator serves, as "METHOD /template" (for the contract report). */
    public java.util.List<String> routes() {
        return router.routes();
    }

    private ApiResponse handle(final ApiRequest request) {
        try {
            if (!request.rawPath().startsWith("/v1/")) {
                return ApiResponse.error(404, "not_found", "No such endpoint: " + request.rawPath());
            }
            final boolean tokenCall = request.apiPath().equals("/oauth/token") || request.apiPath().equals("/oauth/token/");
            final String apiKey = request.header("x-api-key").orElse("");
            if (!settings.apiKey().equals(apiKey)) {
                return ApiResponse.error(401, "invalid_api_key", apiKey.isEmpty() ? "X-Api-Key header is missing" : "X-Api-Key is not valid");
            }
            final Duration wait = rateLimits.computeIfAbsent(apiKey,
                    key -> new TokenBucket(settings.rateLimitPerSecond(), settings.rateLimitBurst())).tryTake();
            if (!wait.isZero()) {
                rateLimited.incrementAndGet();
                return ApiResponse.error(429, "rate_limited", "Too many requests")
                        .withHeader("Retry-After", Long.toString(Math.max(1, (long) Math.ceil(wait.toMillis() / 1000.0))));
            }
            if (!tokenCall) {
                final String authorization = request.header("authorization").orElse("");
                if (!authorization.startsWith("Bearer ")) {
                    return ApiResponse.error(401, "not_authenticated", "Authentication credentials were not provided.");
                }
                if (!tokens.isValid(authorization.substring("Bearer ".length()))) {
                    return ApiResponse.error(401, "token_not_valid", "Given token not valid for any token type or is expired.");
                }
            }
            final Optional<String> key = request.header("idempotency-key");
            if (key.isEmpty() || !request.method().equals("POST") || tokenCall) {
                return dispatch(request);
            }
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

    private ApiResponse dispatch(final ApiRequest request) {
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
     * Runs the emulator until interrupted: {@code java -jar ottimate-emulator.jar [port] [--synchronous-catalog-bulk]}
     * (the second answers catalog bulk calls at once with 201/207, the API's deprecated behaviour).
     */
    public static void main(final String[] args) throws Exception {
        final int port = args.length > 0 ? Integer.parseInt(args[0]) : 8089;
        try (OttimateEmulator emulator = start(EmulatorSettings.defaults(), port)) {
            emulator.setSynchronousCatalogBulk(List.of(args).contains("--synchronous-catalog-bulk"));
            final EmulatorSettings s = emulator.settings();
            System.out.println("Ottimate emulator listening on " + emulator.baseUrl());
            System.out.println("  API key: " + s.apiKey() + "   client id: " + s.clientId() + "   (client secret: see EmulatorSettings.defaults())");
            // on Ctrl-C (or SIGTERM from a benchmark): what was asked of it
            Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("Ottimate emulator served: " + emulator.journal().summary())));
            Thread.currentThread().join();
        }
    }
}
