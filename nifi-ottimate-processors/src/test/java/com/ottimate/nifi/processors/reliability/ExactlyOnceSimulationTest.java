/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.reliability;

import com.ottimate.emulator.EmulatorProfile;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.EmulatedConnection;
import com.ottimate.nifi.processors.JsonRecordServices;
import com.ottimate.nifi.processors.OttimateAttributes;
import com.ottimate.nifi.processors.catalog.ListOttimateCatalog;
import com.ottimate.nifi.processors.catalog.PutOttimateCatalog;
import com.ottimate.nifi.processors.generic.InvokeOttimateAPI;
import com.ottimate.nifi.processors.invoices.ApproveOttimateInvoice;
import com.ottimate.nifi.processors.invoices.InputStrategy;
import com.ottimate.nifi.processors.invoices.ListingTestAccess;
import com.ottimate.nifi.processors.invoices.MarkOttimateInvoicesExported;
import com.ottimate.nifi.processors.invoices.PutOttimateInvoice;
import com.ottimate.nifi.processors.invoices.RecordStrategy;
import com.ottimate.nifi.processors.invoices.UploadOttimateInvoiceFile;
import com.ottimate.nifi.processors.listing.AbstractIncrementalList;
import com.ottimate.nifi.processors.masterdata.AbstractPutOttimateMasterData;
import com.ottimate.nifi.processors.masterdata.ListOttimateAccountStructure;
import com.ottimate.nifi.processors.masterdata.ListOttimateDimensions;
import com.ottimate.nifi.processors.masterdata.MasterDataTestAccess;
import com.ottimate.nifi.processors.masterdata.PutOttimateDimension;
import com.ottimate.nifi.processors.masterdata.PutOttimateVendor;
import com.ottimate.nifi.processors.procurement.AbstractPutOttimateProcurement;
import com.ottimate.nifi.processors.procurement.PutOttimatePurchaseOrder;
import com.ottimate.nifi.processors.records.OutputStrategy;
import com.ottimate.nifi.processors.resources.ApiFilters;
import com.ottimate.nifi.services.StandardOttimateConnectionService;
import org.apache.nifi.processor.Processor;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seeded simulation of issue 24: histories of invoice creates under faults at every step, with colliding data, and
 * histories of listings under mass changes, checked against what must hold (see InvoiceCreateHistory, ListingHistory).
 * Deterministic: history {@code n} is seed {@code simulation.seed + n}. A failure prints each failing seed and the one
 * command that replays it; the figures go to {@code target/simulation-figures.md} (docs/reliability.md shows them).
 */
class ExactlyOnceSimulationTest {
    private static final long SEED = Long.getLong("simulation.seed", 20_261_207L);
    private static final int CREATE_HISTORIES = Integer.getInteger("simulation.histories", 600);
    private static final int LISTING_HISTORIES = Integer.getInteger("simulation.listing.histories", CREATE_HISTORIES / 4);
    private static final int MASTER_DATA_HISTORIES = Integer.getInteger("simulation.masterdata.histories", CREATE_HISTORIES / 4);
    private static final int UPLOAD_HISTORIES = Integer.getInteger("simulation.upload.histories", CREATE_HISTORIES / 4);
    private static final int PO_HISTORIES = Integer.getInteger("simulation.po.histories", CREATE_HISTORIES / 6);
    private static final int BULK_HISTORIES = Integer.getInteger("simulation.bulk.histories", CREATE_HISTORIES / 6);
    private static final int UPDATE_HISTORIES = Integer.getInteger("simulation.update.histories", CREATE_HISTORIES / 6);
    private static final int MARK_HISTORIES = Integer.getInteger("simulation.mark.histories", CREATE_HISTORIES / 6);
    private static final int CATALOG_HISTORIES = Integer.getInteger("simulation.catalog.histories", CREATE_HISTORIES / 6);
    private static final int APPROVER_HISTORIES = Integer.getInteger("simulation.approver.histories", CREATE_HISTORIES / 6);
    private static final int SNAPSHOT_HISTORIES = Integer.getInteger("simulation.snapshot.histories", CREATE_HISTORIES / 6);
    private static final int INVOKE_HISTORIES = Integer.getInteger("simulation.invoke.histories", CREATE_HISTORIES / 6);
    private static final int IMPORT_HISTORIES = Integer.getInteger("simulation.import.histories", CREATE_HISTORIES / 6);

