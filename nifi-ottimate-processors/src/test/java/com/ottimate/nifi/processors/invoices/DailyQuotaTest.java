/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.invoices;

import com.ottimate.emulator.OttimateEmulator;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.EmulatedConnection;
import com.ottimate.nifi.processors.ManualClock;
import com.ottimate.nifi.processors.OttimateAttributes;
import com.ottimate.nifi.services.StandardOttimateConnectionService;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The daily request quota: counted, warned about, and (when asked) not exceeded; work waits on 'retry'. */
class DailyQuotaTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-26T20:00:00Z"));
    private OttimateEmulator emulator;
    private EmulatedConnection connection;
    private TestRunner runner;

    @BeforeEach
    void setUp() throws Exception {
        emulator = OttimateEmulator.start();
        connection = EmulatedConnection.withClock(new PutOttimateInvoice(), emulator, clock);
        runner = connection.runner();
        runner.setProperty(connection.service(), StandardOttimateConnectionService.DAILY_QUOTA, "5");
        runner.setProperty(connection.service(), StandardOttimateConnectionService.QUOTA_WARNING, "60");
    }

    @AfterEach
    void tearDown() {
        emulator.close();
    }

    private void enqueue(final int count) {
        for (int i = 0; i < count; i++) {
            runner.enqueue("{\"ottimate_location_id\": 10, \"invoice_number\": \"Q-" + i + "\"}");
        }
    }

    @Test
    void stopsAtTheQuotaWarnsBeforeAndResumesTheNextUtcDay() {
        connection.enable();
        enqueue(8);
        runner.run(8);

        runner.assertTransferCount(AbstractOttimateProcessor.REL_SUCCESS, 4);
        runner.assertTransferCount(AbstractOttimateProcessor.REL_RETRY, 4);
        assertEquals(5, emulator.journal().all().size(), "one token and four invoices: the quota of five, not one request more");
        final List<MockFlowFile> waiting = runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_RETRY);
        waiting.forEach(f -> {
            f.assertAttributeEquals(OttimateAttributes.ERROR_CODE, "daily_quota_reached");
            f.assertAttributeEquals(OttimateAttributes.REQUESTS_TODAY, "5");
            assertTrue(f.isPenalized());
        });
        runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getLast().assertAttributeEquals(OttimateAttributes.REQUESTS_TODAY, "5");
        final List<String> warnings = runner.getControllerServiceLogger(EmulatedConnection.SERVICE_ID).getWarnMessages().stream()
                .map(m -> m.getMsg() + " " + Arrays.toString(m.getArgs())).toList();
        assertEquals(1, warnings.size(), "warned once: " + warnings);
        assertTrue(warnings.getFirst().contains("3 of today's 5 requests to Ottimate are used (60%)"), warnings.getFirst());

        // midnight UTC: a new day, a new quota; the waiting flowfiles go through
        clock.advance(Duration.ofHours(5));
        runner.clearTransferState();
        waiting.forEach(runner::enqueue);
        runner.run(4);
        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_SUCCESS, 4);
        assertEquals(8, emulator.store().invoices().size());
    }

    @Test
    void withoutStoppingItOnlyCounts() {
        runner.setProperty(connection.service(), StandardOttimateConnectionService.STOP_AT_QUOTA, "false");
        connection.enable();
        enqueue(8);
        runner.run(8);
        runner.assertAllFlowFilesTransferred(AbstractOttimateProcessor.REL_SUCCESS, 8);
        runner.getFlowFilesForRelationship(AbstractOttimateProcessor.REL_SUCCESS).getLast().assertAttributeEquals(OttimateAttributes.REQUESTS_TODAY, "9");
    }
}
