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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * One seeded history of master data records created one by one in company 1 (PutOttimateVendor or
 * PutOttimateDimension, Create One by One), on data that collides: every vendor is called "Sysco" and their ERP ids
 * exist in company 2 too; dimension ids repeat across types ("10" is a department and a class) and companies. Every
 * request (creates and look-ups) may meet the faults of {@link InvoiceCreateHistory}; the file comes back from 'retry'
 * as it went. The invariants: each intended object exists exactly once in company 1 and is on one success record
 * naming it, or on a failure record with unconfirmed_write; every record ends exactly once; an object of another type or
 * company is never taken as ours.
 */
final class MasterDataCreateHistory {
    /** What is created, and how its records and stored objects are told apart. */
    enum Kind {
        VENDORS("/vendors", "erp_vendor_id"),
        DIMENSIONS("/dimensions", "reference_id");

        final String path;
        /** The field that names an intended record in the outputs (unique within a history). */
        final String name;

        Kind(final String path, final String name) {
            this.path = path;
            this.name = name;
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> TYPES = List.of("DEPARTMENT", "CLASS");

    private MasterDataCreateHistory() {
    }

    static void run(final long seed, final Kind kind, final OttimateEmulator emulator, final boolean keysIgnored, final TestRunner runner,
                    final SimulationFigures figures) throws IOException {
        run(seed, kind, false, emulator, keysIgnored, runner, figures);
    }

    /**
     * As above; {@code bulk}: the runner sends Bulk Upserts, whose batches are followed on 'pending', and the faults meet
     * the batch's progress and results too.
     */
    static void run(final long seed, final Kind kind, final boolean bulk, final OttimateEmulator emulator, final boolean keysIgnored,
                    final TestRunner runner, final SimulationFigures figures) throws IOException {
        final Random random = SimulatedWrites.begin(seed, emulator, runner, keysIgnored, figures);
        final List<ObjectNode> intended = kind == Kind.VENDORS ? vendors(random, emulator, figures) : dimensions(seed, random, emulator, figures);
        final ArrayNode file = JsonNodeFactory.instance.arrayNode();
        intended.forEach(file::add);
        figures.writes += intended.size();
        runner.enqueue(file.toString());

        if (bulk) {
            SimulatedWrites.planFaults(random, emulator, keysIgnored, figures, kind.path, "/batch");
        } else {
            SimulatedWrites.planFaults(random, emulator, keysIgnored, figures, kind.path);
        }
        final Optional<List<MockFlowFile>> sets = SimulatedWrites.passes(seed, runner, emulator, random, figures);
        if (sets.isEmpty()) {
            return;
        }
        final Map<String, List<SimulatedWrites.Ending>> ends = SimulatedWrites.recordEndings(sets.get(), kind.name, record -> false);
        final List<ObjectNode> stored = kind == Kind.VENDORS ? emulator.store().vendors().all() : emulator.store().dimensions().all();
        for (final ObjectNode wanted : intended) {
            final String id = wanted.path(kind.name).asText();
            final List<String> mine = stored.stream().filter(o -> o.path("ottimate_company_id").asInt() == 1 && same(kind, wanted, o))
                    .map(o -> o.path("id").asText()).toList();
            SimulatedWrites.judge(figures, seed, kind + " " + id + " (company 1)", ends.getOrDefault(id, List.of()), mine, String::equals);
        }
    }

    /** 1 to 5 vendors named Sysco; some ERP ids already in company 1 (not intended), half also in company 2. */
    private static List<ObjectNode> vendors(final Random random, final OttimateEmulator emulator, final SimulationFigures figures) {
        final List<String> ids = new ArrayList<>(List.of("V-1", "V-2", "V-3", "V-4", "V-5", "V-6", "V-7", "V-8"));
        Collections.shuffle(ids, random);
        final int existing = random.nextInt(3);
        for (int i = 0; i < existing; i++) {
            emulator.seedVendor(1, ids.get(i), "Sysco");
        }
        figures.collision = "an ERP id that another object of another company (or, for dimensions, of another type) has";
        final List<ObjectNode> intended = new ArrayList<>();
        for (final String id : ids.subList(existing, existing + 1 + random.nextInt(5))) {
            if (random.nextBoolean()) {
                emulator.seedVendor(2, id, "Sysco");
                figures.collidingWrites++;
            }
            intended.add(JsonNodeFactory.instance.objectNode().put("erp_vendor_id", id).put("erp_vendor_name", "Sysco"));
        }
        return intended;
    }

    /** 1 to 5 dimensions whose erp_dimension_id repeats across types and companies; each with its own reference_id. */
    private static List<ObjectNode> dimensions(final long seed, final Random random, final OttimateEmulator emulator, final SimulationFigures figures) {
        final List<ObjectNode> intended = new ArrayList<>();
        final Set<String> taken = new HashSet<>();
        final int count = 1 + random.nextInt(5);
        for (int i = 0; intended.size() < count && i < 50; i++) {
            final String type = TYPES.get(random.nextInt(TYPES.size()));
            final String erpId = Integer.toString(10 + random.nextInt(3));
            if (!taken.add(type + "|" + erpId)) {
                continue;
            }
            final ObjectNode dimension = JsonNodeFactory.instance.objectNode().put("erp_type", type)
                    .put("ottimate_type", type.toLowerCase(Locale.ROOT)).put("name", "Kitchen").put("code", "K")
                    .put("reference_id", "ref-" + seed + "-" + i).put("erp_dimension_id", erpId);
            // the same ERP id as another type in company 1, or in company 2: not this one
            final String otherType = TYPES.get(1 - TYPES.indexOf(type));
            if (random.nextBoolean() && !taken.contains(otherType + "|" + erpId)) {
                seedDimension(emulator, 1, otherType, erpId, "ref-other-" + seed + "-" + i);
                taken.add(otherType + "|" + erpId);
                figures.collidingWrites++;
            } else if (random.nextBoolean()) {
                seedDimension(emulator, 2, type, erpId, dimension.get("reference_id").asText());
                figures.collidingWrites++;
            }
            intended.add(dimension);
        }
        return intended;
    }

    private static void seedDimension(final OttimateEmulator emulator, final int company, final String type, final String erpId, final String reference) {
        final ObjectNode dimension = JsonNodeFactory.instance.objectNode();
        final String id = "dim_seed_" + UUID.randomUUID();
        dimension.put("id", id);
        dimension.put("ottimate_company_id", company);
        dimension.put("erp_dimension_id", erpId);
        dimension.put("erp_type", type);
        dimension.put("reference_id", reference);
        dimension.put("name", "Other");
        emulator.store().dimensions().put(id, dimension);
    }

    private static boolean same(final Kind kind, final ObjectNode wanted, final ObjectNode stored) {
        if (kind == Kind.VENDORS) {
            return wanted.path("erp_vendor_id").asText().equals(stored.path("erp_vendor_id").asText());
        }
        return wanted.path("reference_id").asText().equals(stored.path("reference_id").asText())
                && wanted.path("erp_type").asText().equals(stored.path("erp_type").asText())
                && wanted.path("erp_dimension_id").asText().equals(stored.path("erp_dimension_id").asText());
    }

}