    /** Makes what a history runs on one emulator: its runner (or runners). */
    @FunctionalInterface
    private interface Setup<R> {
        R on(OttimateEmulator emulator) throws Exception;
    }

    /** One write history: seed, the emulator it runs against, whether that one ignores Idempotency-Key, its runners. */
    @FunctionalInterface
    private interface WriteHistory<R> {
        void run(long seed, OttimateEmulator emulator, boolean keysIgnored, R runners, SimulationFigures figures) throws Exception;
    }

    /**
     * Runs {@code histories} write histories, odd seeds against an API that ignores Idempotency-Key and even ones against
     * one that honours it, then reports them; answers their figures.
     */
    private static <R> SimulationFigures onBothApis(final String title, final String method, final String countProperty, final int histories,
                                                    final SimulationFigures figures, final Setup<R> setup, final WriteHistory<R> history)
            throws Exception {
        return onBothApis(title, method, countProperty, histories, figures, Set.of(), setup, history);
    }

    /** As above, on an API that also behaves as {@code profiles} say. */
    private static <R> SimulationFigures onBothApis(final String title, final String method, final String countProperty, final int histories,
                                                    final SimulationFigures figures, final Set<EmulatorProfile> profiles, final Setup<R> setup,
                                                    final WriteHistory<R> history) throws Exception {
        final long started = System.nanoTime();
        final Set<EmulatorProfile> ignoring = EnumSet.of(EmulatorProfile.IGNORES_IDEMPOTENCY_KEY);
        ignoring.addAll(profiles);
        try (OttimateEmulator honoured = UnrecordedEmulator.start(profiles);
             OttimateEmulator ignored = UnrecordedEmulator.start(ignoring)) {
            final R onHonoured = setup.on(honoured);
            final R onIgnored = setup.on(ignored);
            for (int n = 0; n < histories; n++) {
                final long seed = SEED + n;
                final boolean keysIgnored = seed % 2 == 1;
                history.run(seed, keysIgnored ? ignored : honoured, keysIgnored, keysIgnored ? onIgnored : onHonoured, figures);
            }
        }
        report(title, figures, started, method, countProperty);
        return figures;
    }

    @Test
    void invoiceCreatesUnderFaultsAndCollidingDataExistExactlyOnceOrGoToAPerson() throws Exception {
        final SimulationFigures figures = onBothApis("Invoice creates (PutOttimateInvoice)", "invoiceCreates*", "simulation.histories",
                CREATE_HISTORIES, new SimulationFigures(), ExactlyOnceSimulationTest::createRunner, InvoiceCreateHistory::run);
        assertTrue(figures.collidingWrites * 100 >= figures.writes * 30, "at least 30 % of the writes collide: " + figures.collidingWrites);
    }

    @Test
    void vendorAndDimensionRecordsCreatedOneByOneExistExactlyOnceOrGoToAPerson() throws Exception {
        final int[] history = {0};
        onBothApis("Vendor and dimension records one by one (PutOttimateVendor, PutOttimateDimension)", "vendorAndDimension*",
                "simulation.masterdata.histories", MASTER_DATA_HISTORIES, new SimulationFigures(),
                emulator -> Map.of(MasterDataCreateHistory.Kind.VENDORS, masterDataRunner(emulator, new PutOttimateVendor()),
                        MasterDataCreateHistory.Kind.DIMENSIONS, masterDataRunner(emulator, new PutOttimateDimension())),
                (seed, emulator, keysIgnored, runners, figures) -> {
                    // histories alternate in pairs, so that each kind meets both APIs
                    final MasterDataCreateHistory.Kind kind = (history[0]++ / 2) % 2 == 0
                            ? MasterDataCreateHistory.Kind.VENDORS : MasterDataCreateHistory.Kind.DIMENSIONS;
                    MasterDataCreateHistory.run(seed, kind, emulator, keysIgnored, runners.get(kind), figures);
                });
    }

    @Test
    void vendorAndDimensionBulkUpsertsFollowedOnPendingSettleEveryRecordOnce() throws Exception {
        final int[] history = {0};
        onBothApis("Vendor and dimension Bulk Upserts, batches followed on pending (PutOttimateVendor, PutOttimateDimension)", "bulkUpserts*",
                "simulation.bulk.histories", BULK_HISTORIES, new SimulationFigures(), Set.of(EmulatorProfile.ASYNC_MASTER_DATA_BULK),
                emulator -> Map.of(MasterDataCreateHistory.Kind.VENDORS, bulkRunner(emulator, new PutOttimateVendor()),
                        MasterDataCreateHistory.Kind.DIMENSIONS, bulkRunner(emulator, new PutOttimateDimension())),
                (seed, emulator, keysIgnored, runners, figures) -> {
                    final MasterDataCreateHistory.Kind kind = (history[0]++ / 2) % 2 == 0
                            ? MasterDataCreateHistory.Kind.VENDORS : MasterDataCreateHistory.Kind.DIMENSIONS;
                    MasterDataCreateHistory.run(seed, kind, true, emulator, keysIgnored, runners.get(kind), figures);
                });
    }

