/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.benchmarks;

import com.ottimate.emulator.EmulatorSettings;
import com.ottimate.emulator.OttimateEmulator;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * bin/benchmark: 10,000 invoice creates by a bare client, PutOttimateInvoice and InvokeHTTP at 1, 4 and 8 concurrent
 * tasks against a fresh emulator each (the API's 1,000 requests/s, bursts of 2,000), then PutOttimateCatalog
 * with 100,000 and 1,000,000 rows through template 04 in Apache NiFi's Stateless engine in a 256 MB JVM. Writes docs/benchmarks.md and docs/benchmark-throughput.png.
 */
public final class Benchmarks {
    static final int INVOICES = Integer.getInteger("benchmark.invoices", 10_000);
    static final List<Integer> THREADS = List.of(1, 4, 8);
    static final int REPEATS = Integer.getInteger("benchmark.repeats", 3);
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
                // at the API's limit the contenders differ by a few percent: the median of REPEATS runs, not one run
                final List<Run> repeats = new ArrayList<>();
                for (int i = 0; i < REPEATS; i++) {
                    repeats.add(invoices(contender, threads, INVOICES));
                }
                repeats.sort(Comparator.comparingDouble(Run::perSecond));
                final Run run = repeats.get(REPEATS / 2);
                runs.get(contender).add(run);
                System.out.printf("%-30s threads=%d  %.0f/s  req/ff=%.2f  tokens=%d  429=%d  p50=%.1fms  p99=%.1fms  heap=%dMB  conns=%d%n",
                        contender, threads, run.perSecond(), run.requestsPerItem(), run.tokenRequests(), run.throttled(), run.p50Millis(),
                        run.p99Millis(), run.peakHeapMb(), run.connections());
            }
        }
        final List<CatalogRun> catalog = new ArrayList<>();
        for (final int rows : CATALOG_ROWS) {
            catalog.add(catalog(rows));
            System.out.println(catalog.getLast());
        }
        final List<EnrichmentRuns.EnrichmentRun> enrichment = EnrichmentRuns.all();
        enrichment.forEach(System.out::println);
        Files.createDirectories(docs);
        Plot.throughput(runs, THREADS, docs.resolve("benchmark-throughput.png"));
        Files.writeString(docs.resolve("benchmarks.md"), Report.markdown(runs, catalog, enrichment), StandardCharsets.UTF_8);
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
            final long tooMany = emulator.rateLimitedCount();
            if (emulator.store().invoices().size() != count) {
                throw new IllegalStateException(contender + " stored " + emulator.store().invoices().size() + " invoices, expected " + count);
            }
            return new Run(contender, threads, count, seconds, posts, emulator.journal().tokenRequests(), Math.max(0, tooMany),
                    Measure.percentile(latencies, 0.50), Measure.percentile(latencies, 0.99), Measure.heapPeakMb(), emulator.journal().connectionCount());
        }
    }

    /**
     * One price-book load through template 04 in Apache NiFi's Stateless engine (bin/run-flow's launcher) in a JVM
     * capped at 256 MB, against an emulator in its own process. The CSV is streamed into the engine's content
     * repository on disk and the outputs are streamed past, as in NiFi. Answers a CATALOG summary line.
     */
    private static CatalogRun catalog(final int rows) throws Exception {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final Path runner = Path.of(System.getProperty("runner.directory"));
        final Path csv = Files.createTempFile("price-book-" + rows, ".csv");
        final Path parameters = Files.createTempFile("catalog-bench", ".properties");
        writePriceBook(csv, rows);
        // catalog bulk calls answered at once (201/207): Stateless re-triggers a penalized 'pending' loop without pause, see Report
        final Process emulator = new ProcessBuilder(java, "-Xmx6g", "-cp", System.getProperty("java.class.path"), "com.ottimate.emulator.OttimateEmulator", "0",
                "--synchronous-catalog-bulk").redirectErrorStream(true).start();
        try {
            final BufferedReader announce = new BufferedReader(new InputStreamReader(emulator.getInputStream(), StandardCharsets.UTF_8));
            final Matcher url = Pattern.compile("listening on (http://\\S+)").matcher(announce.readLine());
            if (!url.find()) {
                throw new IllegalStateException("emulator did not start");
            }
            final EmulatorSettings settings = EmulatorSettings.defaults();
            Files.writeString(parameters, String.join("\n", "ottimate.environment=CUSTOM", "ottimate.base.url=" + url.group(1),
                    "ottimate.api.key=" + settings.apiKey(), "ottimate.client.id=" + settings.clientId(),
                    "ottimate.client.secret=" + settings.clientSecret(), "ottimate.company.id=1", ""));
            final Process bench = new ProcessBuilder(java, "-Xmx256m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
                    "-cp", runner.resolve("lib") + "/*" + File.pathSeparator + runnerJar(runner), "com.ottimate.nifi.stateless.RunFlow",
                    "--flow", Path.of(System.getProperty("templates.directory"), "04-catalog-price-book.json").toString(),
                    "--nars", runner.resolve("nars").toString(), "--work", runner.resolve("benchmark-work").toString(),
                    "--parameters", parameters.toString(), "--input", "price book=" + csv, "--timeout", "3600", "--stats", "true")
                    .redirectErrorStream(true).start();
            final String output = new String(bench.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            bench.waitFor();
            // SIGTERM through the process handle (Process.destroy would close our end of its output first): the emulator
            // prints what it served on its way out
            emulator.toHandle().destroy();
            final String served = announce.lines().collect(Collectors.joining("\n"));
            final Matcher stats = Pattern.compile("stats: seconds=(\\S+) peakHeapMb=(\\d+) liveHeapMb=(\\d+)").matcher(output);
            final Matcher upserted = Pattern.compile("upserted: +\\d+ flowfile\\(s\\), (\\d+) record").matcher(output);
            final Matcher failed = Pattern.compile("failure: +\\d+ flowfile\\(s\\), (\\d+) record").matcher(output);
            final Matcher bulkCalls = Pattern.compile("POST /catalog/entries/bulk x(\\d+)").matcher(served);
            if (bench.exitValue() != 0 || !stats.find() || !upserted.find()) {
                return CatalogRun.failed(rows, "exit " + bench.exitValue() + ": " + output.lines()
                        .filter(line -> line.contains("Error") || line.contains("Exception") || line.contains("failed")).findFirst().orElse(output.strip()));
            }
            return new CatalogRun(rows, Double.parseDouble(stats.group(1)), Long.parseLong(stats.group(2)), Long.parseLong(stats.group(3)),
                    Long.parseLong(upserted.group(1)),
                    failed.find() ? Long.parseLong(failed.group(1)) : 0, bulkCalls.find() ? Long.parseLong(bulkCalls.group(1)) : -1, null);
        } finally {
            emulator.destroyForcibly();
            Files.deleteIfExists(csv);
            Files.deleteIfExists(parameters);
        }
    }

    private static void writePriceBook(final Path csv, final int rows) throws IOException {
        try (BufferedWriter writer = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            writer.write("erp_vendor_id,item_name,sku,uom,size,price,catalog_unique_key\n");
            for (int i = 0; i < rows; i++) {
                writer.write("V-7,Item " + i + ",SKU-" + i + ",CS,12x1L,12.50,key-" + i + "\n");
            }
        }
    }

    private static String runnerJar(final Path runner) throws IOException {
        try (var jars = Files.list(runner)) {
            return jars.filter(path -> path.getFileName().toString().matches("ottimate-stateless-runner-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("build ottimate-stateless-runner first")).toString();
        }
    }

    static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, " + (Runtime.getRuntime().maxMemory() / (1024 * 1024)) + " MB max heap for the benchmark JVM, Java "
                + Runtime.version() + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", " + LocalDate.now();
    }
}
