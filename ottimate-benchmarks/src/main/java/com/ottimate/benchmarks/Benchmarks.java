package com.ottimate.benchmarks;

import com.ottimate.emulator.EmulatorSettings;
import com.ottimate.emulator.OttimateEmulator;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * bin/benchmark: 10,000 invoice creates by a bare client, PutOttimateInvoice and InvokeHTTP at 1, 4 and 8 concurrent
 * tasks against a fresh emulator each (the API's 1,000 requests/s, bursts of 2,000), then BulkUpsertOttimateCatalog
 * with 100,000 and 1,000,000 rows in a 256 MB JVM. Writes docs/benchmarks.md and docs/benchmark-throughput.png.
 */
public final class Benchmarks {
    static final int INVOICES = Integer.getInteger("benchmark.invoices", 10_000);
    static final List<Integer> THREADS = List.of(1, 4, 8);
    static final List<Integer> CATALOG_ROWS = List.of(100_000, 1_000_000);

    private Benchmarks() {
    }

    public static void main(final String[] args) throws Exception {
        final Path docs = Path.of(args.length > 0 ? args[0] : "docs");
        final Map<String, List<Run>> runs = new LinkedHashMap<>();
        for (final String contender : List.of("Bare java.net.http client", "PutOttimateInvoice", "InvokeHTTP + OAuth2 provider")) {
            runs.put(contender, new ArrayList<>());
        }
        // warm-up, so the first measured run does not pay for class loading and JIT
        for (final String contender : runs.keySet()) {
            invoices(contender, 2, 500);
        }
        for (final int threads : THREADS) {
            for (final String contender : runs.keySet()) {
                final Run run = invoices(contender, threads, INVOICES);
                runs.get(contender).add(run);
                System.out.printf("%-30s threads=%d  %.0f/s  req/ff=%.2f  tokens=%d  429=%d  p50=%.1fms  p99=%.1fms  heap=%dMB  conns=%d%n",
                        contender, threads, run.perSecond(), run.requestsPerItem(), run.tokenRequests(), run.throttled(), run.p50Millis(),
                        run.p99Millis(), run.peakHeapMb(), run.connections());
            }
        }
        final List<String> catalog = new ArrayList<>();
        for (final int rows : CATALOG_ROWS) {
            catalog.add(catalog(rows));
            System.out.println(catalog.getLast());
        }
        Files.createDirectories(docs);
        Plot.throughput(runs, THREADS, docs.resolve("benchmark-throughput.png"));
        Files.writeString(docs.resolve("benchmarks.md"), Report.markdown(runs, catalog), StandardCharsets.UTF_8);
        System.out.println("Wrote " + docs.resolve("benchmarks.md") + " and " + docs.resolve("benchmark-throughput.png"));
    }

    private static Run invoices(final String contender, final int threads, final int count) throws Exception {
        try (OttimateEmulator emulator = OttimateEmulator.start()) {
            emulator.journal().setRecordBodies(false);
            final EmulatorSettings settings = emulator.settings();
            final AtomicLong throttled = new AtomicLong();
            Measure.resetHeapPeak();
            final long start = System.nanoTime();
            final List<Double> latencies = switch (contender) {
                case "Bare java.net.http client" -> RawClient.send(emulator.baseUrl(), settings, threads, count, throttled);
                case "PutOttimateInvoice" -> ProcessorRuns.ours(emulator.baseUrl(), threads, count);
                default -> ProcessorRuns.invokeHttp(emulator.baseUrl(), settings, threads, count);
            };
            final double seconds = (System.nanoTime() - start) / 1e9;
            final long posts = emulator.journal().matching("POST", "/invoices").size();
            final long tooMany = contender.startsWith("Bare") ? throttled.get() : posts - emulator.store().invoices().size();
            if (emulator.store().invoices().size() != count) {
                throw new IllegalStateException(contender + " stored " + emulator.store().invoices().size() + " invoices, expected " + count);
            }
            return new Run(contender, threads, count, seconds, posts, emulator.journal().tokenRequests(), Math.max(0, tooMany),
                    Measure.percentile(latencies, 0.50), Measure.percentile(latencies, 0.99), Measure.heapPeakMb(), emulator.journal().connectionCount());
        }
    }

    /** One catalog load in a 256 MB JVM against an emulator in its own process; answers the child's summary line. */
    private static String catalog(final int rows) throws Exception {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final String classpath = System.getProperty("java.class.path");
        final Process emulator = new ProcessBuilder(java, "-Xmx6g", "-cp", classpath, "com.ottimate.emulator.OttimateEmulator", "0")
                .redirectErrorStream(true).start();
        try {
            final BufferedReader announce = new BufferedReader(new InputStreamReader(emulator.getInputStream(), StandardCharsets.UTF_8));
            final Matcher url = Pattern.compile("listening on (http://\\S+)").matcher(announce.readLine());
            if (!url.find()) {
                throw new IllegalStateException("emulator did not start");
            }
            final Process bench = new ProcessBuilder(java, "-Xmx256m", "-Dlogback.configurationFile=nonexistent.xml", "-cp", classpath,
                    CatalogBench.class.getName(), Integer.toString(rows), url.group(1)).redirectErrorStream(true).start();
            final String output = new String(bench.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            bench.waitFor();
            return output.lines().filter(l -> l.startsWith("CATALOG")).findFirst()
                    .orElse("CATALOG rows=" + rows + " FAILED: " + output.lines().filter(l -> l.contains("Error") || l.contains("Exception"))
                            .findFirst().orElse("exit " + bench.exitValue()));
        } finally {
            emulator.destroyForcibly();
        }
    }

    static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, " + (Runtime.getRuntime().maxMemory() / (1024 * 1024)) + " MB max heap for the benchmark JVM, Java "
                + Runtime.version() + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", " + LocalDate.now();
    }
}