    @Test
    void purchaseOrdersPostedWithADuplicateCheckExistExactlyOnce() throws Exception {
        onBothApis("Purchase orders (InvokeOttimateAPI, POST with Duplicate Check Path)", "purchaseOrders*", "simulation.po.histories",
                PO_HISTORIES, new SimulationFigures(), ExactlyOnceSimulationTest::invokeRunner, PurchaseOrderPostHistory::run);
    }

    @Test
    void purchaseOrderRecordsUpsertedByExternalIdExistExactlyOnceWithTheLinesSent() throws Exception {
        final int[] history = {0};
        onBothApis("Purchase order records, bulk and one by one (PutOttimatePurchaseOrder)", "purchaseOrderRecords*", "simulation.po.histories",
                PO_HISTORIES, new SimulationFigures(),
                emulator -> Map.of(true, procurementRunner(bulkRunner(emulator, new PutOttimatePurchaseOrder())), false,
                        procurementRunner(masterDataRunner(emulator, new PutOttimatePurchaseOrder()))),
                (seed, emulator, keysIgnored, runners, figures) -> {
                    // histories alternate in pairs, so that each operation meets both APIs
                    final boolean bulk = (history[0]++ / 2) % 2 == 0;
                    ProcurementWriteHistory.run(seed, bulk, emulator, keysIgnored, runners.get(bulk), figures);
                });
    }

    @Test
    void uploadsAllCalledInvoicePdfExistExactlyOnceOrGoToAPerson() throws Exception {
        final SimulationFigures figures = new SimulationFigures();
        figures.collision = "the name invoice.pdf, like every other attachment, and the same bytes as another in half";
        onBothApis("Uploads (UploadOttimateInvoiceFile)", "uploads*", "simulation.upload.histories", UPLOAD_HISTORIES, figures,
                ExactlyOnceSimulationTest::uploadRunner, UploadHistory::run);
    }

    @Test
    void invoiceUpdatesThatAddLinesAddThemExactlyOnceOrGoToAPerson() throws Exception {
        onBothApis("Invoice updates adding lines (PutOttimateInvoice with an Invoice ID, on an API that adds id-less lines on every PATCH)",
                "invoiceUpdates*", "simulation.update.histories", UPDATE_HISTORIES, new SimulationFigures(),
                Set.of(EmulatorProfile.PATCH_CONFLICTS), ExactlyOnceSimulationTest::updateRunner, InvoiceUpdateHistory::run);
    }

    @Test
    void invoicesMarkedExportedInBatchesAreAllMarkedAndNeverTwiceWhereKeysHold() throws Exception {
        onBothApis("Marks (MarkOttimateInvoicesExported, batches of 50)", "invoicesMarked*", "simulation.mark.histories", MARK_HISTORIES,
                new SimulationFigures(), ExactlyOnceSimulationTest::markRunner, MarkExportedHistory::run);
    }

    @Test
    void catalogEntriesCreatedOneByOneExistExactlyOnceOrGoToAPerson() throws Exception {
        onBothApis("Catalog entries one by one (PutOttimateCatalog, Create One by One, on an API where each create inserts)",
                "catalogEntries*", "simulation.catalog.histories", CATALOG_HISTORIES, new SimulationFigures(),
                Set.of(EmulatorProfile.CATALOG_CREATES_INSERT), ExactlyOnceSimulationTest::catalogRunner, CatalogCreateHistory::run);
    }

    @Test
    void approversAddedToInvoicesAreOnThemExactlyOnceOrGoToAPerson() throws Exception {
        onBothApis("Approvers (ApproveOttimateInvoice, Add Approver)", "approvers*", "simulation.approver.histories", APPROVER_HISTORIES,
                new SimulationFigures(), ExactlyOnceSimulationTest::approverRunner, ApproverAddHistory::run);
    }

