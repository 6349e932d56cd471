package com.ottimate.nifi.harness;

import com.ottimate.emulator.EmulatorSettings;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.stateless.TemplateScenario;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * bin/benchmark, in the framework users run: the same invoice load through a NiFi 2.3.0 flow with PutOttimateInvoice
 * and through the InvokeHTTP flow users build by hand, on one node and on a two-node cluster, against the emulator
 * enforcing the API's limits (1,000 requests/s, bursts of 2,000). Writes its section of docs/benchmarks.md.
 */
public final class NiFiFlowBenchmark {
    static final String BEGIN = "<!-- nifi-flow-benchmark -->";

    /** One run: how long the load took, what the emulator saw. */
    record Result(String contender, int nodes, int invoices, double seconds, long creates, long throttled, String tokens, long done) {
        double perSecond() {
            return done / seconds;
        }

        double requestsPerInvoice() {
            return (double) (creates + throttled) / done;
        }
    }

    private NiFiFlowBenchmark() {
    }

    public static void main(final String[] args) throws Exception {
        final Map<String, String> options = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        final Path home = Path.of(options.getOrDefault("nifi-home", "nifi"));
        final Path templates = Path.of(options.getOrDefault("templates", "templates"));
        final Path work = Path.of(options.getOrDefault("work", "target/nifi-benchmark")).toAbsolutePath();
        final Path report = Path.of(options.getOrDefault("report", "docs/benchmarks.md"));
        final int invoices = Integer.parseInt(options.getOrDefault("invoices", "5000"));
        NiFiDemo.deleteTree(work);
        final List<Result> results = new ArrayList<>();
        try (OttimateEmulator emulator = OttimateEmulator.start();
             NiFiInstance nifi = NiFiInstance.prepare(home, work.resolve("single"), NiFiInstance.freePort()).start()) {
            emulator.journal().setRecordBodies(false);
            results.addAll(both(new NiFiFlow(nifi.client()), templates, emulator, 1, invoices));
        }
        try (OttimateEmulator emulator = OttimateEmulator.start();
             NiFiCluster cluster = NiFiCluster.start(home, work.resolve("cluster"), 2)) {
            emulator.journal().setRecordBodies(false);
            results.addAll(both(new NiFiFlow(cluster.client()), templates, emulator, 2, invoices));
        }
        results.forEach(System.out::println);
        write(report, results, invoices);
    }

    private static List<Result> both(final NiFiFlow flow, final Path templates, final OttimateEmulator emulator, final int nodes, final int invoices)
            throws Exception {
        final String root = flow.rootGroupId();
        final String connection = new OttimateConnectionSetup(flow, templates).apply(root, TemplateScenario.INVOICE_INTAKE.parameters(emulator).values());
        flow.disableService(connection);
        // the API's limits (the defaults) for the whole cluster; a benchmark sends more than a day's quota: count only
        flow.updateService(connection, Map.of("Rate Limit", "1000", "Rate Limit Burst", "2000", "Daily Request Quota", "0"));
        flow.enableService(connection);
        final List<Result> results = new ArrayList<>();
        results.add(run(flow, emulator, "PutOttimateInvoice", nodes, invoices,
                InvoiceLoad.putOttimateInvoice(flow, root, "ours", invoices, connection, 4, true, nodes > 1), "1 per node"));
        final String token = token(emulator);
        results.add(run(flow, emulator, "InvokeHTTP", nodes, invoices,
                InvoiceLoad.invokeHttp(flow, root, "invokehttp", invoices, emulator.baseUrl(), emulator.settings().apiKey(), token, 4, nodes > 1),
                "1, fetched by hand"));
        return results;
    }

    private static Result run(final NiFiFlow flow, final OttimateEmulator emulator, final String contender, final int nodes, final int invoices,
                              final InvoiceLoad.Built load, final String tokens) {
        emulator.journal().clear();
        final long throttledBefore = emulator.rateLimitedCount();
        final long started = System.nanoTime();
        InvoiceLoad.trigger(flow, load);
        NiFiFlow.await(contender + " to send " + invoices + " invoices", () -> flow.queued(load.queue("done")) >= invoices, Duration.ofMinutes(15));
        final double seconds = (System.nanoTime() - started) / 1e9;
        flow.stopGroup(load.groupId());
        final Result result = new Result(contender, nodes, invoices, seconds, emulator.journal().matching("POST", "/invoices").size(),
                Math.max(0, emulator.rateLimitedCount() - throttledBefore), tokens, flow.queued(load.queue("done")));
        System.out.println(result);
        return result;
    }

