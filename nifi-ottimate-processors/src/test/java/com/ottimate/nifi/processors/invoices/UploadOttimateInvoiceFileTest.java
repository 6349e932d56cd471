/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.invoices;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.emulator.ApiRequest;
import com.ottimate.emulator.Fault;
import com.ottimate.emulator.Multipart;
import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.EmulatedConnection;
import com.ottimate.nifi.processors.ManualClock;
import com.ottimate.nifi.processors.OttimateAttributes;
import com.ottimate.nifi.services.StandardOttimateConnectionService;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** UploadOttimateInvoiceFile over real HTTP: multipart, extraction follow-up, the single-use key strategy. */
class UploadOttimateInvoiceFileTest {
    private static final byte[] PDF = "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n".getBytes();
    private OttimateEmulator emulator;
    private TestRunner runner;

    @BeforeEach
    void setUp() throws Exception {
        emulator = OttimateEmulator.start();
        runner = EmulatedConnection.of(new UploadOttimateInvoiceFile(), emulator).enable().runner();
        runner.setProperty(UploadOttimateInvoiceFile.LOCATION_ID, "${location}");
        runner.setProperty(UploadOttimateInvoiceFile.METADATA, "{\"source\": \"${source}\"}");
    }

    @AfterEach
    void tearDown() {
        emulator.close();
    }

    private MockFlowFile enqueuePdf(final String name) {
        return runner.enqueue(PDF, Map.of("filename", name, "location", "10", "source", "ap-mailbox"));
    }

    /** Takes what went to {@code relationship} and queues it again, as a loop-back connection would. */
    private MockFlowFile loopBack(final Relationship relationship) {
        final MockFlowFile out = runner.getFlowFilesForRelationship(relationship).getFirst();
        runner.clearTransferState();
        runner.enqueue(out);
        return out;
    }

    private List<ApiRequest> uploads() {
        return emulator.journal().matching("POST", "/invoices/upload");
    }