    @Test
    void invokedPatchesAndDeletesHoldOnceOrGoToAPerson() throws Exception {
        final int[] history = {0};
        onBothApis("InvokeOttimateAPI PATCH (set a field, add a line) and DELETE (an approval)", "invokedPatches*", "simulation.invoke.histories",
                INVOKE_HISTORIES, new SimulationFigures(), emulator -> {
                    final Map<InvokeWriteHistory.Kind, TestRunner> runners = new EnumMap<>(InvokeWriteHistory.Kind.class);
                    for (final InvokeWriteHistory.Kind kind : InvokeWriteHistory.Kind.values()) {
                        final TestRunner runner = createRunner(emulator, new InvokeOttimateAPI());
                        final boolean delete = kind == InvokeWriteHistory.Kind.DELETE_APPROVAL;
                        runner.setProperty(InvokeOttimateAPI.METHOD, delete ? "DELETE" : "PATCH");
                        runner.setProperty(InvokeOttimateAPI.PATH, "invoices/${" + InvokeWriteHistory.INVOICE + "}" + (delete ? "/approvers" : ""));
                        if (delete) {
                            runner.setProperty("approval_id", "${" + InvokeWriteHistory.APPROVAL + "}");
                        }
                        runners.put(kind, runner);
                    }
                    return runners;
                }, (seed, emulator, keysIgnored, runners, figures) -> {
                    final InvokeWriteHistory.Kind kind = InvokeWriteHistory.Kind.values()[(history[0]++ / 2) % InvokeWriteHistory.Kind.values().length];
                    InvokeWriteHistory.run(seed, kind, emulator, keysIgnored, runners.get(kind), figures);
                });
    }

    @Test
    void invoiceImportsFollowedOnPendingExistExactlyOnceOrGoToAPerson() throws Exception {
        onBothApis("Invoice imports (PutOttimateInvoice, Import in Batches of 2, followed on pending)", "invoiceImports*",
                "simulation.import.histories", IMPORT_HISTORIES, new SimulationFigures(), ExactlyOnceSimulationTest::importRunner, ImportHistory::run);
    }

    @Test
    void listingsUnderMassChangesListEveryVersionOnceWithinTheirBudget() throws Exception {
        final long started = System.nanoTime();
        final SimulationFigures figures = new SimulationFigures();
        try (OttimateEmulator emulator = UnrecordedEmulator.start(Set.of())) {
            final TestRunner invoices = EmulatedConnection.of(ListingTestAccess.invoices(emulator.clock()), emulator).enable().runner();
            final TestRunner vendors = EmulatedConnection.of(MasterDataTestAccess.vendorListing(emulator.clock()), emulator).enable().runner();
            vendors.setProperty(ApiFilters.COMPANY_ID_REQUIRED.onSource().descriptor(), "1");
            for (final TestRunner runner : List.of(invoices, vendors)) {
                runner.setProperty(OutputStrategy.PROPERTY, OutputStrategy.ONE_PER_OBJECT.getValue());
                runner.setProperty(AbstractIncrementalList.LOOKBACK, "0 sec");
            }
            for (int n = 0; n < LISTING_HISTORIES; n++) {
                // every third history lists the vendors of one company
                final boolean ofVendors = n % 3 == 2;
                ListingHistory.run(SEED + n, ofVendors ? ListingHistory.Listed.VENDORS : ListingHistory.Listed.INVOICES, emulator,
                        ofVendors ? vendors : invoices, figures);
            }
        }
        report("Listings (ListOttimateInvoices; every third history ListOttimateVendors)", figures, started, "listings*",
                "simulation.listing.histories");
    }

    @Test
    void snapshotListingsUnderChangesAndShiftingPagesListEveryVersionOnce() throws Exception {
        final long started = System.nanoTime();
        final SimulationFigures figures = new SimulationFigures();
        try (OttimateEmulator oldestFirst = UnrecordedEmulator.start(Set.of());
             OttimateEmulator newestFirst = UnrecordedEmulator.start(Set.of(EmulatorProfile.NEWEST_FIRST))) {
            final Map<SnapshotHistory.Listed, TestRunner> onOldestFirst = snapshotListings(oldestFirst);
            final Map<SnapshotHistory.Listed, TestRunner> onNewestFirst = snapshotListings(newestFirst);
            for (int n = 0; n < SNAPSHOT_HISTORIES; n++) {
                // odd histories on an API that lists newest first: a create shifts every later page; pairs of histories take
                // dimensions, catalog entries and the account's locations in turn
                final boolean newest = n % 2 == 1;
                final SnapshotHistory.Listed listed = SnapshotHistory.Listed.values()[(n / 2) % SnapshotHistory.Listed.values().length];
                SnapshotHistory.run(SEED + n, listed, newest ? newestFirst : oldestFirst, (newest ? onNewestFirst : onOldestFirst).get(listed), figures);
            }
        }
        report("Snapshot listings (ListOttimateDimensions, ListOttimateCatalog entries, ListOttimateAccountStructure locations in turn; "
                + "Changed Objects; odd histories on an API listing newest first)", figures, started, "snapshotListings*", "simulation.snapshot.histories");
    }

