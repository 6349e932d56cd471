/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.nar;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;
import javax.xml.parsers.DocumentBuilderFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Opens the NAR the build just produced: a NAR NiFi 2 can load, and a component model NiFi users expect, read from the
 * extension manifest NiFi itself reads (what the UI shows and what the framework enforces).
 */
class NarContentsIT {
    /**
     * The components come from the NAR's own registry (META-INF/services); the NiFi naming rule sorts them: List… are
     * sources (no input, primary node, one thread, cluster state, a default schedule), everything else takes input
     * (any node, any number of threads, session batching).
     */
    private static List<String> processors;
    private static List<String> sources;
    private static List<String> inputDriven;
    private static List<String> services;
    /** Names kept from before a rename, so that saved flows load: deprecated, pointing at the new name. */
    private static List<String> renamed;
    /** Processors that start the chains the templates show: their docs describe the whole chain. */
    private static final Set<String> CHAIN_HEADS = Set.of(
            "com.ottimate.nifi.processors.invoices.ListOttimateInvoices",
            "com.ottimate.nifi.processors.invoices.PutOttimateInvoice",
            "com.ottimate.nifi.processors.invoices.UploadOttimateInvoiceFile",
            "com.ottimate.nifi.processors.invoices.ApproveOttimateInvoice",
            "com.ottimate.nifi.processors.masterdata.PutOttimateVendor",
            "com.ottimate.nifi.processors.catalog.PutOttimateCatalog");

    private static JarFile nar;
    private static Map<String, Element> extensions;

    @BeforeAll
    static void open() throws Exception {
        final Path file = Path.of(System.getProperty("nar.file"));
        assertTrue(Files.isRegularFile(file), "built NAR at " + file);
        nar = new JarFile(file.toFile());
        final Document manifest;
        try (InputStream in = nar.getInputStream(nar.getEntry("META-INF/docs/extension-manifest.xml"))) {
            manifest = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }
        extensions = new LinkedHashMap<>();
        final NodeList all = manifest.getElementsByTagName("extension");
        for (int i = 0; i < all.getLength(); i++) {
            final Element extension = (Element) all.item(i);
            extensions.put(child(extension, "name").getTextContent(), extension);
        }
        processors = serviceEntries("org.apache.nifi.processor.Processor").stream().filter(p -> !deprecated(p)).toList();
        renamed = serviceEntries("org.apache.nifi.processor.Processor").stream().filter(NarContentsIT::deprecated).toList();
        sources = processors.stream().filter(p -> p.substring(p.lastIndexOf('.') + 1).startsWith("List")).toList();
        inputDriven = processors.stream().filter(p -> !sources.contains(p)).toList();
        services = serviceEntries("org.apache.nifi.controller.ControllerService");
    }

    @Test
    void manifestNamesTheNarAndItsParent() throws IOException {
        final Attributes main = nar.getManifest().getMainAttributes();
        assertEquals("com.ottimate.nifi", main.getValue("Nar-Group"));
        assertEquals("nifi-ottimate-nar", main.getValue("Nar-Id"));
        assertEquals("org.apache.nifi", main.getValue("Nar-Dependency-Group"));
        assertEquals("nifi-standard-services-api-nar", main.getValue("Nar-Dependency-Id"));
        assertEquals("2.8.0", main.getValue("Nar-Dependency-Version"));
        assertEquals("21", main.getValue("Java-Version"));
    }

    @Test
    void theRegistryAndTheExtensionManifestNameTheSameComponents() {
        assertEquals(Set.copyOf(concat(concat(processors, renamed), services)), extensions.keySet(), "what NiFi loads is what NiFi documents");
        assertTrue(sources.size() >= 5 && inputDriven.size() >= 14 && services.size() >= 6, processors + " " + services);
        assertTrue(processors.containsAll(CHAIN_HEADS), "chain heads are registered processors");
    }

