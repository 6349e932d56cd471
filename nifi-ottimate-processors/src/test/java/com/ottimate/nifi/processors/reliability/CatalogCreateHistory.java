/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.emulator.OttimateEmulator;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/**
 * One seeded history of catalog entries created one at a time in company 1 (PutOttimateCatalog, Create One by
 * One), against an API where such a create is a new entry every time (CATALOG_CREATES_INSERT): every item is Flour,
 * SKUs repeat across vendors, and entries of the same item and SKU, of another vendor or size, or of company 2, are
 * already there. Faults as in {@link SimulatedWrites#planFaults}. The invariants: each intended entry exists exactly
 * once in company 1 and one success record names it, or one failure record carries unconfirmed_write; an entry that was
 * there before is never taken as ours.
 */
final class CatalogCreateHistory {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> VENDORS = List.of("SYSCO", "US-FOODS", "BAKERY");
    private static final List<String> SIZES = List.of("25 lb", "50 lb");

    private CatalogCreateHistory() {
    }

    static void run(final long seed, final OttimateEmulator emulator, final boolean keysIgnored, final TestRunner runner,
                    final SimulationFigures figures) throws IOException {
        final Random random = SimulatedWrites.begin(seed, emulator, runner, keysIgnored, figures);
        figures.collision = "the item name and SKU of an entry of another vendor, size or company already there";
        final List<String> identities = new ArrayList<>();
        for (final String vendor : VENDORS) {
            for (final String size : SIZES) {
                identities.add(vendor + "|" + size);
            }
        }
        Collections.shuffle(identities, random);
        final int existing = 1 + random.nextInt(2);
        for (int i = 0; i < existing; i++) {
            seed(emulator, random.nextBoolean() ? 1 : 2, entry(identities.get(i), "ref-there-" + i));
        }
        final ArrayNode file = JsonNodeFactory.instance.arrayNode();
        final List<ObjectNode> intended = new ArrayList<>();
        for (final String identity : identities.subList(existing, existing + 1 + random.nextInt(4))) {
            final ObjectNode entry = entry(identity, "ref-" + seed + "-" + intended.size());
            intended.add(entry);
            file.add(entry);
            figures.writes++;
            figures.collidingWrites++;
        }
        runner.enqueue(file.toString());

        SimulatedWrites.planFaults(random, emulator, keysIgnored, figures, "/catalog/entries");
        final Optional<List<MockFlowFile>> sets = SimulatedWrites.passes(seed, runner, emulator, random, figures);
        if (sets.isEmpty()) {
            return;
        }
        final Map<String, List<SimulatedWrites.Ending>> ends = SimulatedWrites.recordEndings(sets.get(), "reference_id", record -> false);
        final List<ObjectNode> stored = emulator.catalogEntries().all();
        for (int i = 0; i < existing; i++) {
            final String reference = "ref-there-" + i;
            if (stored.stream().filter(e -> reference.equals(e.path("reference_id").asText())).count() != 1) {
                figures.violation(seed, "the entry that was already there (" + reference + ") changed");
            }
        }
        for (final ObjectNode wanted : intended) {
            final String reference = wanted.path("reference_id").asText();
            final List<String> mine = stored.stream().filter(e -> e.path("ottimate_company_id").asInt() == 1
                    && reference.equals(e.path("reference_id").asText())).map(e -> e.path("id").asText()).toList();
            SimulatedWrites.judge(figures, seed, "catalog entry " + reference, ends.getOrDefault(reference, List.of()), mine, String::equals);
        }
    }

    /** Flour with SKU FL-1: only the vendor and the size tell entries apart. */
    private static ObjectNode entry(final String identity, final String reference) {
        final String[] parts = identity.split("\\|");
        return JsonNodeFactory.instance.objectNode().put("erp_vendor_id", parts[0]).put("item_name", "Flour").put("size", parts[1])
                .put("uom", "bag").put("sku", "FL-1").put("price", 9.99).put("reference_id", reference);
    }

    private static void seed(final OttimateEmulator emulator, final int company, final ObjectNode entry) {
        final String id = "cte_seed_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        final ObjectNode stored = entry.deepCopy().put("id", id).put("ottimate_company_id", company).put("price", "9.99");
        stored.putArray("prices");
        stored.putArray("allowances");
        emulator.catalogEntries().put(id, stored);
    }
}
