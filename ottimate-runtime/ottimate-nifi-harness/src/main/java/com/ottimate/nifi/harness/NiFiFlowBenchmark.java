package com.ottimate.nifi.harness;

import com.ottimate.emulator.ApiRequest;
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
import java.util.stream.Stream;

/**
 * bin/benchmark, in the framework users run: the same invoice load through a NiFi 2.3.0 flow with PutOttimateInvoice
 * and through the InvokeHTTP flow users build by hand, on one node and on a two-node cluster, against the emulator
 * enforcing the API's limits (1,000 requests/s, bursts of 2,000). Writes its section of docs/benchmarks.md.
 */
public final class NiFiFlowBenchmark {
    static final String BEGIN = "<!-- nifi-flow-benchmark -->";
    /** Measured rounds per contender, after one warm-up round. */
    static final int ROUNDS = 3;
    /** Provenance events read per run for the latency percentiles (the newest ones). */
    static final int LATENCY_SAMPLE = 5000;

    /** One run: how long the load took, what the emulator saw. */
    record Result(String contender, int nodes, int invoices, double seconds, long creates, long throttled, String tokens, long tokenRequests, long done,
                  double nifiCpuSeconds, double emulatorCpuSeconds, double steadyRequestsPerSecond, long p50Millis, long p99Millis, int latencySamples) {
        Result withTokens(final String text) {
            return new Result(contender, nodes, invoices, seconds, creates, throttled, text, tokenRequests, done, nifiCpuSeconds, emulatorCpuSeconds,
                    steadyRequestsPerSecond, p50Millis, p99Millis, latencySamples);
        }

        /** CPU the NiFi node(s) spent per invoice, in milliseconds. */
        double nifiCpuMillisPerInvoice() {
            return nifiCpuSeconds * 1000 / done;
        }

        double perSecond() {
            return done / seconds;
        }

        /** Every create the emulator saw, the ones it answered 429 included: each counts against the daily quota. */
        double requestsPerInvoice() {
            return (double) creates / done;
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
        final int invoices = Integer.parseInt(options.getOrDefault("invoices", "10000"));
        if (invoices > 10_000) {
            throw new IllegalArgumentException("At most 10,000 invoices per run: a queue fills to NiFi's default back pressure (10,000) and the flow stalls");
        }
        // "1" alone measures one node without writing the report (a quick look while tuning)
        final String nodes = options.getOrDefault("nodes", "1,2");
        NiFiDemo.deleteTree(work);
        // NiFi's own default: the bundle at INFO, InvokeHTTP at INFO (it logs every request at that level)
        System.setProperty(NiFiInstance.BUNDLE_LOG_LEVEL, "INFO");
        final List<Result> results = new ArrayList<>();
        if (nodes.contains("1")) {
            try (OttimateEmulator emulator = OttimateEmulator.start();
                 NiFiInstance nifi = NiFiInstance.prepare(home, work.resolve("single"), NiFiInstance.freePort()).start()) {
                emulator.journal().setRecordBodies(false);
                results.addAll(both(new NiFiFlow(nifi.client()), templates, emulator, 1, invoices, List.of(nifi)));
            }
        }
        if (nodes.contains("2")) {
            try (OttimateEmulator emulator = OttimateEmulator.start();
                 NiFiCluster cluster = NiFiCluster.start(home, work.resolve("cluster"), 2)) {
                emulator.journal().setRecordBodies(false);
                results.addAll(both(new NiFiFlow(cluster.client()), templates, emulator, 2, invoices, cluster.nodes()));
            }
        }
        results.forEach(System.out::println);
        if (nodes.equals("1,2")) {
            write(report, results, invoices);
        }
    }

    private static List<Result> both(final NiFiFlow flow, final Path templates, final OttimateEmulator emulator, final int nodes, final int invoices,
                                     final List<NiFiInstance> instances) throws Exception {
        final String root = flow.rootGroupId();
        final String connection = new OttimateConnectionSetup(flow, templates).apply(root, TemplateScenario.INVOICE_INTAKE.parameters(emulator).values());
        flow.disableService(connection);
        // the API's limits (the defaults) for the whole cluster; a benchmark sends more than a day's quota: count only
        flow.updateService(connection, Map.of("Rate Limit", "1000", "Rate Limit Burst", "2000", "Daily Request Quota", "0"));
        flow.enableService(connection);
        final String token = token(emulator);
        // a fresh NiFi keeps compiling its session, repository and provenance code for the first tens of thousands of
        // flowfiles: the first round warms the JVM up and is not reported; the contenders then take turns (the order
        // alternates, so neither always runs on the warmer JVM) and each one's median round is reported
        final List<Result> ours = new ArrayList<>();
        final List<Result> theirs = new ArrayList<>();
        long tokens = 0;
        for (int round = 0; round <= ROUNDS; round++) {
            final String suffix = round == 0 ? "-warm-up" : "-" + round;
            final java.util.function.Supplier<Result> put = () -> run(flow, emulator, instances, "PutOttimateInvoice", nodes, invoices,
                    InvoiceLoad.putOttimateInvoice(flow, root, "ours" + suffix, invoices, connection, 4, true, nodes > 1), "measured", "SEND");
            final java.util.function.Supplier<Result> invoke = () -> run(flow, emulator, instances, "InvokeHTTP", nodes, invoices,
                    InvoiceLoad.invokeHttp(flow, root, "invokehttp" + suffix, invoices, emulator.baseUrl(), emulator.settings().apiKey(), token, 4,
                            nodes > 1), "1, fetched by hand", "FETCH");
            final Result first = round % 2 == 0 ? put.get() : invoke.get();
            final Result second = round % 2 == 0 ? invoke.get() : put.get();
            tokens += Stream.of(first, second).filter(r -> r.contender().equals("PutOttimateInvoice")).mapToLong(Result::tokenRequests).sum();
            if (round > 0) {
                (first.contender().equals("InvokeHTTP") ? theirs : ours).add(first);
                (second.contender().equals("InvokeHTTP") ? theirs : ours).add(second);
            }
        }
        final String tokensSeen = tokens + " in " + (ROUNDS + 1) + " runs on " + nodes + " node" + (nodes > 1 ? "s" : "");
        return List.of(median(ours).withTokens(tokensSeen), median(theirs));
    }

    private static Result pick(final List<Result> results, final String contender, final int nodes) {
        return results.stream().filter(r -> r.contender().equals(contender) && r.nodes() == nodes).findFirst().orElseThrow();
    }

    private static Result median(final List<Result> rounds) {
        final List<Result> sorted = rounds.stream().sorted(java.util.Comparator.comparingDouble(Result::perSecond)).toList();
        return sorted.get(sorted.size() / 2);
    }

    private static Result run(final NiFiFlow flow, final OttimateEmulator emulator, final List<NiFiInstance> instances, final String contender,
                              final int nodes, final int invoices, final InvoiceLoad.Built load, final String tokens, final String callEvent) {
        try {
            // the previous run may have emptied the API's bucket: let it refill (2,000 at 1,000/s) so each run starts alike
            Thread.sleep(3000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        emulator.journal().clear();
        final long throttledBefore = emulator.rateLimitedCount();
        final double nifiCpuBefore = cpuSeconds(instances);
        final double emulatorCpuBefore = cpuSeconds(ProcessHandle.current());
        final long started = System.nanoTime();
        InvoiceLoad.trigger(flow, load);
        NiFiFlow.await(contender + " to send " + invoices + " invoices", () -> flow.queued(load.queue("done")) >= invoices, Duration.ofMinutes(15));
        final double nifiCpu = cpuSeconds(instances) - nifiCpuBefore;
        final double emulatorCpu = cpuSeconds(ProcessHandle.current()) - emulatorCpuBefore;
        flow.stopGroup(load.groupId());
        final List<ApiRequest> creates = emulator.journal().matching("POST", "/invoices");
        // from the trigger to the last create the emulator received (the await above polls, too coarse a clock)
        final double seconds = (creates.stream().mapToLong(ApiRequest::receivedAtNanos).max().orElseThrow() - started) / 1e9;
        final List<Long> durations = flow.eventDurations(load.senderId(), callEvent, Math.min(invoices, LATENCY_SAMPLE)).stream().sorted().toList();
        final Result result = new Result(contender, nodes, invoices, seconds, creates.size(),
                Math.max(0, emulator.rateLimitedCount() - throttledBefore), tokens, emulator.journal().tokenRequests(),
                flow.queued(load.queue("done")), nifiCpu, emulatorCpu,
                steadyRate(creates), percentile(durations, 50), percentile(durations, 99), durations.size());
        System.out.println(result);
        // every round starts from the same, empty canvas
        flow.deleteGroup(load.groupId());
        return result;
    }

    /**
     * Requests per second the emulator received over the second half of the run (by time): once the API's burst is
     * spent, what the flow sustains against the rate limit.
     */
    static double steadyRate(final List<ApiRequest> requests) {
        final long[] at = requests.stream().mapToLong(ApiRequest::receivedAtNanos).sorted().toArray();
        if (at.length < 2) {
            return 0;
        }
        final long middle = at[0] + (at[at.length - 1] - at[0]) / 2;
        final long inSecondHalf = java.util.Arrays.stream(at).filter(t -> t >= middle).count();
        return inSecondHalf / ((at[at.length - 1] - middle) / 1e9);
    }

    static long percentile(final List<Long> sorted, final int percent) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
    }

    private static double cpuSeconds(final List<NiFiInstance> instances) {
        return instances.stream().flatMap(i -> i.handle().stream()).mapToDouble(NiFiFlowBenchmark::cpuSeconds).sum();
    }

    private static double cpuSeconds(final ProcessHandle process) {
        return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
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
                .append(String.format("%,d invoice creates per run through real NiFi flows started through the REST API (`NiFiFlowBenchmark`): ", invoices))
                .append("GenerateFlowFile → ReplaceText (one unique invoice per flowfile) → the sender with 4 concurrent tasks, against the\n")
                .append("emulator enforcing the API's limits (1,000 requests/s, bursts of 2,000). On two nodes the connection before the sender\n")
                .append("is load-balanced (round robin) and PutOttimateInvoice's connection service shares the limits through cluster state.\n")
                .append("InvokeHTTP sends `X-Api-Key`, `Idempotency-Key: ${uuid}` and a bearer token fetched once by hand (NiFi's OAuth2\n")
                .append("provider NAR is not served to this build); its `Retry` and the 429s it routes to `No Retry` loop back, as a flow\n")
                .append("would. Each contender runs one warm-up round and then ").append(ROUNDS).append(" measured rounds, taking turns (the order\n")
                .append("alternates), each on an empty canvas after the API's bucket has refilled; the median round is shown. Both nodes of\n")
                .append("the cluster share this host's 2 cores with the emulator.\n\n")
                .append("- *Invoices/s*: invoices created ÷ time from the trigger to the last create the emulator received.\n")
                .append("- *Requests/invoice*: every create the emulator saw, 429s included (each counts against the daily quota).\n")
                .append("- *Steady req/s*: creates the emulator received per second over the second half of the run, once the burst is spent.\n")
                .append("- *p50 / p99*: the sender's own duration of each call, from its provenance events (SEND for PutOttimateInvoice,\n")
                .append(String.format("  FETCH for InvokeHTTP's response; the newest %,d per run), in milliseconds, per attempt.%n", LATENCY_SAMPLE))
                .append("- *NiFi CPU*: CPU time of the NiFi process(es) per invoice.\n\n")
                .append("![NiFi flows](benchmark-nifi-flows.png)\n\n")
                .append("| Contender | Nodes | Invoices/s | Requests/invoice | 429s | Steady req/s | p50 / p99 ms | NiFi CPU ms/invoice | Token requests | Seconds |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (final Result r : results) {
            out.append(String.format("| %s | %d | %.0f | %.2f | %d | %.0f | %d / %d | %.2f | %s | %.1f |%n", r.contender(), r.nodes(), r.perSecond(),
                    r.requestsPerInvoice(), r.throttled(), r.steadyRequestsPerSecond(), r.p50Millis(), r.p99Millis(), r.nifiCpuMillisPerInvoice(),
                    r.tokens(), r.seconds()));
        }
        out.append("\nTargets, from the table above:\n\n");
        for (final int nodes : new int[] {1, 2}) {
            final Result ours = pick(results, "PutOttimateInvoice", nodes);
            final Result theirs = pick(results, "InvokeHTTP", nodes);
            final double ratio = ours.perSecond() / theirs.perSecond();
            out.append(String.format("- %d node%s: PutOttimateInvoice ÷ InvokeHTTP = **%.2f×** invoices/s (target ≥ 1.0: %s) with %.2f vs %.2f requests "
                            + "per invoice; %d 429s (target 0: %s); steady %.0f req/s ", nodes, nodes > 1 ? "s" : "", ratio, ratio >= 1.0 ? "met" : "not met",
                    ours.requestsPerInvoice(), theirs.requestsPerInvoice(), ours.throttled(), ours.throttled() == 0 ? "met" : "not met",
                    ours.steadyRequestsPerSecond()));
            out.append(nodes == 1
                    ? String.format("(target ≥ 950: %s).%n", ours.steadyRequestsPerSecond() >= 950 ? "met" : "not met")
                    : String.format("for the whole cluster (target ≤ 1,000: %s).%n", ours.steadyRequestsPerSecond() <= 1000 * 1.01 ? "met" : "not met"));
        }
        out.append("\nAt the API's limit both flows are bound by it, not by NiFi: PutOttimateInvoice's limiter paces the creates at the rate\n")
                .append("and keeps 50 ms of the burst in reserve, so it never draws a 429; InvokeHTTP sends as fast as the host allows, and\n")
                .append("every create beyond the limit comes back 429 and is sent again. Their invoices/s therefore meet at the API's rate\n")
                .append("(the reserve and the first token request cost PutOttimateInvoice about 1% of a 10-second run), while InvokeHTTP's\n")
                .append("extra requests count against the daily quota and cost NiFi CPU. Where the host, not the API, is the limit (two NiFi\n")
                .append("nodes and the emulator on 2 cores), the CPU per invoice decides.\n");
        FlowPlot.draw(results, report.resolveSibling("benchmark-nifi-flows.png"));
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
