/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.emulator.Fault;
import com.ottimate.emulator.InMemoryStore;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.records.ObjectOutput;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One seeded history of ListOttimateDimensions or ListOttimateCatalog (entries), Changed Objects: listings that read the
 * whole collection every run. 0 to 250 objects of company 1 beside company 2's with the same ERP ids; between runs dimensions renamed (now and
 * then back to an earlier name), created and deleted; in some runs one of those lands between two of the run's page
 * reads, shifting the pages (newest first or oldest first, as the emulator lists them); list requests failing part-way.
 * Then quiet runs until nothing new comes. The invariants: no version listed again (a dimension's content emitted twice
 * in a row), the latest content of every dimension of company 1 listed, nothing of company 2, every listed object that
 * was deleted reported removed exactly once and no object that exists reported removed, and no run reading more than the
 * collection's pages once.
 */
final class SnapshotHistory {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int PAGE_SIZE = 100;
    private static final int MAX_QUIET_RUNS = 10;
    private static final List<String> NAMES = List.of("Kitchen", "Bar", "Front of House", "Catering");

    /** What is listed: dimensions, or catalog entries; each with its store, path and the field a rename changes. */
    enum Listed {
        DIMENSIONS("/dimensions", "name"),
        CATALOG_ENTRIES("/catalog/entries", "description"),
        /** The account's locations: one company, so no other company's twins. */
        LOCATIONS("/accounts", "name");

        final String path;
        final String renamed;

        Listed(final String path, final String renamed) {
            this.path = path;
            this.renamed = renamed;
        }

        InMemoryStore.Collection store(final OttimateEmulator emulator) {
            return switch (this) {
                case DIMENSIONS -> emulator.store().dimensions();
                case CATALOG_ENTRIES -> emulator.catalogEntries();
                case LOCATIONS -> emulator.locations();
            };
        }

        ObjectNode object(final int company, final String erpId, final String name) {
            final ObjectNode object = JsonNodeFactory.instance.objectNode();
            if (this == LOCATIONS) {
                return object.put("name", name).put("company", "Emulated Restaurants East").put("location_group", "Group " + erpId);
            }
            object.put("ottimate_company_id", company);
            if (this == DIMENSIONS) {
                object.put("erp_dimension_id", erpId).put("erp_type", "DEPARTMENT").put("ottimate_type", "department")
                        .put("reference_id", "ref-" + erpId).put("name", name).put("code", "D" + erpId);
            } else {
                object.put("erp_vendor_id", "SYSCO").put("item_name", "Flour").put("sku", "FL-" + erpId).put("uom", "CS")
                        .put("description", name);
            }
            return object;
        }
    }

    private SnapshotHistory() {
    }

    static void run(final long seed, final Listed listed, final OttimateEmulator emulator, final TestRunner runner, final SimulationFigures figures)
            throws IOException {
        final Random random = SimulatedWrites.beginListing(seed, emulator, runner, figures);
        figures.collision = "an ERP id that a dimension of company 2 has too, and names that repeat";
        final List<String> ids = new ArrayList<>();
        final AtomicInteger serial = new AtomicInteger();
        final int initial = random.nextInt(251);
        for (int i = 0; i < initial; i++) {
            ids.add(create(listed, emulator, random, serial.getAndIncrement()));
        }
        final Map<String, String> lastListed = new HashMap<>();
        final int runs = 3 + random.nextInt(6);
        for (int run = 0; run < runs; run++) {
            for (int changes = random.nextInt(8); changes > 0; changes--) {
                change(listed, emulator, random, ids, serial);
            }
            if (!ids.isEmpty() && initial > PAGE_SIZE && random.nextInt(3) == 0) {
                // one change lands between two page reads of this run
                emulator.faults().next(1 + random.nextInt(2), Fault.delay(Duration.ZERO).on(listed.path))
                        .next(1, Fault.action(() -> change(listed, emulator, random, ids, serial)).on(listed.path));
                figures.fault("an object created, renamed or deleted between two page reads of a run");
            }
            if (random.nextInt(6) == 0) {
                emulator.faults().next(random.nextInt(3), Fault.delay(Duration.ZERO).on(listed.path))
                        .next(4, Fault.status(502).on(listed.path));
                figures.fault("list request failing part-way (502)");
            }
            if (!listRun(seed, listed, emulator, runner, lastListed, figures)) {
                return;
            }
            emulator.faults().clear();
        }
        for (int quiet = 0; ; quiet++) {
            if (quiet == MAX_QUIET_RUNS) {
                figures.lost++;
                figures.violation(seed, "the listing had not caught up after " + MAX_QUIET_RUNS + " quiet runs");
                return;
            }
            final int before = figures.versionsListed;
            if (!listRun(seed, listed, emulator, runner, lastListed, figures)) {
                return;
            }
            if (figures.versionsListed == before) {
                break;
            }
        }
        final Set<String> existing = new HashSet<>();
        for (final ObjectNode object : company1(listed, emulator)) {
            existing.add(object.path("id").asText());
            if (!object.toString().equals(lastListed.get(object.path("id").asText()))) {
                figures.lost++;
                figures.violation(seed, "the latest content of " + object.path("id").asText() + " was never listed");
            }
        }
        lastListed.keySet().stream().filter(id -> !existing.contains(id)).forEach(id -> {
            figures.lost++;
            figures.violation(seed, "the deletion of " + id + ", listed before, was never reported");
        });
    }

