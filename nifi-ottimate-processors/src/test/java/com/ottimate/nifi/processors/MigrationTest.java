/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors;

import com.ottimate.nifi.processors.catalog.FetchOttimateCatalog;
import com.ottimate.nifi.processors.fetching.AbstractFetchOttimate;
import com.ottimate.nifi.processors.invoices.PutOttimateInvoice;
import com.ottimate.nifi.processors.invoices.UploadOttimateInvoiceFile;
import com.ottimate.nifi.processors.masterdata.FetchOttimateDimensions;
import com.ottimate.nifi.processors.masterdata.FetchOttimateVendors;
import org.apache.nifi.util.PropertyMigrationResult;
import org.apache.nifi.util.RelationshipMigrationResult;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 0.1.0 flow loaded by this version, under the names it saved (kept as deprecated aliases): what CHANGELOG.md's
 * upgrade table promises is migrated, is.
 */
class MigrationTest {

    @Test
    void aVendorReaderWithAnObjectIdBecomesFetchByIdAndKeepsTheExpression() {
        final TestRunner runner = TestRunners.newTestRunner(new FetchOttimateVendors());
        runner.setValidateExpressionUsage(false);
        runner.setProperty("Object ID", "${erp.vendor.ottimate.id}");
        final PropertyMigrationResult result = runner.migrateProperties();
        assertEquals(Map.of("Object ID", "Vendor ID"), result.getPropertiesRenamed());
        assertEquals("${erp.vendor.ottimate.id}", runner.getProcessContext().getProperty(FetchOttimateVendors.VENDOR_ID).getValue());
        assertEquals(AbstractFetchOttimate.FetchStrategy.BY_ID.getValue(),
                runner.getProcessContext().getProperty(AbstractFetchOttimate.FETCH_STRATEGY).getValue());
    }

    @Test
    void aDimensionReaderThatListedPerFlowFileBecomesFetchByQueryAndLosesItsSourceSettings() {
        final TestRunner runner = TestRunners.newTestRunner(new FetchOttimateDimensions());
        runner.setProperty("Lookback Window", "5 mins");
        final PropertyMigrationResult result = runner.migrateProperties();
        assertEquals(AbstractFetchOttimate.FetchStrategy.BY_QUERY.getValue(),
                runner.getProcessContext().getProperty(AbstractFetchOttimate.FETCH_STRATEGY).getValue());
        assertTrue(result.getPropertiesRemoved().contains("Lookback Window"), result.getPropertiesRemoved().toString());
    }

    @Test
    void aNewFlowLeftAtItsDefaultsIsNotTouched() {
        final TestRunner runner = TestRunners.newTestRunner(new FetchOttimateVendors());
        final PropertyMigrationResult result = runner.migrateProperties();
        assertEquals(Map.of(), result.getPropertiesRenamed());
        assertEquals(Set.of(), result.getPropertiesUpdated());
        assertEquals(Set.of(), result.getPropertiesRemoved());
    }

    @Test
    void theCatalogReadersOldDefaultAttributeBecomesTheNewOne() {
        final TestRunner runner = TestRunners.newTestRunner(new FetchOttimateCatalog());
        runner.setValidateExpressionUsage(false);
        runner.setProperty(FetchOttimateCatalog.RESOURCE, "ENTRY_BY_ID");
        runner.setProperty(FetchOttimateCatalog.ENTRY_ID, "${ottimate.object.id}");
        runner.migrateProperties();
        assertEquals("${ottimate.catalog.entry.id}", runner.getProcessContext().getProperty(FetchOttimateCatalog.ENTRY_ID).getValue());

        final TestRunner own = TestRunners.newTestRunner(new FetchOttimateCatalog());
        own.setValidateExpressionUsage(false);
        own.setProperty(FetchOttimateCatalog.RESOURCE, "ENTRY_BY_ID");
        own.setProperty(FetchOttimateCatalog.ENTRY_ID, "${my.entry}");
        own.migrateProperties();
        assertEquals("${my.entry}", own.getProcessContext().getProperty(FetchOttimateCatalog.ENTRY_ID).getValue(), "a user's own value stays");
    }

    @Test
    void theImportPollIntervalIsRemovedAndTheExtractionLoopIsNowPending() {
        final TestRunner put = TestRunners.newTestRunner(new PutOttimateInvoice());
        put.setProperty("Batch Poll Interval", "10 secs");
        assertTrue(put.migrateProperties().getPropertiesRemoved().contains("Batch Poll Interval"));

        final TestRunner upload = TestRunners.newTestRunner(new UploadOttimateInvoiceFile());
        final RelationshipMigrationResult renamed = upload.migrateRelationships();
        assertEquals(Map.of("extracting", "pending"), renamed.getRenamedRelationships());
    }
}
