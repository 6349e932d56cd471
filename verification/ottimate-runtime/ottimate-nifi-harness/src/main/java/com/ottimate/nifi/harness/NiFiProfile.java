/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.harness;

import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.stateless.CommandLineOptions;
import com.ottimate.nifi.stateless.TemplateScenario;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * bin/profile: where a running NiFi 2.3.0 node spends its CPU on PutOttimateInvoice (one create per invoice) and on
 * FetchOttimateInvoice (one read per flowfile). JDK Flight Recorder samples the node (started and stopped through jcmd
 * around the measured rounds, after warm-up rounds); the report lists the methods on top of the sampled stacks and
 * the bundle's own frames, and the NiFi CPU per flowfile, as a section of docs/benchmarks.md named by {@code --label}
 * (e.g. "before" and "after" a change).
 */
public final class NiFiProfile {
    static final int WARM_UP = 2;
    static final int ROUNDS = 3;
    static final int TOP = 15;

    private NiFiProfile() {
    }

    /** One profiled load: what it is, how to build it, and what it measured. */
    record Phase(String name, BiFunction<String, Integer, InvoiceLoad.Built> build) {
    }

    public static void main(final String[] args) throws Exception {
        final Map<String, String> options = CommandLineOptions.parse(args, 0);
        final Path home = Path.of(options.getOrDefault("nifi-home", "nifi"));
        final Path templates = Path.of(options.getOrDefault("templates", "templates"));
        final Path work = Path.of(options.getOrDefault("work", "target/nifi-profile")).toAbsolutePath();
        final Path report = Path.of(options.getOrDefault("report", "docs/benchmarks.md"));
        final String label = options.getOrDefault("label", "current");
        final int invoices = Integer.parseInt(options.getOrDefault("invoices", "10000"));
        final String phases = options.getOrDefault("phases", "put,fetch");
        NiFiDemo.deleteTree(work);
        Files.createDirectories(work);
        System.setProperty(NiFiInstance.BUNDLE_LOG_LEVEL, "INFO");
        final StringBuilder out = new StringBuilder();
        try (OttimateEmulator emulator = OttimateEmulator.start();
             NiFiInstance nifi = NiFiInstance.prepare(home, work.resolve("node"), NiFiInstance.freePort()).start()) {
            emulator.journal().setRecordBodies(false);
            final NiFiFlow flow = new NiFiFlow(nifi.client());
            final String root = flow.rootGroupId();
            final String connection = new OttimateConnectionSetup(flow, templates).apply(root, TemplateScenario.INVOICE_INTAKE.parameters(emulator).values());
            flow.disableService(connection);
            flow.updateService(connection, Map.of("Rate Limit", "1000", "Rate Limit Burst", "2000", "Daily Request Quota", "0"));
            flow.enableService(connection);
            final Phase put = new Phase("PutOttimateInvoice", (name, count) ->
                    InvoiceLoad.putOttimateInvoice(flow, root, name, count, connection, 4, true, false));
            if (phases.contains("put")) {
                out.append(profile(flow, nifi, work, put, invoices));
                write(report, label, out.toString(), invoices);
            }
            if (!phases.contains("fetch")) {
                return;
            }
            if (emulator.store().invoices().size() == 0) {
                run(flow, nifi, put, 10, "invoices to fetch");
            }
            final String someInvoice = emulator.store().invoices().listed().getFirst().path("id").asText();
            final Phase fetch = new Phase("FetchOttimateInvoice", (name, count) ->
                    InvoiceLoad.fetchOttimateInvoice(flow, root, name, count, connection, someInvoice, 4));
            out.append(profile(flow, nifi, work, fetch, invoices));
            write(report, label, out.toString(), invoices);
        }
    }

    private static String profile(final NiFiFlow flow, final NiFiInstance nifi, final Path work, final Phase phase, final int invoices) throws Exception {
        final long pid = nifi.handle().orElseThrow().pid();
        for (int round = 0; round < WARM_UP; round++) {
            run(flow, nifi, phase, invoices, "warm-up-" + round);
        }
        final Path recording = work.resolve(phase.name() + ".jfr");
        jcmd(pid, "JFR.start", "name=" + phase.name(), "settings=profile");
        double cpu = 0;
        for (int round = 0; round < ROUNDS; round++) {
            cpu += run(flow, nifi, phase, invoices, "round-" + round);
        }
        jcmd(pid, "JFR.stop", "name=" + phase.name(), "filename=" + recording);
        return summary(phase.name(), recording, cpu * 1000 / (ROUNDS * (double) invoices));
    }

