package com.ottimate.nifi.nar;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Opens the NAR the build just produced and checks it is a NAR NiFi 2 can load. */
class NarContentsIT {
    private static final List<String> PROCESSORS = List.of(
            "com.ottimate.nifi.processors.invoices.PutOttimateInvoice",
            "com.ottimate.nifi.processors.invoices.FetchOttimateInvoice",
            "com.ottimate.nifi.processors.invoices.ApproveOttimateInvoice",
            "com.ottimate.nifi.processors.invoices.MarkOttimateInvoicesExported",
            "com.ottimate.nifi.processors.invoices.ListOttimateInvoices",
            "com.ottimate.nifi.processors.invoices.UploadOttimateInvoiceFile",
            "com.ottimate.nifi.processors.invoices.FetchOttimateReceiverExport",
            "com.ottimate.nifi.processors.masterdata.FetchOttimateVendors",
            "com.ottimate.nifi.processors.masterdata.FetchOttimateDimensions",
            "com.ottimate.nifi.processors.masterdata.PutOttimateVendor",
            "com.ottimate.nifi.processors.masterdata.PutOttimateDimension",
            "com.ottimate.nifi.processors.generic.InvokeOttimateAPI",
            "com.ottimate.nifi.processors.masterdata.FetchOttimateAccountStructure",
            "com.ottimate.nifi.processors.catalog.BulkUpsertOttimateCatalog",
            "com.ottimate.nifi.processors.catalog.FetchOttimateCatalog");
    private static final List<String> SERVICES = List.of("com.ottimate.nifi.services.StandardOttimateConnectionService");

    private static JarFile nar;

    @BeforeAll
    static void open() throws IOException {
        final Path file = Path.of(System.getProperty("nar.file"));
        assertTrue(Files.isRegularFile(file), "built NAR at " + file);
        nar = new JarFile(file.toFile());
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
    void everyProcessorAndServiceIsRegistered() throws IOException {
        assertEquals(PROCESSORS, serviceEntries("org.apache.nifi.processor.Processor"));
        assertEquals(SERVICES, serviceEntries("org.apache.nifi.controller.ControllerService"));
    }

    @Test
    void doesNotBundleWhatNiFiOrTheParentNarProvides() {
        final List<String> bundled = nar.stream().map(ZipEntry::getName).filter(n -> n.startsWith("META-INF/bundled-dependencies/")).toList();
        assertTrue(bundled.stream().anyMatch(n -> n.contains("nifi-ottimate-services-")), bundled.toString());
        assertTrue(bundled.stream().anyMatch(n -> n.contains("caffeine-")), bundled.toString());
        for (final String forbidden : List.of("nifi-api-", "slf4j-api-", "nifi-ssl-context-service-api-", "nifi-proxy-configuration-api-", "ottimate-emulator-")) {
            assertTrue(bundled.stream().noneMatch(n -> n.contains(forbidden)), forbidden + " must not be bundled: " + bundled);
        }
    }

    @Test
    void docsAreGeneratedForEveryComponent() throws IOException {
        final String manifest = text(nar.getEntry("META-INF/docs/extension-manifest.xml"));
        for (final String component : concat(PROCESSORS, SERVICES)) {
            assertTrue(manifest.contains("<name>" + component + "</name>"), component + " in extension-manifest.xml");
            final ZipEntry details = nar.getEntry("META-INF/docs/additional-details/" + component + "/additionalDetails.md");
            assertTrue(details != null && text(details).contains("## Worked example"), "additionalDetails.md with a worked example for " + component);
        }
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
