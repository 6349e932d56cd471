/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.benchmarks;

import com.ottimate.emulator.EmulatorSettings;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The ceiling: a bare java.net.http client with one cached token, retrying 429s after Retry-After. */
final class RawClient {
    private RawClient() {
    }

    static List<Double> send(final String baseUrl, final EmulatorSettings s, final int threads, final int count, final AtomicLong throttled) throws Exception {
        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        final String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(s.clientId(), StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(s.clientSecret(), StandardCharsets.UTF_8);
        final String token = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/oauth/token")).header("X-Api-Key", s.apiKey())
                        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString()).body().replaceAll(".*\"access_token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        final List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger next = new AtomicInteger();
        final ExecutorService pool = Executors.newFixedThreadPool(threads);
        final List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < count) {
                    final HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/invoices")).timeout(Duration.ofSeconds(20))
                            .header("X-Api-Key", s.apiKey()).header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json").header("Idempotency-Key", "raw-" + i)
                            .POST(HttpRequest.BodyPublishers.ofString(Workload.invoice(i))).build();
                    while (true) {
                        final long start = System.nanoTime();
                        final HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        latencies.add((System.nanoTime() - start) / 1e6);
                        if (response.statusCode() != 429) {
                            break;
                        }
                        throttled.incrementAndGet();
                        Thread.sleep(Duration.ofSeconds(Long.parseLong(response.headers().firstValue("Retry-After").orElse("1"))));
                    }
                }
                return null;
            }));
        }
        for (final Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        http.close();
        return latencies;
    }
}
