/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.stateless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ottimate.emulator.EmulatorSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a template file must be before anyone imports it: no secret inside, one shared connection, our bundle's version. */
class TemplateFilesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path TEMPLATES = Path.of(System.getProperty("templates.directory"));

    static Stream<Path> templates() throws IOException {
        final List<Path> files;
        try (Stream<Path> list = Files.list(TEMPLATES)) {
            files = list.filter(path -> path.toString().endsWith(".json")).sorted().toList();
        }
        assertEquals(TemplateScenario.values().length, files.size(), "one scenario per template");
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("templates")
    void holdsNoSecretAndSharesOneConnectionDefinedOutsideIt(final Path template) throws IOException {
        final String text = Files.readString(template);
        final EmulatorSettings emulator = EmulatorSettings.defaults();
        for (final String secret : List.of(emulator.clientSecret(), emulator.apiKey(), "ott_at_")) {
            assertFalse(text.contains(secret), template + " contains " + secret);
        }
        final JsonNode flow = MAPPER.readTree(text);
        final JsonNode contents = flow.path("flowContents");
        assertTrue(components(contents.path("controllerServices")).noneMatch(s -> s.path("type").asText().endsWith("StandardOttimateConnectionService")),
                template + " defines its own connection service: importing several would give several token caches, rate limits and quota counts");
        components(contents.path("controllerServices")).forEach(service ->
                assertEquals("DISABLED", service.path("scheduledState").asText(), template + ": services are enabled after the parameters are set"));
        final JsonNode shared = MAPPER.readTree(TEMPLATES.resolve("shared/ottimate-connection.json").toFile()).path("controllerService");
        final String sharedId = shared.path("identifier").asText();
        assertEquals("Ottimate Connection", flow.path("externalControllerServices").path(sharedId).path("name").asText(),
                template + ": the shared connection is an external reference NiFi resolves by name on import");
        final List<JsonNode> ottimateProcessors = components(contents.path("processors"))
                .filter(p -> p.path("type").asText().startsWith("com.ottimate.")).toList();
        assertFalse(ottimateProcessors.isEmpty());
        ottimateProcessors.forEach(processor -> {
            assertEquals(sharedId, processor.path("properties").path("Ottimate Connection Service").asText(), processor.path("name").asText());
            assertTrue(processor.path("propertyDescriptors").path("Ottimate Connection Service").path("identifiesControllerService").asBoolean());
        });
        // Ottimate's credentials live in the shared context only; a database password is the template's own, sensitive and empty
        final Set<String> ottimateCredentials = Set.of("ottimate.api.key", "ottimate.client.secret", "ottimate.client.id");
        flow.path("parameterContexts").forEach(context -> context.path("parameters").forEach(parameter -> {
            final String name = parameter.path("name").asText();
            assertFalse(ottimateCredentials.contains(name), template + ": credentials live in the shared context only");
            if (parameter.path("sensitive").asBoolean()) {
                assertTrue(name.endsWith(".password") && !parameter.has("value"), template + ": " + parameter);
            }
        }));
    }

    @Test
    void theSharedConnectionTakesItsCredentialsFromSensitiveParametersWithoutValues() throws IOException {
        final JsonNode shared = MAPPER.readTree(TEMPLATES.resolve("shared/ottimate-connection.json").toFile());
        final List<String> sensitive = new ArrayList<>();
        shared.path("parameterContext").path("parameters").forEach(parameter -> {
            if (parameter.path("sensitive").asBoolean()) {
                sensitive.add(parameter.path("name").asText());
                assertFalse(parameter.has("value"), () -> "sensitive parameter " + parameter + " has a value");
            }
        });
        assertEquals(Set.of("ottimate.api.key", "ottimate.client.secret"), Set.copyOf(sensitive));
        final JsonNode service = shared.path("controllerService");
        assertEquals("Ottimate Connection", service.path("name").asText());
        assertEquals("#{ottimate.api.key}", service.path("properties").path("API Key").asText());
        assertEquals("#{ottimate.client.secret}", service.path("properties").path("Client Secret").asText());
        for (final String property : List.of("API Key", "Client Secret")) {
            assertTrue(service.path("propertyDescriptors").path(property).path("sensitive").asBoolean(), property + ": NiFi must treat it as sensitive");
        }
    }

    @ParameterizedTest
    @MethodSource("templates")
    void namesTheBundleThisBuildProduces(final Path template) throws IOException {
        final JsonNode contents = MAPPER.readTree(template.toFile()).path("flowContents");
        final List<JsonNode> ours = components(contents.path("processors"))
                .map(component -> component.path("bundle")).filter(bundle -> bundle.path("artifact").asText().equals("nifi-ottimate-nar")).toList();
        assertFalse(ours.isEmpty());
        ours.forEach(bundle -> {
            assertEquals("com.ottimate.nifi", bundle.path("group").asText());
            assertEquals(System.getProperty("project.version"), bundle.path("version").asText(),
                    "regenerate the templates (templates/tools/generate_templates.py) after changing the version");
        });
    }

    private static Stream<JsonNode> components(final JsonNode array) {
        final List<JsonNode> nodes = new ArrayList<>();
        array.forEach(nodes::add);
        return nodes.stream();
    }
}