    @Test
    void bundlesItsLibrariesWithLicenseAndNoticeButNothingNiFiProvides() throws IOException {
        final List<String> bundled = nar.stream().map(ZipEntry::getName).filter(n -> n.startsWith("META-INF/bundled-dependencies/")).toList();
        assertTrue(bundled.stream().anyMatch(n -> n.contains("nifi-ottimate-services-")), bundled.toString());
        assertTrue(bundled.stream().anyMatch(n -> n.contains("ottimate-client-")), bundled.toString());
        assertTrue(bundled.stream().anyMatch(n -> n.contains("caffeine-")), bundled.toString());
        for (final String transport : List.of("okhttp-jvm-", "okio-jvm-", "kotlin-stdlib-")) {
            assertTrue(bundled.stream().anyMatch(n -> n.contains(transport)), "the HTTP client's " + transport + ": " + bundled);
        }
        for (final String forbidden : List.of("nifi-api-", "slf4j-api-", "nifi-ssl-context-service-api-", "nifi-proxy-configuration-api-",
                "nifi-record-", "ottimate-emulator-")) {
            assertTrue(bundled.stream().noneMatch(n -> n.contains(forbidden)), forbidden + " must not be bundled: " + bundled);
        }
        final String license = text(nar.getEntry("META-INF/LICENSE"));
        final String notice = text(nar.getEntry("META-INF/NOTICE"));
        assertTrue(license.contains("Apache License") && license.contains("Version 2.0"));
        for (final String library : List.of("Jackson", "Caffeine", "nifi-utils", "Error Prone", "JSpecify", "OkHttp", "Okio", "Kotlin")) {
            assertTrue(license.contains(library), "LICENSE names " + library);
        }
        for (final String library : List.of("Jackson", "Caffeine", "Apache NiFi Utils", "OkHttp", "Okio", "Kotlin")) {
            assertTrue(notice.contains(library), "NOTICE names " + library);
        }
    }

    @Test
    void everyComponentIsDocumented() throws IOException {
        for (final String component : concat(processors, services)) {
            final Element extension = extension(component);
            assertFalse(child(extension, "description").getTextContent().isBlank(), component + ": @CapabilityDescription");
            assertFalse(children(extension, "tags", "tag").isEmpty(), component + ": @Tags");
            final ZipEntry details = nar.getEntry("META-INF/docs/additional-details/" + component + "/additionalDetails.md");
            assertTrue(details != null && text(details).contains("## Worked example"), "additionalDetails.md with a worked example for " + component);
        }
        for (final String processor : processors) {
            final Element extension = extension(processor);
            assertFalse(children(extension, "useCases", "useCase").isEmpty(), processor + ": @UseCase");
            assertFalse(children(extension, "seeAlso", "see").isEmpty(), processor + ": @SeeAlso");
            for (final Element attribute : children(extension, "writesAttributes", "writesAttribute")) {
                assertFalse(child(attribute, "description").getTextContent().isBlank(), processor + ": " + child(attribute, "name").getTextContent());
            }
            if (CHAIN_HEADS.contains(processor)) {
                assertFalse(children(extension, "multiProcessorUseCases", "multiProcessorUseCase").isEmpty(), processor + ": @MultiProcessorUseCase");
            }
        }
    }

    @Test
    void renamedProcessorsStayLoadableAsDeprecatedNamesOfTheirSuccessors() {
        assertEquals(Set.of("com.ottimate.nifi.processors.masterdata.FetchOttimateVendors", "com.ottimate.nifi.processors.masterdata.FetchOttimateDimensions",
                "com.ottimate.nifi.processors.catalog.BulkUpsertOttimateCatalog"), Set.copyOf(renamed));
        for (final String old : renamed) {
            final Element notice = child(extension(old), "deprecationNotice");
            final List<String> alternatives = children(notice, "alternatives", "alternative").stream().map(Node::getTextContent).toList();
            assertEquals(1, alternatives.size(), old);
            assertTrue(processors.contains(alternatives.getFirst()), old + " points at a processor of the bundle: " + alternatives);
            assertEquals(child(extension(alternatives.getFirst()), "inputRequirement").getTextContent(),
                    child(extension(old), "inputRequirement").getTextContent(), old + " behaves as its successor");
        }
    }

