/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.contract;

import com.ottimate.emulator.OttimateEmulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * All emulator traffic of the client's, services' and processors' test suites (recorded by the emulator, see TrafficRecorder),
 * validated in one place against Ottimate's OpenAPI document; and docs/contract.md checked against it.
 */
class ContractSuiteTest {
    private static final List<String> RECORDING_MODULES = List.of("ottimate-client", "nifi-ottimate-services", "nifi-ottimate-processors");
    private static OpenApiContract contract;
    private static ContractValidator validator;
    private static List<Exchange> traffic;

    @BeforeAll
    static void load() throws IOException {
        contract = OpenApiContract.load();
        validator = new ContractValidator(contract);
        traffic = new ArrayList<>();
        final Path root = Path.of(System.getProperty("contract.root", ".."));
        for (final String module : RECORDING_MODULES) {
            final Path dir = root.resolve(module).resolve("target/emulator-traffic");
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (final Path file : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
                    for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                        traffic.add(Exchange.of(module, OpenApiContract.MAPPER.readTree(line)));
                    }
                }
            }
        }
        // only what went to the API base: requests a test sent to a wrong base path on purpose are not API traffic
        traffic.removeIf(exchange -> !exchange.path().startsWith("/v1/"));
    }

    @Test
    void allRecordedTrafficFollowsTheDocument() {
        assertTrue(traffic.size() > 500, "traffic of the whole test suite was recorded (run the full build): " + traffic.size());
        final Map<String, List<String>> problems = new TreeMap<>();
        for (final Exchange exchange : traffic) {
            for (final String violation : validator.violations(exchange)) {
                problems.computeIfAbsent(validator.operationKey(exchange).orElse(exchange.method() + " " + exchange.apiPath()) + ": " + violation,
                        k -> new ArrayList<>()).add(exchange.toString());
            }
        }
        if (!problems.isEmpty()) {
            final StringBuilder report = new StringBuilder(problems.size() + " kinds of contract violation:\n");
            problems.forEach((problem, examples) -> report.append("- ").append(problem).append("  (").append(examples.size())
                    .append("x, e.g. ").append(examples.getFirst()).append(")\n"));
            fail(report.toString());
        }
    }

    @Test
    void docsContractMdIsUpToDate() throws IOException {
        final String expected = ContractReport.render(contract, coveredOperations(), emulatorOperations());
        final Path root = Path.of(System.getProperty("contract.root", ".."));
        final Path doc = root.resolve("docs/contract.md");
        if (Boolean.getBoolean("contract.write")) {
            Files.writeString(doc, expected, StandardCharsets.UTF_8);
        }
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/contract.md"), expected, StandardCharsets.UTF_8);
        assertTrue(Files.exists(doc), "docs/contract.md is missing: run bin/test -Dcontract.write=true");
        assertEquals(expected, Files.readString(doc, StandardCharsets.UTF_8),
                "docs/contract.md is out of date (see target/contract.md); regenerate with ./mvnw verify -Dcontract.write=true");
    }

    private static Set<String> coveredOperations() {
        final Set<String> covered = new TreeSet<>();
        traffic.forEach(exchange -> validator.operationKey(exchange).ifPresent(covered::add));
        return covered;
    }

    private static Set<String> emulatorOperations() throws IOException {
        try (OttimateEmulator emulator = OttimateEmulator.start()) {
            final Set<String> served = new TreeSet<>();
            for (final String route : emulator.routes()) {
                final String[] parts = route.split(" ", 2);
                final Exchange probe = new Exchange("routes", parts[0], "/v1" + parts[1].replace("{id}", "x"), "", null, null, 0, null, false, Set.of());
                validator.operationKey(probe).ifPresent(served::add);
            }
            return served;
        }
    }
}
