/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.contract;

import java.util.Comparator;
import java.util.Map;
import java.util.Set;

/** Renders docs/contract.md from the document, the recorded traffic and the emulator's routes. */
final class ContractReport {
    private ContractReport() {
    }

    static String render(final OpenApiContract contract, final Set<String> covered, final Set<String> served) {
        final StringBuilder out = new StringBuilder();
        out.append("# Contract: the connector and the emulator against Ottimate's OpenAPI document\n\n")
                .append("Generated and checked by `ottimate-contract-tests` (`ContractSuiteTest`): the build fails when this file and the code\n")
                .append("disagree. Regenerate with `./mvnw verify -Dcontract.write=true`.\n\n")
                .append("The suite validates every request the test suites send to the emulator (operation, required headers, query\n")
                .append("parameter names and types, JSON bodies of accepted requests) and every answer the emulator gives (status declared\n")
                .append("by the operation, body against its schema) with a JSON Schema 2020-12 validator (networknt). Traffic is recorded\n")
                .append("once, by the emulator, for the whole test run. Request bodies the API rejected are deliberate bad input from tests\n")
                .append("and are not held to the request schema; their error answers are still checked.\n\n");
        out.append("## Operations of the document\n\n| Operation | Used by the connector's tests | Served by the emulator |\n|---|---|---|\n");
        for (final OpenApiContract.Operation operation : contract.operations().stream()
                .sorted(Comparator.comparing(o -> o.template() + " " + o.method())).toList()) {
            out.append("| `").append(operation.key()).append("` | ").append(covered.contains(operation.key()) ? "yes" : "—")
                    .append(" | ").append(served.contains(operation.key()) ? "yes" : "—").append(" |\n");
        }
        out.append("\n## Deviations (allow-list)\n\nOperations beyond the document:\n\n| Operation | Reason | Used | Served |\n|---|---|---|---|\n");
        for (final Map.Entry<String, String> deviation : Deviations.OPERATIONS.entrySet()) {
            out.append("| `").append(deviation.getKey()).append("` | ").append(deviation.getValue()).append(" | ")
                    .append(covered.contains(deviation.getKey()) ? "yes" : "—").append(" | ")
                    .append(served.contains(deviation.getKey()) ? "yes" : "—").append(" |\n");
        }
        out.append("\nStatuses any operation may answer:\n\n| Status | Reason |\n|---|---|\n");
        Deviations.STATUSES.forEach((status, reason) -> out.append("| ").append(status).append(" | ").append(reason).append(" |\n"));
        out.append("\nBody fields the document types inconsistently:\n\n| Operation and field | Reason |\n|---|---|\n");
        Deviations.BODY.forEach((key, reason) -> out.append("| `").append(key).append("` | ").append(reason).append(" |\n"));
        out.append("\nEmulator profiles whose answers depart from the document on purpose (the connector's requests are still checked):\n\n"
                + "| Profile | Reason |\n|---|---|\n");
        Deviations.PROFILES.forEach((profile, reason) -> out.append("| `").append(profile).append("` | ").append(reason).append(" |\n"));
        if (!Deviations.QUERY.isEmpty()) {
            out.append("\nQuery parameters beyond an operation's declared ones:\n\n| Operation and parameter | Reason |\n|---|---|\n");
            Deviations.QUERY.forEach((key, reason) -> out.append("| `").append(key).append("` | ").append(reason).append(" |\n"));
        }
        return out.toString();
    }
}
