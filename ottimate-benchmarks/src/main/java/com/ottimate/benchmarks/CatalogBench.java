package com.ottimate.benchmarks;

import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.CountingRecordSetWriterFactory;
import com.ottimate.nifi.processors.EmulatedConnection;
import com.ottimate.nifi.processors.catalog.BulkUpsertOttimateCatalog;
import org.apache.nifi.csv.CSVReader;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;

/**
 * One price-book load in its own JVM (run with a small -Xmx): {@code CatalogBench <rows> <emulator base URL>}.
 * Prints {@code CATALOG rows=… seconds=… peakHeapMb=… calls=…}.
 */
public final class CatalogBench {
    private CatalogBench() {
    }

    public static void main(final String[] args) throws Exception {
        final int rows = Integer.parseInt(args[0]);
        final TestRunner runner = EmulatedConnection.remote(new BulkUpsertOttimateCatalog(), args[1]).enable().runner();
        final CSVReader reader = new CSVReader();
        runner.addControllerService("reader", reader);
        runner.enableControllerService(reader);
        final CountingRecordSetWriterFactory writer = new CountingRecordSetWriterFactory();
        runner.addControllerService("writer", writer);
        runner.enableControllerService(writer);
        runner.setProperty(BulkUpsertOttimateCatalog.RECORD_READER, "reader");
        runner.setProperty(BulkUpsertOttimateCatalog.RECORD_WRITER, "writer");
        runner.setProperty(BulkUpsertOttimateCatalog.COMPANY_ID, "1");
        final StringBuilder csv = new StringBuilder(rows * 64).append("erp_vendor_id,item_name,sku,uom,size,price,catalog_unique_key\n");
        for (int i = 0; i < rows; i++) {
            csv.append("V-7,Item ").append(i).append(",SKU-").append(i).append(",CS,12x1L,12.50,key-").append(i).append('\n');
        }
        runner.enqueue(csv.toString());
        csv.setLength(0);
        csv.trimToSize();
        Measure.resetHeapPeak();
        final long start = System.nanoTime();
        runner.run();
        while (!runner.getFlowFilesForRelationship(BulkUpsertOttimateCatalog.REL_PENDING).isEmpty()) {
            final MockFlowFile pending = runner.getFlowFilesForRelationship(BulkUpsertOttimateCatalog.REL_PENDING).getFirst();
            runner.clearTransferState();
            Thread.sleep(50);
            runner.enqueue(pending);
            runner.run();
        }
        final double seconds = (System.nanoTime() - start) / 1e9;
        final MockFlowFile original = runner.getFlowFilesForRelationship(BulkUpsertOttimateCatalog.REL_ORIGINAL).getFirst();
        final long succeeded = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).stream()
                .mapToLong(f -> Long.parseLong(f.getAttribute("record.count"))).sum();
        System.out.printf("CATALOG rows=%d seconds=%.2f peakHeapMb=%d calls=%s succeeded=%d%n", rows, seconds, Measure.heapPeakMb(),
                original.getAttribute("ottimate.catalog.batch.count"), succeeded);
    }
}
