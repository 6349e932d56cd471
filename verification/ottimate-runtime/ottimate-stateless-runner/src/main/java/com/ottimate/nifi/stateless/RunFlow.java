/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.stateless;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one NiFi flow definition in Apache NiFi's Stateless engine with the NARs of a directory (bin/run-flow):
 *
 * <pre>
 * run-flow --flow templates/01-invoice-intake.json --parameters ottimate.properties \
 *          --input "CSV invoices=templates/samples/invoices.csv" [--parameter name=value ...] [--output out/]
 * </pre>
 *
 * Each input file is enqueued at the named input port; the flow is triggered until nothing is left inside it (and
 * once more for every --trigger beyond the first); what leaves each output port is summarised and, with --output,
 * streamed to one directory per port. Inputs and outputs go through the engine's content repository on disk, so the
 * heap does not grow with the data.
 */
public final class RunFlow {

    private static final String USAGE = """
            usage: run-flow --flow FILE [--parameters FILE] [--parameter NAME=VALUE]... [--input PORT=FILE]...
                            [--output DIR] [--triggers N] [--timeout SECONDS] [--stats true] [--nars DIR] [--work DIR]
              --parameters  name=value lines for the flow's parameters (credentials belong here, not on the command line)
              --input       a file to enqueue at an input port, e.g. "CSV invoices=invoices.csv"
              --output      write each flowfile that leaves the flow to DIR/<port>/
              --triggers    runs of the flow (source processors such as ListOttimateInvoices fire once per run); default 1
              --stats       also print the runs' duration (from the first trigger) and the JVM's heap use
            """;

    private static final Set<String> OPTIONS = Set.of("flow", "parameters", "parameter", "input", "output", "triggers", "timeout", "stats", "nars", "work");
    private static final int MAX_BULLETINS = 10;

    private RunFlow() {
    }

    public static void main(final String[] args) throws Exception {
        final Map<String, List<String>> options;
        final FlowParameters parameters = new FlowParameters();
        try {
            options = parse(args);
            for (final String file : options.getOrDefault("parameters", List.of())) {
                parameters.readFile(Path.of(file));
            }
            options.getOrDefault("parameter", List.of()).forEach(parameters::add);
        } catch (final IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        final Path flowFile = Path.of(single(options, "flow", null));
        final StatelessEngine engine = StatelessEngine.boot(Path.of(single(options, "nars", "nars")), Path.of(single(options, "work", "work")));
        final Duration timeout = Duration.ofSeconds(Long.parseLong(single(options, "timeout", "300")));
        final int triggers = Integer.parseInt(single(options, "triggers", "1"));
        final PrintStream out = System.out;
        final boolean successful;
        try (StatelessFlow flow = engine.load(flowFile, parameters.overrides())) {
            for (final String input : options.getOrDefault("input", List.of())) {
                final int equals = input.indexOf('=');
                if (equals <= 0) {
                    throw new IllegalArgumentException("--input is PORT=FILE, not " + input);
                }
                final Path file = Path.of(input.substring(equals + 1));
                try (InputStream content = Files.newInputStream(file)) {
                    flow.enqueue(input.substring(0, equals), content, Map.of("filename", file.getFileName().toString()));
                }
            }
            final HeapWatch heap = HeapWatch.start();
            final long started = System.nanoTime();
            boolean allSucceeded = true;
            for (int run = 1; run <= triggers; run++) {
                final FlowResult result = flow.runUntilIdle(timeout, contentHandler(options.get("output"), run));
                out.printf("%s, run %d of %d:%n", flowFile.getFileName(), run, triggers);
                FlowSummary.print(result, out);
                allSucceeded &= result.successful();
            }
            if (options.containsKey("stats")) {
                out.printf("stats: seconds=%.2f peakHeapMb=%d liveHeapMb=%d%n", (System.nanoTime() - started) / 1e9, heap.peakMb(), heap.maxAfterCollectionMb());
            }
            flow.bulletins().stream().limit(MAX_BULLETINS).forEach(bulletin -> out.println("  bulletin: " + bulletin));
            successful = allSucceeded;
        }
        System.exit(successful ? 0 : 1);
    }

    /** Streams each output to DIR/port/ when --output is given, else reads past it: outputs are never held in memory. */
    private static ContentHandler contentHandler(final List<String> outputDirectory, final int run) {
        final AtomicInteger index = new AtomicInteger();
        return (port, attributes, content) -> {
            if (outputDirectory == null) {
                content.transferTo(OutputStream.nullOutputStream());
                return null;
            }
            final Path directory = Files.createDirectories(Path.of(outputDirectory.getLast(), port.replaceAll("[^A-Za-z0-9._-]", "_")));
            final String name = Path.of(attributes.getOrDefault("filename", "flowfile")).getFileName().toString();
            Files.copy(content, directory.resolve("run" + run + "-" + index.incrementAndGet() + "-" + name));
            return null;
        };
    }

    private static Map<String, List<String>> parse(final String[] args) {
        final Map<String, List<String>> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("Expected --option value at argument " + (i + 1));
            }
            if (!OPTIONS.contains(args[i].substring(2))) {
                throw new IllegalArgumentException("Unknown option " + args[i]);
            }
            options.computeIfAbsent(args[i].substring(2), key -> new ArrayList<>()).add(args[++i]);
        }
        if (!options.containsKey("flow")) {
            throw new IllegalArgumentException("--flow is required");
        }
        return options;
    }

    private static String single(final Map<String, List<String>> options, final String name, final String defaultValue) {
        final List<String> values = options.get(name);
        return values == null ? defaultValue : values.getLast();
    }
}