    private static Map<SnapshotHistory.Listed, TestRunner> snapshotListings(final OttimateEmulator emulator) throws Exception {
        final TestRunner dimensions = EmulatedConnection.of(new ListOttimateDimensions(), emulator).enable().runner();
        dimensions.setProperty(ApiFilters.COMPANY_ID.onSource().descriptor(), "1");
        final TestRunner catalog = EmulatedConnection.of(new ListOttimateCatalog(), emulator).enable().runner();
        catalog.setProperty("Company ID", "1");
        for (final TestRunner runner : List.of(dimensions, catalog)) {
            runner.setProperty(OutputStrategy.PROPERTY, OutputStrategy.ONE_PER_OBJECT.getValue());
        }
        final TestRunner locations = EmulatedConnection.of(new ListOttimateAccountStructure(), emulator)
                .enable().runner();
        locations.setProperty("Account ID", "racc_90832490382904802384");
        locations.setProperty(OutputStrategy.PROPERTY, OutputStrategy.ONE_PER_OBJECT.getValue());
        return Map.of(SnapshotHistory.Listed.DIMENSIONS, dimensions, SnapshotHistory.Listed.CATALOG_ENTRIES, catalog,
                SnapshotHistory.Listed.LOCATIONS, locations);
    }

    private static TestRunner createRunner(final OttimateEmulator emulator) throws Exception {
        final TestRunner runner = createRunner(emulator, new PutOttimateInvoice());
        runner.setProperty(PutOttimateInvoice.SINGLE_IDEMPOTENCY_KEY, "${" + InvoiceCreateHistory.KEY + "}");
        return runner;
    }

    private static TestRunner createRunner(final OttimateEmulator emulator, final Processor processor) throws Exception {
        final EmulatedConnection connection = EmulatedConnection.withClock(processor, emulator, emulator.clock());
        connection.runner().setProperty(connection.service(), StandardOttimateConnectionService.REQUEST_TIMEOUT,
                InvoiceCreateHistory.REQUEST_TIMEOUT.toSeconds() + " sec");
        connection.runner().setProperty(connection.service(), StandardOttimateConnectionService.UNANSWERED_SETTLE,
                InvoiceCreateHistory.SETTLE.toSeconds() + " sec");
        return connection.enable().runner();
    }

    private static TestRunner invokeRunner(final OttimateEmulator emulator) throws Exception {
        final TestRunner runner = createRunner(emulator, new InvokeOttimateAPI());
        runner.setProperty(InvokeOttimateAPI.METHOD, "POST");
        runner.setProperty(InvokeOttimateAPI.PATH, "purchase-orders");
        runner.setProperty(InvokeOttimateAPI.POST_IDEMPOTENCY_KEY, "${" + InvoiceCreateHistory.KEY + "}");
        runner.setProperty(InvokeOttimateAPI.DUPLICATE_CHECK, "purchase-orders?external_id=${" + PurchaseOrderPostHistory.EXTERNAL_ID + "}");
        return runner;
    }

    private static TestRunner uploadRunner(final OttimateEmulator emulator) throws Exception {
        final TestRunner runner = createRunner(emulator, new UploadOttimateInvoiceFile());
        runner.setProperty(UploadOttimateInvoiceFile.LOCATION_ID, "10");
        runner.setProperty(UploadOttimateInvoiceFile.WAIT_FOR_EXTRACTION, "false");
        runner.setProperty(UploadOttimateInvoiceFile.UPLOAD_IDEMPOTENCY_KEY, "${" + InvoiceCreateHistory.KEY + "}");
        return runner;
    }

    private static TestRunner procurementRunner(final TestRunner runner) {
        runner.setProperty(AbstractPutOttimateProcurement.LOCATION_ID, "10");
        return runner;
    }

