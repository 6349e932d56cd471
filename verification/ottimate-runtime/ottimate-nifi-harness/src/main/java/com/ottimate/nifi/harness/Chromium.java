/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The system's headless Chromium driven over the DevTools protocol (a WebSocket and JSON, from the JDK alone): load a
 * page, run JavaScript in it, take a screenshot. No browser is downloaded; {@link #find()} looks for the Debian
 * package's binary.
 */
public final class Chromium implements AutoCloseable {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final Path profile;
    private final WebSocket page;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private Chromium(final Process process, final Path profile, final WebSocket page) {
        this.process = process;
        this.profile = profile;
        this.page = page;
    }

    /** The Chromium binary of the Debian package ({@code CHROMIUM} overrides it), or a message saying how to install it. */
    public static Path find() {
        final String configured = System.getenv("CHROMIUM");
        for (final String candidate : new String[] {configured, "/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
            if (candidate != null && Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new IllegalStateException("No Chromium found: install the Debian package (apt-get install chromium) or set CHROMIUM");
    }

    /** Starts a headless Chromium with a throw-away profile and a {@code width} × {@code height} window. */
    public static Chromium start(final int width, final int height) throws IOException, InterruptedException {
        final Path profile = Files.createTempDirectory("ottimate-chromium");
        final Process process = new ProcessBuilder(find().toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--hide-scrollbars", "--mute-audio",
                "--remote-debugging-port=0", "--remote-allow-origins=*", "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height, "about:blank").redirectErrorStream(true).start();
        try {
            return connect(process, profile, width, height);
        } catch (final IOException | InterruptedException | RuntimeException e) {
            // never leave a browser (or its helpers) and its profile behind
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            deleteProfile(profile);
            throw e;
        }
    }

    private static Chromium connect(final Process process, final Path profile, final int width, final int height)
            throws IOException, InterruptedException {
        final BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String browserUrl = null;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (String line; browserUrl == null && System.nanoTime() < deadline && (line = output.readLine()) != null; ) {
            final Matcher matcher = DEVTOOLS.matcher(line);
            if (matcher.find()) {
                browserUrl = matcher.group(1);
            }
        }
        if (browserUrl == null) {
            throw new IOException("Chromium did not open its DevTools port");
        }
        // keep draining its output so it never blocks on a full pipe
        Thread.ofVirtual().start(() -> output.lines().forEach(line -> { }));
        final URI devtools = URI.create(browserUrl);
        final HttpClient http = HttpClient.newHttpClient();
        final JsonNode targets = NiFiClient.JSON.readTree(http.send(HttpRequest.newBuilder(
                URI.create("http://" + devtools.getHost() + ":" + devtools.getPort() + "/json/list")).build(), HttpResponse.BodyHandlers.ofString()).body());
        String pageUrl = null;
        for (final JsonNode target : targets) {
            if ("page".equals(target.path("type").asText())) {
                pageUrl = target.path("webSocketDebuggerUrl").asText();
            }
        }
        if (pageUrl == null) {
            throw new IOException("Chromium opened no page");
        }
        final Chromium[] self = new Chromium[1];
        final Listener listener = new Listener(() -> self[0]);
        final WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(pageUrl), listener).join();
        self[0] = new Chromium(process, profile, socket);
        self[0].send("Emulation.setDeviceMetricsOverride", NiFiClient.JSON.createObjectNode().put("width", width).put("height", height)
                .put("deviceScaleFactor", 1).put("mobile", false));
        return self[0];
    }

    /** Sends one DevTools command and waits for its result. */
    public JsonNode send(final String method, final ObjectNode params) {
        final int id = ids.incrementAndGet();
        final CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        final ObjectNode message = NiFiClient.JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        page.sendText(message.toString(), true).join();
        try {
            final JsonNode reply = answer.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (reply.has("error")) {
                throw new IllegalStateException(method + " failed: " + reply.get("error"));
            }
            return reply.path("result");
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " interrupted", e);
        } catch (final ExecutionException | TimeoutException e) {
            throw new IllegalStateException(method + " got no answer", e);
        } finally {
            pending.remove(id);
        }
    }

    /** Opens {@code url} in the page. */
    public void navigate(final String url) {
        send("Page.navigate", NiFiClient.JSON.createObjectNode().put("url", url));
    }

    /** The value of a JavaScript expression (awaited when it is a promise), as JSON. */
    public JsonNode evaluate(final String expression) {
        final JsonNode result = send("Runtime.evaluate", NiFiClient.JSON.createObjectNode().put("expression", expression)
                .put("returnByValue", true).put("awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("JavaScript failed: " + result.get("exceptionDetails").path("exception").path("description").asText(
                    result.get("exceptionDetails").toString()));
        }
        return result.path("result").path("value");
    }

    /** Waits until a JavaScript expression is true. */
    public void await(final String what, final String condition, final Duration limit) {
        NiFiFlow.await(what, (BooleanSupplier) () -> evaluate("Boolean(" + condition + ")").asBoolean(), limit);
    }

    /**
     * Waits until a JavaScript expression gives the same non-empty value on two reads in a row (an animation or a
     * render has come to rest), and answers it.
     */
    public String awaitSettled(final String what, final String expression, final Duration limit) {
        final String[] previous = {null};
        NiFiFlow.await(what, (BooleanSupplier) () -> {
            final String now = evaluate("String(" + expression + ")").asText();
            final boolean settled = !now.isEmpty() && now.equals(previous[0]);
            previous[0] = now;
            return settled;
        }, limit, () -> "last read " + previous[0]);
        return previous[0];
    }

    /** Writes the page as it is now to {@code file} (PNG). */
    public void screenshot(final Path file) throws IOException {
        final JsonNode shot = send("Page.captureScreenshot", NiFiClient.JSON.createObjectNode().put("format", "png"));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(shot.path("data").asText()));
    }

    @Override
    public void close() throws IOException {
        try {
            page.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        } catch (final RuntimeException ignored) {
            // the browser may already be gone
        }
        final List<ProcessHandle> helpers = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        helpers.forEach(ProcessHandle::destroyForcibly);
        deleteProfile(profile);
    }

    /** Best effort: a browser on its way out may still be writing its throw-away profile. */
    private static void deleteProfile(final Path profile) {
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (final IOException | UncheckedIOException ignored) {
            // left in the temporary directory
        }
    }

    private void received(final String text) {
        try {
            final JsonNode message = NiFiClient.JSON.readTree(text);
            if (message.has("id")) {
                final CompletableFuture<JsonNode> answer = pending.get(message.get("id").asInt());
                if (answer != null) {
                    answer.complete(message);
                }
            }
        } catch (final IOException e) {
            // not JSON: ignore, the command waiting for it times out with a message
        }
    }

    /** Joins the frames of each message and hands complete messages to the browser object. */
    private record Listener(Supplier<Chromium> owner, StringBuilder buffer) implements WebSocket.Listener {
        Listener(final Supplier<Chromium> owner) {
            this(owner, new StringBuilder());
        }

        @Override
        public CompletionStage<?> onText(final WebSocket socket, final CharSequence data, final boolean last) {
            buffer.append(data);
            if (last) {
                final String message = buffer.toString();
                buffer.setLength(0);
                final Chromium chromium = owner.get();
                if (chromium != null) {
                    chromium.received(message);
                }
            }
            socket.request(1);
            return null;
        }
    }
}
