package com.ottimate.nifi.stateless;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * written to one directory per port.
 */
public final class RunFlow {

    private static final String USAGE = """
            usage: run-flow --flow FILE [--parameters FILE] [--parameter NAME=VALUE]... [--input PORT=FILE]...
                            [--output DIR] [--triggers N] [--timeout SECONDS] [--nars DIR] [--work DIR]
              --parameters  name=value lines for the flow's parameters (credentials belong here, not on the command line)
              --input       a file to enqueue at an input port, e.g. "CSV invoices=invoices.csv"
              --output      write each flowfile that leaves the flow to DIR/<port>/
              --triggers    runs of the flow (source processors such as ListOttimateInvoices fire once per run); default 1
            """;

    private RunFlow() {
    }

    public static void main(final String[] args) throws Exception {
        final Map<String, List<String>> options;
        try {
            options = parse(args);
        } catch (final IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        final FlowParameters parameters = new FlowParameters();
        for (final String file : options.getOrDefault("parameters", List.of())) {
            parameters.readFile(Path.of(file));
        }
        options.getOrDefault("parameter", List.of()).forEach(parameters::add);
        final Path flowFile = Path.of(single(options, "flow", null));
        final StatelessEngine engine = StatelessEngine.boot(Path.of(single(options, "nars", "nars")), Path.of(single(options, "work", "work")));
        final Duration timeout = Duration.ofSeconds(Long.parseLong(single(options, "timeout", "300")));
        final int triggers = Integer.parseInt(single(options, "triggers", "1"));
        final PrintStream out = System.out;
        try (StatelessFlow flow = engine.load(flowFile, parameters.overrides())) {
            for (final String input : options.getOrDefault("input", List.of())) {
                final int equals = input.lastIndexOf('=');
                if (equals <= 0) {
                    throw new IllegalArgumentException("--input is PORT=FILE, not " + input);
                }
                final Path file = Path.of(input.substring(equals + 1));
                flow.enqueue(input.substring(0, equals), Files.readAllBytes(file), Map.of("filename", file.getFileName().toString()));
            }
            boolean successful = true;
            for (int run = 1; run <= triggers; run++) {
                final FlowResult result = flow.runUntilIdle(timeout);
                out.printf("%s, run %d of %d:%n", flowFile.getFileName(), run, triggers);
                FlowSummary.print(result, out);
                write(result, options.get("output"), run);
                successful &= result.successful();
            }
            System.exit(successful ? 0 : 1);
        }
    }

    private static void write(final FlowResult result, final List<String> outputDirectory, final int run) throws IOException {
        if (outputDirectory == null) {
            return;
        }
        for (final Map.Entry<String, List<FlowOutput>> port : result.outputs().entrySet()) {
            final Path directory = Files.createDirectories(Path.of(outputDirectory.getFirst(), port.getKey().replaceAll("[^A-Za-z0-9._-]", "_")));
            int index = 0;
            for (final FlowOutput output : port.getValue()) {
                final String name = String.valueOf(output.attributes().getOrDefault("filename", "flowfile"));
                Files.write(directory.resolve("run" + run + "-" + ++index + "-" + Path.of(name).getFileName()), output.content());
            }
        }
    }

    private static Map<String, List<String>> parse(final String[] args) {
        final Map<String, List<String>> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("Expected --option value at '" + args[i] + "'");
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