    /** One run; false (and a violation) when it listed a version again. */
    private static boolean listRun(final long seed, final Listed listed, final OttimateEmulator emulator, final TestRunner runner, final Map<String, String> lastListed,
                                   final SimulationFigures figures) throws IOException {
        final int pagesBefore = (company1(listed, emulator).size() + PAGE_SIZE - 1) / PAGE_SIZE;
        final int before = emulator.journal().matching("GET", listed.path).size();
        final int errors = runner.getLogger().getErrorMessages().size();
        runner.clearTransferState();
        runner.run();
        if (runner.getLogger().getErrorMessages().stream().skip(errors).anyMatch(m -> m.getMsg().contains("listing_unstable"))) {
            figures.unstableRuns++;
        }
        final int spent = emulator.journal().matching("GET", listed.path).size() - before;
        figures.listingRuns++;
        figures.listingRequests += spent;
        // the pages of the collection, one more if a change during the run added one, and up to four failed reads
        final int bound = Math.max(1, pagesBefore) + 1 + 4;
        if (spent > bound) {
            figures.violation(seed, "a run spent " + spent + " requests, over its bound of " + bound);
        }
        for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS)) {
            final JsonNode object = MAPPER.readTree(flowFile.toByteArray());
            figures.versionsListed++;
            if ("removed".equals(flowFile.getAttribute(ObjectOutput.CHANGE))) {
                final String id = object.path("id").asText();
                if (listed.store(emulator).get(id).isPresent()) {
                    figures.lost++;
                    figures.violation(seed, id + " reported removed, yet it exists");
                } else if (lastListed.remove(id) == null) {
                    figures.duplicated++;
                    figures.violation(seed, id + " reported removed, but it was not listed (or its removal was reported before)");
                }
                continue;
            }
            if (listed != Listed.LOCATIONS && object.path("ottimate_company_id").asInt() != 1) {
                figures.violation(seed, "an object of another company was listed: " + object.path("id").asText());
            }
            final String id = object.path("id").asText();
            if (object.toString().equals(lastListed.put(id, object.toString()))) {
                figures.duplicated++;
                figures.violation(seed, id + " listed again unchanged: " + object);
                return false;
            }
        }
        return true;
    }

    /** A rename (to one of four names, so now and then back to an earlier one), a create or a delete. */
    private static void change(final Listed listed, final OttimateEmulator emulator, final Random random, final List<String> ids,
                               final AtomicInteger serial) {
        final int draw = random.nextInt(10);
        if (draw < 5 && !ids.isEmpty()) {
            final String id = ids.get(random.nextInt(ids.size()));
            final ObjectNode renamed = listed.store(emulator).get(id).orElseThrow().deepCopy();
            renamed.put(listed.renamed, NAMES.get(random.nextInt(NAMES.size())));
            listed.store(emulator).put(id, renamed);
        } else if (draw < 8 || ids.isEmpty()) {
            ids.add(create(listed, emulator, random, serial.getAndIncrement()));
        } else {
            listed.store(emulator).remove(ids.remove(random.nextInt(ids.size())));
        }
    }

    private static String create(final Listed listed, final OttimateEmulator emulator, final Random random, final int n) {
        final String erpId = Integer.toString(100 + n);
        String id = null;
        for (final int company : listed == Listed.LOCATIONS ? List.of(1) : List.of(2, 1)) {
            id = "obj_" + company + "_" + n + "_" + random.nextInt(1_000_000);
            final ObjectNode object = JsonNodeFactory.instance.objectNode().put("id", id);
            object.setAll(listed.object(company, erpId, NAMES.get(random.nextInt(NAMES.size()))));
            listed.store(emulator).put(id, object);
        }
        return id;
    }

    private static List<ObjectNode> company1(final Listed listed, final OttimateEmulator emulator) {
        return listed.store(emulator).all().stream().filter(o -> listed == Listed.LOCATIONS || o.path("ottimate_company_id").asInt() == 1).toList();
    }
}
