/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.ottimate.emulator.EmulatorSettings;
import com.ottimate.nifi.stateless.TemplateScenario;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bin/browser-test: NiFi's own web UI in the system's headless Chromium, with every template imported and configured
 * as a user does it: the UI loads, each template's group opens, our processors are drawn with their names and our
 * bundle, none wears the invalid marker, every connection is drawn, and the configuration dialogs show our
 * properties with the secrets hidden. Not part of bin/test (it needs Chromium).
 */
class BrowserCheck {
    private static final String OUR_BUNDLE = "com.ottimate.nifi - nifi-ottimate-nar";
    private static SharedNiFi shared;
    private static NiFiUi ui;
    private static final Map<TemplateScenario, TemplateRun> IMPORTED = new EnumMap<>(TemplateScenario.class);

    @BeforeAll
    static void importEveryTemplateAndOpenTheUi() throws Exception {
        Chromium.find();
        shared = SharedNiFi.start();
        double y = 0;
        for (final TemplateScenario scenario : TemplateScenario.values()) {
            final Map<String, String> parameters = new HashMap<>(scenario.parameters(shared.emulator).values());
            if (scenario.database()) {
                parameters.putAll(ErpDatabase.parametersFor(SharedNiFi.HOME)); // imported, not run: no database needed
            }
            IMPORTED.put(scenario, TemplateRun.prepare(shared.flow, shared.rootId, SharedNiFi.TEMPLATES, scenario, parameters, shared.work("inputs"),
                    y += 700));
        }
        ui = NiFiUi.open(shared.nifi.baseUri(), 1600, 1000);
    }

    @AfterAll
    static void close() throws Exception {
        if (ui != null) {
            ui.close();
        }
        if (shared != null) {
            shared.close();
        }
    }

    @Test
    void theUiLoadsWithAGroupPerTemplate() throws Exception {
        ui.showGroup(shared.rootId, 0, TemplateScenario.values().length);
        assertEquals(TemplateScenario.values().length, ui.drawnGroups().size(), ui.drawnGroups().toString());
        assertTrue(ui.drawnGroups().contains("run " + TemplateRun.groupName(TemplateScenario.INVOICE_INTAKE)), ui.drawnGroups().toString());
    }

    @ParameterizedTest
    @EnumSource(TemplateScenario.class)
    void eachTemplateIsDrawnWithOurProcessorsValid(final TemplateScenario scenario) throws Exception {
        final String groupId = IMPORTED.get(scenario).groupId();
        final JsonNode contents = shared.flow.groupFlow(groupId);
        final Map<String, String> bundles = new TreeMap<>();
        contents.path("processors").forEach(p -> bundles.put(p.path("component").path("name").asText(),
                p.path("component").path("bundle").path("group").asText() + " - " + p.path("component").path("bundle").path("artifact").asText()));
        ui.showGroup(groupId, bundles.size());

        final List<NiFiUi.DrawnProcessor> drawn = ui.drawnProcessors();
        assertEquals(bundles.keySet(), drawn.stream().map(NiFiUi.DrawnProcessor::name).collect(Collectors.toCollection(TreeSet::new)),
                scenario.template() + ": every processor drawn with its name");
        final List<NiFiUi.DrawnProcessor> ours = drawn.stream().filter(p -> OUR_BUNDLE.equals(bundles.get(p.name()))).toList();
        assertFalse(ours.isEmpty(), scenario.template() + " uses our processors");
        for (final NiFiUi.DrawnProcessor processor : ours) {
            assertEquals(OUR_BUNDLE, processor.bundle(), processor.toString());
            assertTrue(processor.type().matches("\\w+Ottimate\\w* 0\\.1\\.0-SNAPSHOT"), processor.toString());
        }
        assertEquals(List.of(), drawn.stream().filter(NiFiUi.DrawnProcessor::invalid).toList(), scenario.template() + ": shown invalid once configured");
        assertEquals(contents.path("connections").size(), ui.drawnConnections(), scenario.template() + ": every connection drawn");
    }

    @Test
    void theDialogsShowOurPropertiesAndHideTheSecrets() throws Exception {
        final String intake = IMPORTED.get(TemplateScenario.INVOICE_INTAKE).groupId();
        ui.showProcessorDialog(intake, NiFiScreenshots.processorNamed(shared.flow, intake, "Create invoices from CSV"), "Properties");
        final String processor = ui.dialogText();
        for (final String property : List.of("Ottimate Connection Service", "Input Strategy", "Record Reader", "Record Writer", "Record Strategy")) {
            assertTrue(processor.contains(property), "PutOttimateInvoice's dialog shows " + property + ":\n" + processor);
        }
        ui.closeDialog();

        ui.showServiceDialog(shared.rootId, shared.connectionId, "Properties");
        final String service = ui.dialogText();
        assertTrue(service.contains("StandardOttimateConnectionService"), service);
        assertTrue(service.contains("Client Secret") && service.contains("Sensitive value set"), service);
        for (final String secret : Set.of(EmulatorSettings.defaults().clientSecret(), EmulatorSettings.defaults().apiKey())) {
            assertFalse(service.contains(secret), "the dialog shows a secret");
        }
        ui.closeDialog();
    }
}