    @Test
    void sourcesAreListingSourcesTheNiFiWay() {
        for (final String source : sources) {
            final Element extension = extension(source);
            assertEquals("INPUT_FORBIDDEN", child(extension, "inputRequirement").getTextContent(), source);
            assertEquals("true", text(extension, "primaryNodeOnly"), source + ": @PrimaryNodeOnly");
            assertEquals("true", text(extension, "triggerSerially"), source + ": @TriggerSerially");
            assertFalse("true".equals(text(extension, "supportsBatching")), source + ": a source commits what it listed at once");
            final Element stateful = child(extension, "stateful");
            assertNotNull(stateful, source + ": @Stateful");
            assertEquals(List.of("CLUSTER"), children(stateful, "scopes", "scope").stream().map(Node::getTextContent).toList(), source);
            final Element schedule = child(extension, "defaultSchedule");
            assertNotNull(schedule, source + ": @DefaultSchedule");
            assertEquals("TIMER_DRIVEN", child(schedule, "strategy").getTextContent());
            final Duration period = duration(child(schedule, "period").getTextContent());
            assertTrue(period.compareTo(Duration.ofMinutes(1)) >= 0, source + " runs at most every minute by default, not every " + period);
            assertEquals(List.of("success"), children(extension, "relationships", "relationship").stream()
                    .map(r -> child(r, "name").getTextContent()).toList(), source + ": a source routes nothing to failure or retry");
        }
    }

    @Test
    void processorsTakingInputRunOnEveryNodeWithBatching() {
        for (final String processor : inputDriven) {
            final Element extension = extension(processor);
            assertEquals("INPUT_REQUIRED", child(extension, "inputRequirement").getTextContent(), processor);
            assertFalse("true".equals(text(extension, "primaryNodeOnly")), processor + " accepts input: NiFi refuses it on the primary node only");
            assertFalse("true".equals(text(extension, "triggerSerially")), processor + " must be able to run many threads");
            assertEquals("true", text(extension, "supportsBatching"), processor + ": @SupportsBatching (Run Duration in the UI)");
            assertTrue(child(extension, "defaultSchedule") == null, processor + ": input-driven processors keep NiFi's default schedule");
        }
    }

    private static boolean deprecated(final String component) {
        final Element extension = extensions.get(component);
        return extension != null && child(extension, "deprecationNotice") != null;
    }

    private static Duration duration(final String period) {
        final String[] parts = period.strip().split("\\s+");
        final long amount = Long.parseLong(parts[0]);
        return switch (parts[1].toLowerCase().replaceAll("s$", "")) {
            case "sec", "second" -> Duration.ofSeconds(amount);
            case "min", "minute" -> Duration.ofMinutes(amount);
            case "hour", "hr" -> Duration.ofHours(amount);
            case "day" -> Duration.ofDays(amount);
            default -> throw new AssertionError("unknown period " + period);
        };
    }

    private static Element extension(final String name) {
        final Element extension = extensions.get(name);
        assertNotNull(extension, name + " in extension-manifest.xml");
        return extension;
    }

    private static Element child(final Element parent, final String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return element;
            }
        }
        return null;
    }

    private static String text(final Element parent, final String name) {
        final Element element = child(parent, name);
        return element == null ? null : element.getTextContent();
    }

    private static List<Element> children(final Element parent, final String list, final String item) {
        final Element container = child(parent, list);
        final List<Element> items = new ArrayList<>();
        if (container != null) {
            for (Node node = container.getFirstChild(); node != null; node = node.getNextSibling()) {
                if (node instanceof Element element && element.getTagName().equals(item)) {
                    items.add(element);
                }
            }
        }
        return items;
    }

    /** Lines of a META-INF/services file across the bundled jars. */
    private static List<String> serviceEntries(final String serviceType) throws IOException {
        final List<String> entries = new ArrayList<>();
        for (final ZipEntry entry : nar.stream().filter(e -> e.getName().endsWith(".jar")).toList()) {
            try (JarInputStream jar = new JarInputStream(nar.getInputStream(entry))) {
                ZipEntry inner;
                while ((inner = jar.getNextEntry()) != null) {
                    if (inner.getName().equals("META-INF/services/" + serviceType)) {
                        new String(jar.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                                .filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(entries::add);
                    }
                }
            }
        }
        return entries;
    }

    private static String text(final ZipEntry entry) throws IOException {
        assertNotNull(entry);
        try (InputStream in = nar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> concat(final List<String> a, final List<String> b) {
        final List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