    @Test
    void uploadsAsMultipartThenFollowsExtractionWithoutHoldingAThread() throws Exception {
        final MockFlowFile in = enqueuePdf("inv-7.pdf");
        runner.run();

        runner.assertAllFlowFilesTransferred(UploadOttimateInvoiceFile.REL_PENDING, 1);
        final MockFlowFile extracting = runner.getFlowFilesForRelationship(UploadOttimateInvoiceFile.REL_PENDING).getFirst();
        assertTrue(extracting.isPenalized(), "waiting is NiFi's penalty, not a sleeping thread");
        final String reference = extracting.getAttribute(UploadOttimateInvoiceFile.REFERENCE_ID);
        extracting.assertAttributeEquals(UploadOttimateInvoiceFile.UPLOAD_STATUS, "processing");
        extracting.assertAttributeEquals(UploadOttimateInvoiceFile.ATTEMPT, "1");

        final ApiRequest sent = uploads().getFirst();
        assertEquals(in.getAttribute("uuid") + "-u1", sent.header("idempotency-key").orElseThrow());
        assertTrue(sent.header("content-type").orElseThrow().startsWith("multipart/form-data; boundary="));
        final Multipart multipart = sent.multipart();
        // the name carries a tag of the flowfile's key: the proof of which upload is this one, should its answer be lost
        final String tagged = UploadLookup.tagged("inv-7.pdf", in.getAttribute("uuid"));
        assertTrue(tagged.matches("inv-7-nf[0-9a-f]{12}\\.pdf"), tagged);
        assertEquals(Map.of("ottimate_location_id", "10", "filename", tagged, "metadata", "{\"source\": \"ap-mailbox\"}"), multipart.fields());
        assertEquals("application/pdf", multipart.file().contentType());
        assertEquals(PDF.length, multipart.file().size());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(PDF)), multipart.file().sha256());
        final ObjectNode stored = emulator.uploads().getFirst();
        assertEquals(reference, stored.get("id").asText());

        // two polls see it processing, the third finds it gone from the list: extraction finished
        for (int poll = 1; poll <= 2; poll++) {
            loopBack(UploadOttimateInvoiceFile.REL_PENDING);
            runner.run();
            runner.assertAllFlowFilesTransferred(UploadOttimateInvoiceFile.REL_PENDING, 1);
        }
        loopBack(UploadOttimateInvoiceFile.REL_PENDING);
        runner.run();
        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_SUCCESS, 1);
        final MockFlowFile done = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst();
        done.assertAttributeEquals(UploadOttimateInvoiceFile.UPLOAD_STATUS, "extracted");
        done.assertContentEquals(PDF);
        assertEquals(1, uploads().size());
        assertEquals(3, emulator.journal().matching("GET", "/invoices/uploads").size());
        assertEquals("ottimate_location_id=10", emulator.journal().matching("GET", "/invoices/uploads").getFirst().rawQuery());
        assertEquals(1, emulator.store().invoices().size(), "extraction produced the invoice");
    }

    @Test
    void refusesFilesTheApiWouldRefuseBeforeSendingThem() {
        runner.enqueue(new byte[(int) InvoiceFile.MAX_BYTES + 1024 * 1024], Map.of("filename", "big.pdf", "location", "10", "source", "x"));
        runner.enqueue(PDF, Map.of("filename", "invoice.docx", "location", "10", "source", "x"));
        runner.enqueue(new byte[0], Map.of("filename", "empty.pdf", "location", "10", "source", "x"));
        runner.enqueue(PDF, Map.of("filename", "a.pdf", "location", "ten", "source", "x"));
        runner.run(4);

        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_FAILURE, 4);
        final List<String> codes = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_FAILURE).stream()
                .map(f -> f.getAttribute(OttimateAttributes.ERROR_CODE)).toList();
        assertEquals(List.of("file_too_large", "unsupported_file_type", "empty_file", "invalid_location_id"), codes);
        assertTrue(runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_FAILURE).getFirst()
                .getAttribute(OttimateAttributes.ERROR_MESSAGE).contains("at most 25 MB"));
        assertTrue(emulator.journal().all().isEmpty(), "nothing was sent, not even a token request");
    }

    @Test
    void anAmbiguousFailureIsReconciledInsteadOfUploadingTwice() {
        // the upload is stored but the answer is cut off: the API is done with it, so it is looked for at once
        emulator.faults().next(1, Fault.truncate().on("/invoices/upload"));
        enqueuePdf("cut-off.pdf");
        runner.run();

        runner.assertAllFlowFilesTransferred(UploadOttimateInvoiceFile.REL_PENDING, 1);
        final MockFlowFile out = runner.getFlowFilesForRelationship(UploadOttimateInvoiceFile.REL_PENDING).getFirst();
        out.assertAttributeEquals(UploadOttimateInvoiceFile.RECONCILED, "true");
        assertEquals(emulator.uploads().getFirst().get("id").asText(), out.getAttribute(UploadOttimateInvoiceFile.REFERENCE_ID));
        assertEquals(1, uploads().size(), "the single-use key was not sent twice");
        assertEquals(1, emulator.uploads().size());
    }

    @Test
    void aLostAnswerIsNeverReconciledToAnotherUploadOfTheSameName() {
        // two attachments called invoice.pdf: A's upload is processing; B's upload is refused before it is stored, its answer cut off
        runner.setProperty(UploadOttimateInvoiceFile.WAIT_FOR_EXTRACTION, "false");
        emulator.setPollsToExtract(Integer.MAX_VALUE);
        enqueuePdf("invoice.pdf");
        runner.run();
        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_SUCCESS, 1);
        final String uploadOfA = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst()
                .getAttribute(UploadOttimateInvoiceFile.REFERENCE_ID);
        runner.clearTransferState();
        emulator.faults().next(1, Fault.status(503).on("/invoices/upload"));
        final MockFlowFile b = enqueuePdf("invoice.pdf");
        runner.run();
        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_RETRY, 1);
        loopBack(AbstractOttimateProcessor.REL_RETRY);
        runner.run();
        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_SUCCESS, 1);
        final MockFlowFile done = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst();
        done.assertAttributeEquals(UploadOttimateInvoiceFile.RECONCILED, "false");
        assertEquals(2, emulator.uploads().size(), "B is uploaded: A's upload was not taken for it");
        assertEquals(List.of(b.getAttribute("uuid") + "-u1", b.getAttribute("uuid") + "-u2"), uploads().subList(1, 3).stream()
                .map(r -> r.header("idempotency-key").orElseThrow()).toList());
        assertNotEquals(uploadOfA, done.getAttribute(UploadOttimateInvoiceFile.REFERENCE_ID));
    }

    @Test
    void anUploadTheNetworkDeliveredTwiceIsFoundNotFailed() throws Exception {
        // the first delivery is stored; the second meets the spent single-use key (422 idempotency_key_reused)
        final EmulatedConnection connection = EmulatedConnection.withClock(new UploadOttimateInvoiceFile(), emulator, emulator.clock());
        runner = connection.enable().runner();
        runner.setProperty(UploadOttimateInvoiceFile.LOCATION_ID, "10");
        runner.setProperty(UploadOttimateInvoiceFile.WAIT_FOR_EXTRACTION, "false");
        emulator.setPollsToExtract(Integer.MAX_VALUE);
        emulator.faults().next(1, Fault.deliveredTwice().on("/invoices/upload"));
        enqueuePdf("invoice.pdf");
        runner.run();
        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_RETRY, 1);
        runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_RETRY).getFirst().assertAttributeEquals(OttimateAttributes.ERROR_CODE, "unanswered_write");
        emulator.clock().advance(Duration.ofSeconds(31));
        loopBack(AbstractOttimateProcessor.REL_RETRY);
        runner.run();
        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_SUCCESS, 1);
        runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst().assertAttributeEquals(UploadOttimateInvoiceFile.RECONCILED, "true");
        assertEquals(1, emulator.uploads().size(), "uploaded once");
        assertEquals(1, uploads().size(), "not sent again");
    }

    @Test
    void withoutUniqueNamesALostAnswerGoesToAPerson() {
        runner.setProperty(UploadOttimateInvoiceFile.UNIQUE_FILE_NAME, "false");
        emulator.faults().next(1, Fault.truncate().on("/invoices/upload"));
        enqueuePdf("invoice.pdf");
        runner.run();
        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_FAILURE, 1);
        final MockFlowFile failed = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_FAILURE).getFirst();
        failed.assertAttributeEquals(OttimateAttributes.ERROR_CODE, "unconfirmed_write");
        assertEquals("invoice.pdf", uploads().getFirst().multipart().fields().get("filename"));
        assertEquals(1, uploads().size(), "never uploaded again on a guess");
    }

    @Test
    void anUnansweredUploadThatWasAlreadyExtractedIsFoundAsItsInvoiceNotUploadedAgain() throws Exception {
        // the API stores the upload after the client gave up, and extracts it at once: it has left the processing list
        emulator.setPollsToExtract(0);
        emulator.faults().next(1, Fault.delay(Duration.ofMillis(1500)).on("/invoices/upload"));
        final EmulatedConnection connection = EmulatedConnection.withClock(new UploadOttimateInvoiceFile(), emulator, emulator.clock());
        runner = connection.runner();
        runner.setProperty(connection.service(), StandardOttimateConnectionService.REQUEST_TIMEOUT, "1 sec");
        connection.enable();
        runner.setProperty(UploadOttimateInvoiceFile.LOCATION_ID, "10");
        runner.enqueue(PDF, Map.of("filename", "fast extract.pdf"));
        runner.run();
        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_RETRY, 1);

        // back before the settle time: nothing is sent or read
        loopBack(AbstractOttimateProcessor.REL_RETRY);
        final int requests = emulator.journal().all().size();
        runner.run();
        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_RETRY, 1);
        assertEquals(requests, emulator.journal().all().size());

        awaitStoredUploads(1);
        emulator.clock().advance(Duration.ofSeconds(31));
        loopBack(AbstractOttimateProcessor.REL_RETRY);
        runner.run();
        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_SUCCESS, 1);
        final MockFlowFile done = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst();
        done.assertAttributeEquals(UploadOttimateInvoiceFile.UPLOAD_STATUS, "extracted");
        done.assertAttributeEquals(UploadOttimateInvoiceFile.RECONCILED, "true");
        assertEquals(emulator.store().invoices().all().getFirst().get("id").asText(), done.getAttribute(OttimateAttributes.INVOICE_ID));
        // found by the simulation: the success kept the error of the pass that had sent it to retry
        done.assertAttributeNotExists(OttimateAttributes.ERROR_CODE);
        done.assertAttributeNotExists(OttimateAttributes.UNANSWERED_SETTLED);
        assertEquals(1, uploads().size(), "uploaded once");
        assertEquals(1, emulator.store().invoices().size(), "one invoice");
    }

    /** Waits until the emulator has applied a late upload (it runs in real time); its next poll of the list extracts it. */
    private void awaitStoredUploads(final int count) throws InterruptedException {
        final long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (emulator.uploads().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(count, emulator.uploads().size());
    }

    @Test
    void anUploadThatNeverArrivedIsRetriedWithANewKey() throws Exception {
        final EmulatedConnection connection = EmulatedConnection.withClock(new UploadOttimateInvoiceFile(), emulator, emulator.clock());
        runner = connection.enable().runner();
        runner.setProperty(UploadOttimateInvoiceFile.LOCATION_ID, "${location}");
        emulator.faults().next(1, Fault.drop().on("/invoices/upload"));
        final MockFlowFile in = enqueuePdf("dropped.pdf");
        runner.run();
        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_RETRY, 1);
        final MockFlowFile retry = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_RETRY).getFirst();
        retry.assertAttributeEquals(UploadOttimateInvoiceFile.ATTEMPT, "1");
        retry.assertAttributeExists(OttimateAttributes.UNANSWERED_SETTLED);
        assertEquals(0, emulator.uploads().size());

        // within the settle time the next pass neither looks nor uploads (the first attempt might still be in flight)
        loopBack(AbstractOttimateProcessor.REL_RETRY);
        runner.run();
        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_RETRY, 1);
        assertEquals(1, uploads().size(), "no second upload while the first may still arrive");

        emulator.clock().advance(Duration.ofSeconds(31));
        loopBack(AbstractOttimateProcessor.REL_RETRY);
        runner.run();
        runner.assertAllFlowFilesTransferred(UploadOttimateInvoiceFile.REL_PENDING, 1);
        final List<String> keys = uploads().stream().map(r -> r.header("idempotency-key").orElseThrow()).toList();
        assertEquals(List.of(in.getAttribute("uuid") + "-u1", in.getAttribute("uuid") + "-u2"), keys, "the pass that only waited spent no key");
        assertNotEquals(keys.get(0), keys.get(1));
        assertEquals(1, emulator.uploads().size(), "one upload in Ottimate");
    }

    @Test
    void aFailedExtractionGoesToFailure() {
        runner.setProperty(UploadOttimateInvoiceFile.WAIT_FOR_EXTRACTION, "true");
        enqueuePdf("unreadable.pdf");
        runner.run();
        final String reference = runner.getFlowFilesForRelationship(UploadOttimateInvoiceFile.REL_PENDING).getFirst()
                .getAttribute(UploadOttimateInvoiceFile.REFERENCE_ID);
        emulator.failExtraction(reference);
        loopBack(UploadOttimateInvoiceFile.REL_PENDING);
        runner.run();
        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_FAILURE, 1);
        runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_FAILURE).getFirst().assertAttributeEquals(OttimateAttributes.ERROR_CODE, "extraction_failed");
    }

    @Test
    void extractionTimesOutOnTheProcessorsClock() throws Exception {
        final ManualClock clock = new ManualClock(Instant.parse("2026-11-26T08:00:00Z"));
        emulator.setPollsToExtract(1000);
        runner = EmulatedConnection.of(new UploadOttimateInvoiceFile(clock), emulator).enable().runner();
        runner.setProperty(UploadOttimateInvoiceFile.LOCATION_ID, "10");
        runner.setProperty(UploadOttimateInvoiceFile.EXTRACTION_TIMEOUT, "30 mins");
        runner.enqueue(PDF, Map.of("filename", "slow.pdf"));
        runner.run();
        clock.advance(Duration.ofMinutes(29));
        loopBack(UploadOttimateInvoiceFile.REL_PENDING);
        runner.run();
        runner.assertAllFlowFilesTransferred(UploadOttimateInvoiceFile.REL_PENDING, 1);
        clock.advance(Duration.ofMinutes(2));
        loopBack(UploadOttimateInvoiceFile.REL_PENDING);
        runner.run();
        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_FAILURE, 1);
        runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_FAILURE).getFirst().assertAttributeEquals(OttimateAttributes.ERROR_CODE, "extraction_timeout");
    }

    @Test
    void withoutWaitingSuccessMeansUploaded() {
        runner.setProperty(UploadOttimateInvoiceFile.WAIT_FOR_EXTRACTION, "false");
        final MockFlowFile in = runner.enqueue(PDF, Map.of("filename", "scan", "mime.type", "image/png", "location", "11", "source", "scanner"));
        runner.run();
        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_SUCCESS, 1);
        runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst().assertAttributeEquals(UploadOttimateInvoiceFile.UPLOAD_STATUS, "uploaded");
        assertEquals("image/png", uploads().getFirst().multipart().file().contentType());
        assertEquals(UploadLookup.tagged("scan.png", in.getAttribute("uuid")), uploads().getFirst().multipart().fields().get("filename"), "the API types files by extension");
    }

    @Test
    void replacesTheImagesOfAnExistingInvoice() throws Exception {
        final String id = emulator.seedInvoice(10, "INV-IMG");
        runner.setProperty(UploadOttimateInvoiceFile.TARGET, UploadOttimateInvoiceFile.Target.REPLACE_IMAGES.getValue());
        runner.enqueue(PDF, Map.of("filename", "corrected.pdf", "ottimate.invoice.id", id));
        runner.enqueue(PDF, Map.of("filename", "x.pdf", "ottimate.invoice.id", "no-such-invoice"));
        runner.run(2);

        runner.assertTransferCount(AbstractOttimateProcessor.REL_SUCCESS, 1);
        runner.assertTransferCount(AbstractOttimateProcessor.REL_NOT_FOUND, 1);
        runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getFirst().assertAttributeEquals("ottimate.image.count", "1");
        final ApiRequest patch = emulator.journal().matching("PATCH", "/invoices/" + id + "/images").getFirst();
        assertTrue(patch.header("content-type").orElseThrow().startsWith("multipart/form-data"));
        assertEquals("corrected.pdf", patch.multipart().file().filename());
        assertEquals(PDF.length, patch.multipart().file().size());
        assertTrue(emulator.store().invoices().get(id).orElseThrow().get("images").get(0).get("url").asText().endsWith("/corrected.pdf"));
        assertTrue(uploads().isEmpty(), "no extraction upload was made");
    }
}