    /** What a user of InvokeHTTP without NiFi's OAuth2 provider does: fetch a token once and paste it into a header. */
    private static String token(final OttimateEmulator emulator) throws IOException, InterruptedException {
        final EmulatorSettings s = emulator.settings();
        final String form = "grant_type=client_credentials&client_id=" + s.clientId() + "&client_secret=" + s.clientSecret();
        final HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(emulator.tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-Api-Key", s.apiKey())
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        return NiFiClient.JSON.readTree(response.body()).path("access_token").asText();
    }

    private static void write(final Path report, final List<Result> results, final int invoices) throws IOException {
        final StringBuilder out = new StringBuilder(BEGIN).append("\n\n## In Apache NiFi 2.3.0: PutOttimateInvoice and InvokeHTTP flows, one and two nodes\n\n")
                .append(String.format("%,d invoice creates through real NiFi flows started through the REST API (`NiFiFlowBenchmark`): ", invoices))
                .append("GenerateFlowFile → ReplaceText (one unique invoice per flowfile) → the sender with 4 concurrent tasks, against the\n")
                .append("emulator enforcing the API's limits (1,000 requests/s, bursts of 2,000). On two nodes the connection before the sender\n")
                .append("is load-balanced (round robin) and PutOttimateInvoice's connection service shares the limits through cluster state.\n")
                .append("InvokeHTTP sends `X-Api-Key`, `Idempotency-Key: ${uuid}` and a bearer token fetched once by hand (NiFi's OAuth2\n")
                .append("provider NAR is not served to this build); its `Retry` and the 429s it routes to `No Retry` loop back, as a flow\n")
                .append("would. *Requests/invoice* counts every create the emulator saw, 429s included: each counts against the daily quota.\n")
                .append("Both nodes of the cluster share this host's 2 cores with the emulator.\n\n")
                .append("| Contender | Nodes | Invoices/s | Requests/invoice | 429s | Token requests | Seconds |\n|---|---|---|---|---|---|---|\n");
        for (final Result r : results) {
            out.append(String.format("| %s | %d | %.0f | %.2f | %d | %s | %.1f |%n", r.contender(), r.nodes(), r.perSecond(), r.requestsPerInvoice(),
                    r.throttled(), r.tokens(), r.seconds()));
        }
        out.append("\nRatios (PutOttimateInvoice ÷ InvokeHTTP, invoices/s): ");
        for (final int nodes : new int[] {1, 2}) {
            final double ours = results.stream().filter(r -> r.nodes() == nodes && r.contender().equals("PutOttimateInvoice")).mapToDouble(Result::perSecond).sum();
            final double theirs = results.stream().filter(r -> r.nodes() == nodes && r.contender().equals("InvokeHTTP")).mapToDouble(Result::perSecond).sum();
            out.append(String.format("%d node%s %.2f%s", nodes, nodes > 1 ? "s" : "", ours / theirs, nodes == 1 ? "; " : ".\n"));
        }
        final boolean met = results.stream().filter(r -> r.contender().equals("PutOttimateInvoice")).allMatch(ours -> results.stream()
                .filter(r -> r.contender().equals("InvokeHTTP") && r.nodes() == ours.nodes()).allMatch(theirs -> ours.perSecond() >= theirs.perSecond()));
        out.append("\nTarget ≥ 1.0: ").append(met ? "met" : "**not met** in this run").append(". On this host NiFi, the emulator and the driver share ")
                .append("2 cores: both flows are CPU-bound far below the API's 1,000 requests/s, so neither meets the API's limit and the\n")
                .append("429s and requests per invoice that the processor benchmark above shows for InvokeHTTP do not appear. Per flowfile,\n")
                .append("PutOttimateInvoice spends more CPU than InvokeHTTP (it parses and checks the invoice, writes the created invoice as\n")
                .append("content, adds its attributes); with the CPU saturated that is what the ratio measures. Where the API's limit is\n")
                .append("reached (the processor benchmark above) it is the other way round.\n");
        out.append("\n### The daily quota: invoices per 10,000 requests\n\n| Strategy | Requests per invoice | Invoices per day in 10,000 requests |\n|---|---|---|\n");
        for (final Result r : results.stream().filter(r -> r.nodes() == 1).toList()) {
            out.append(String.format("| %s, one create per invoice (measured above) | %.2f | %,d |%n", r.contender(), r.requestsPerInvoice(),
                    (long) (10_000 / r.requestsPerInvoice())));
        }
        out.append("| PutOttimateInvoice, Record Strategy *Import* (batches of 100: 1 import + progress + results, 4 requests per batch in the template runs) | 0.04 | 250,000 |\n")
                .append("| PutOttimateVendor / PutOttimateDimension, *Bulk Upsert* (100 per call) | 0.01 | 1,000,000 vendors or dimensions |\n")
                .append("| BulkUpsertOttimateCatalog (1,000 rows per batch + progress + results) | ≤ 0.004 | ≥ 2,500,000 catalog rows |\n");
        final String existing = Files.exists(report) ? Files.readString(report, StandardCharsets.UTF_8) : "# Benchmarks\n";
        final int at = existing.indexOf(BEGIN);
        Files.writeString(report, (at < 0 ? existing.stripTrailing() + "\n\n" : existing.substring(0, at)) + out, StandardCharsets.UTF_8);
        System.out.println("Wrote the NiFi flow benchmark to " + report);
    }
}