    /** Sends one load and waits until every flowfile reached "done"; the NiFi CPU seconds it took. */
    private static double run(final NiFiFlow flow, final NiFiInstance nifi, final Phase phase, final int invoices, final String round) throws InterruptedException {
        Thread.sleep(3000);
        final InvoiceLoad.Built load = phase.build().apply(phase.name() + "-" + round, invoices);
        final double before = NiFiFlowBenchmark.cpuSeconds(List.of(nifi));
        InvoiceLoad.trigger(flow, load);
        NiFiFlow.await(phase.name() + " " + round + ": " + invoices + " flowfiles done", () -> {
            for (final Map.Entry<String, String> queue : load.queues().entrySet()) {
                if (!queue.getValue().equals(load.queue("done")) && !queue.getKey().equals("retry") && flow.queued(queue.getValue()) > 0) {
                    throw new IllegalStateException(phase.name() + ": flowfiles went to " + queue.getKey() + ": "
                            + flow.listQueue(queue.getValue()).getFirst().attributes());
                }
            }
            return flow.queued(load.queue("done")) >= invoices;
        }, Duration.ofMinutes(15));
        final double cpu = NiFiFlowBenchmark.cpuSeconds(List.of(nifi)) - before;
        flow.stopGroup(load.groupId());
        flow.deleteGroup(load.groupId());
        System.out.printf("%s %s: %.2f ms NiFi CPU per flowfile%n", phase.name(), round, cpu * 1000 / invoices);
        return cpu;
    }

    private static void jcmd(final long pid, final String... command) throws IOException, InterruptedException {
        final Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        final List<String> line = new java.util.ArrayList<>(List.of(jcmd.toString(), Long.toString(pid)));
        line.addAll(List.of(command));
        final Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", line) + " failed: " + output);
        }
    }

    /** The sampled stacks of the node's processor threads: the methods on top, and the first frame of the bundle's own code. */
    static String summary(final String name, final Path recording, final double cpuMillisPerFlowFile) throws IOException {
        final Map<String, Integer> top = new HashMap<>();
        final Map<String, Integer> ours = new HashMap<>();
        final Map<String, Integer> threads = new HashMap<>();
        int samples = 0;
        for (final RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            final List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            samples++;
            final String thread = event.getThread("sampledThread") == null ? "?" : event.getThread("sampledThread").getJavaName();
            threads.merge(thread == null ? "?" : thread.replaceAll("[-\\s]?\\d+$", "-N"), 1, Integer::sum);
            top.merge(method(frames.getFirst()), 1, Integer::sum);
            frames.stream().filter(f -> method(f).startsWith("com.ottimate.")).findFirst().ifPresent(f -> ours.merge(method(f), 1, Integer::sum));
        }
        final StringBuilder out = new StringBuilder(String.format("#### %s: %.2f ms NiFi CPU per flowfile, %,d samples%n%n", name, cpuMillisPerFlowFile, samples));
        out.append(table("Sampled threads", threads, samples, 6));
        out.append(table("Top frames (self)", top, samples, TOP));
        out.append(table("The bundle's innermost frame (inclusive)", ours, samples, TOP));
        return out.toString();
    }

    private static String method(final RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static String table(final String title, final Map<String, Integer> counts, final int samples, final int rows) {
        final StringBuilder out = new StringBuilder("| " + title + " | Share of samples |\n|---|---|\n");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(rows)
                .forEach(e -> out.append(String.format("| `%s` | %.1f %% |%n", e.getKey(), 100.0 * e.getValue() / Math.max(1, samples))));
        return out.append('\n').toString();
    }

    private static void write(final Path report, final String label, final String body, final int invoices) throws IOException {
        final String begin = "<!-- nifi-profile-" + label + " -->";
        final String end = "<!-- /nifi-profile-" + label + " -->";
        final String section = begin + "\n\n### Profile: " + label + "\n\n"
                + String.format("bin/profile, one NiFi 2.3.0 node: %d warm-up rounds, then JFR (`settings=profile`) over %d rounds of %,d "
                + "flowfiles, 4 concurrent tasks, against the emulator.%n%n", WARM_UP, ROUNDS, invoices) + body + end + "\n";
        final String existing = Files.exists(report) ? Files.readString(report, StandardCharsets.UTF_8) : "# Benchmarks\n";
        final int from = existing.indexOf(begin);
        final int to = existing.indexOf(end);
        final String updated;
        if (from >= 0 && to > from) {
            updated = existing.substring(0, from) + section + existing.substring(to + end.length() + 1);
        } else {
            final int flows = existing.indexOf(NiFiFlowBenchmark.BEGIN);
            updated = flows < 0 ? existing.stripTrailing() + "\n\n" + section : existing.substring(0, flows) + section + "\n" + existing.substring(flows);
        }
        Files.writeString(report, updated, StandardCharsets.UTF_8);
        System.out.println("Wrote the profile (" + label + ") to " + report);
    }
}
