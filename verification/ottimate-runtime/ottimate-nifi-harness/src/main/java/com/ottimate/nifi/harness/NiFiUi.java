/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.harness;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * NiFi's own web UI in a headless Chromium, as a user sees it: a process group's canvas, fitted to the window with the
 * palettes folded; what it draws for each processor; a processor's or a controller service's configuration dialog.
 */
public final class NiFiUi implements AutoCloseable {
    private static final Duration LOAD = Duration.ofSeconds(60);
    /** The pan and zoom of the canvas (NiFi's g#canvas), which the zoom-to-fit animates. */
    private static final String CANVAS_TRANSFORM = "(document.getElementById('canvas') || {getAttribute: () => ''}).getAttribute('transform') || ''";
    private static final String DIALOG_TEXT = "(document.querySelector('mat-dialog-container') || {innerText: ''}).innerText";

    /** What the canvas shows for one processor: its name, type and bundle lines, and whether it wears the invalid marker. */
    public record DrawnProcessor(String name, String type, String bundle, boolean invalid) {
    }

    private final Chromium browser;
    private final URI nifi;

    private NiFiUi(final Chromium browser, final URI nifi) {
        this.browser = browser;
        this.nifi = nifi;
    }

    /** A browser window of {@code width} × {@code height} on the NiFi at {@code nifi} (e.g. http://127.0.0.1:8080). */
    public static NiFiUi open(final URI nifi, final int width, final int height) throws IOException, InterruptedException {
        return new NiFiUi(Chromium.start(width, height), nifi);
    }

    /** Shows a group's canvas, waits until its {@code processors} processors are drawn, folds the palettes and fits the flow. */
    public void showGroup(final String groupId, final int processors) {
        showGroup(groupId, processors, 0);
    }

    /** The same, waiting for {@code groups} child groups as well. */
    public void showGroup(final String groupId, final int processors, final int groups) {
        load(nifi + "/nifi/#/process-groups/" + groupId);
        try {
            browser.await("the canvas of group " + groupId, "location.hash.indexOf('" + groupId + "') >= 0"
                    + " && Array.from(document.querySelectorAll('g.processor text.processor-bundle')).filter(t => t.textContent).length >= " + processors
                    + " && document.querySelectorAll('g.process-group text.process-group-name').length >= " + groups, LOAD);
        } catch (final IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "; the page shows: " + browser.evaluate("location.href + ' | ' + document.body.innerText.slice(0, 300)"
                    + " + ' | groups ' + document.querySelectorAll('g.process-group').length + ' | processors ' + document.querySelectorAll('g.processor').length"), e);
        }
        final String unfolded = "document.querySelectorAll('.navigation-control-expansion.fa-minus-square-o, .operation-control-expansion.fa-minus-square-o')";
        browser.evaluate(unfolded + ".forEach(e => e.click())");
        browser.await("the palettes to fold", unfolded + ".length === 0", LOAD);
        browser.evaluate("(() => { const fit = document.querySelector('button .icon-zoom-fit'); if (fit) fit.closest('button').click(); })()");
        // the canvas animates the zoom: wait until its transform comes to rest
        browser.awaitSettled("the canvas zoom to come to rest", CANVAS_TRANSFORM, LOAD);
    }


    /** The processors drawn on the canvas shown now. */
    public List<DrawnProcessor> drawnProcessors() {
        // a text element holds its line, shortened with '…' when it is too long, and a <title> (its tooltip) with the
        // whole text: read the tooltip where there is one
        final JsonNode drawn = browser.evaluate("(() => { const line = (p, c) => { const t = p.querySelector('text.' + c); if (!t) return '';"
                + " const title = t.querySelector('title'); if (title) return title.textContent.trim();"
                + " return t.textContent.trim(); };"
                + " return Array.from(document.querySelectorAll('g.processor')).map(p => ({"
                + "name: line(p, 'processor-name'), type: line(p, 'processor-type'), bundle: line(p, 'processor-bundle'),"
                + "invalid: ((p.querySelector('text.run-status-icon') || {getAttribute: () => ''}).getAttribute('class') || '').includes('invalid')})); })()");
        final List<DrawnProcessor> processors = new ArrayList<>();
        for (final JsonNode processor : drawn) {
            processors.add(new DrawnProcessor(processor.path("name").asText(), processor.path("type").asText(), processor.path("bundle").asText(),
                    processor.path("invalid").asBoolean()));
        }
        return processors;
    }

    /** The names of the process groups the canvas shows now. */
    public List<String> drawnGroups() {
        final List<String> names = new ArrayList<>();
        browser.evaluate("Array.from(document.querySelectorAll('g.process-group text.process-group-name')).map(t => {"
                        + " const copy = t.cloneNode(true); copy.querySelectorAll('title').forEach(x => x.remove()); return copy.textContent.trim(); })")
                .forEach(name -> names.add(name.asText()));
        return names;
    }

    /** How many connections the canvas shows now. */
    public int drawnConnections() {
        return browser.evaluate("document.querySelectorAll('g.connection').length").asInt();
    }

    /** Opens a processor's configuration dialog on {@code tab} (Settings, Scheduling, Properties, Relationships, Comments). */
    public void showProcessorDialog(final String groupId, final String processorId, final String tab) {
        load(nifi + "/nifi/#/process-groups/" + groupId + "/Processor/" + processorId + "/edit");
        awaitDialogTab(tab);
    }

    /** Opens a controller service's configuration dialog (the group's Controller Services page) on {@code tab}. */
    public void showServiceDialog(final String groupId, final String serviceId, final String tab) {
        load(nifi + "/nifi/#/process-groups/" + groupId + "/controller-services/" + serviceId + "/edit");
        awaitDialogTab(tab);
    }

    /** Loads the UI afresh at {@code url}: a change of the hash alone does not always make the canvas load another group. */
    private void load(final String url) {
        browser.navigate("about:blank");
        browser.navigate(url);
    }

    private void awaitDialogTab(final String tab) {
        browser.await("the configuration dialog", "document.querySelectorAll('mat-dialog-container [role=tab]').length > 0", LOAD);
        final String tabs = "Array.from(document.querySelectorAll('mat-dialog-container [role=tab]')).filter(t => t.textContent.trim() === '" + tab + "')";
        browser.evaluate(tabs + ".forEach(t => t.click())");
        browser.await("the " + tab + " tab to be selected", tabs + ".some(t => t.getAttribute('aria-selected') === 'true')", LOAD);
        // the tab's content renders after the selection: wait until the dialog's text comes to rest
        browser.awaitSettled("the " + tab + " tab to render", DIALOG_TEXT, LOAD);
    }

    /** The text of the dialog shown now. */
    public String dialogText() {
        return browser.evaluate(DIALOG_TEXT).asText();
    }

    /** Closes an open dialog without changing anything. */
    public void closeDialog() {
        browser.evaluate("Array.from(document.querySelectorAll('mat-dialog-container button'))"
                + ".filter(b => ['Cancel', 'Close'].includes(b.textContent.trim())).forEach(b => b.click())");
        browser.await("the dialog to close", "document.querySelectorAll('mat-dialog-container').length === 0", LOAD);
    }

    /** The window as it is now, as a PNG. */
    public void screenshot(final Path file) throws IOException {
        browser.screenshot(file);
    }

    @Override
    public void close() throws IOException {
        browser.close();
    }
}