    private static TestRunner bulkRunner(final OttimateEmulator emulator, final Processor processor) throws Exception {
        final TestRunner runner = masterDataRunner(emulator, processor);
        runner.setProperty(AbstractPutOttimateMasterData.OPERATION, AbstractPutOttimateMasterData.Operation.BULK_UPSERT.getValue());
        runner.setProperty(AbstractPutOttimateMasterData.BATCH_SIZE, "2");
        return runner;
    }

    private static TestRunner updateRunner(final OttimateEmulator emulator) throws Exception {
        final TestRunner runner = createRunner(emulator, new PutOttimateInvoice());
        runner.setProperty(PutOttimateInvoice.SINGLE_INVOICE_ID, "${" + OttimateAttributes.INVOICE_ID + "}");
        return runner;
    }

    private static TestRunner importRunner(final OttimateEmulator emulator) throws Exception {
        final TestRunner runner = createRunner(emulator, new PutOttimateInvoice());
        runner.setProperty(PutOttimateInvoice.INPUT_STRATEGY, InputStrategy.RECORDS.getValue());
        JsonRecordServices.addTo(runner, PutOttimateInvoice.RECORD_READER, PutOttimateInvoice.RECORD_WRITER);
        runner.setProperty(PutOttimateInvoice.RECORD_STRATEGY, RecordStrategy.IMPORT.getValue());
        runner.setProperty(PutOttimateInvoice.BATCH_SIZE, "2");
        return runner;
    }

    private static TestRunner markRunner(final OttimateEmulator emulator) throws Exception {
        final TestRunner runner = createRunner(emulator, new MarkOttimateInvoicesExported());
        runner.setProperty(MarkOttimateInvoicesExported.BATCH_SIZE, "50");
        runner.setProperty(AbstractOttimateProcessor.IDEMPOTENCY_KEY, "${" + InvoiceCreateHistory.KEY + "}");
        return runner;
    }

    private static TestRunner catalogRunner(final OttimateEmulator emulator) throws Exception {
        final TestRunner runner = createRunner(emulator, new PutOttimateCatalog());
        JsonRecordServices.addTo(runner, PutOttimateCatalog.RECORD_READER, PutOttimateCatalog.RECORD_WRITER);
        runner.setProperty(PutOttimateCatalog.COMPANY_ID, "1");
        runner.setProperty(PutOttimateCatalog.OPERATION, PutOttimateCatalog.Operation.CREATE.getValue());
        return runner;
    }

    private static TestRunner approverRunner(final OttimateEmulator emulator) throws Exception {
        final TestRunner runner = createRunner(emulator, new ApproveOttimateInvoice());
        runner.setProperty(ApproveOttimateInvoice.OPERATION, ApproveOttimateInvoice.Operation.ADD_APPROVER.getValue());
        runner.setProperty(ApproveOttimateInvoice.APPROVER_EMAIL, "${" + ApproverAddHistory.APPROVER + "}");
        return runner;
    }

    private static TestRunner masterDataRunner(final OttimateEmulator emulator, final Processor processor) throws Exception {
        final TestRunner runner = createRunner(emulator, processor);
        JsonRecordServices.addTo(runner, AbstractPutOttimateMasterData.RECORD_READER, AbstractPutOttimateMasterData.RECORD_WRITER);
        runner.setProperty(AbstractPutOttimateMasterData.COMPANY_ID, "1");
        runner.setProperty(AbstractPutOttimateMasterData.OPERATION, AbstractPutOttimateMasterData.Operation.CREATE.getValue());
        return runner;
    }

    private static void report(final String title, final SimulationFigures figures, final long started, final String method,
                               final String countProperty) throws IOException {
        final String table = figures.render(title, SEED, (System.nanoTime() - started) / 1_000_000);
        System.out.println(table);
        final Path out = Path.of("target", "simulation-figures.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        if (!figures.violations.isEmpty()) {
            final String first = figures.violations.getFirst();
            final String seed = first.substring("seed ".length(), first.indexOf(':'));
            throw new AssertionError(figures.violations.size() + " violation(s):\n  " + String.join("\n  ", figures.violations.stream().limit(20).toList())
                    + "\nReplay the first: ./mvnw -B -ntp -pl nifi-ottimate-processors -am test -Dsurefire.failIfNoSpecifiedTests=false "
                    + "'-Dtest=ExactlyOnceSimulationTest#" + method + "' -Dsimulation.seed=" + seed + " -D" + countProperty + "=1");
        }
    }
}
