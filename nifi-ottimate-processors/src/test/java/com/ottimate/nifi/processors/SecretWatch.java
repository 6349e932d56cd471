/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches every log line of every logger (TRACE in logback-test.xml) as it is written, without keeping them, for
 * secrets: given literals and anything shaped like an emulator access token ({@code ott_at_…}).
 */
public final class SecretWatch extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    public static final String TOKEN_SHAPE = "ott_at_";
    private final List<String> secrets;
    private final List<String> leaks = new CopyOnWriteArrayList<>();
    private final AtomicLong lines = new AtomicLong();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    public SecretWatch(final List<String> secrets) {
        this.secrets = List.copyOf(secrets);
        start();
        root.addAppender(this);
    }

    @Override
    protected void append(final ILoggingEvent event) {
        lines.incrementAndGet();
        check(event.getFormattedMessage(), "log");
        for (IThrowableProxy proxy = event.getThrowableProxy(); proxy != null; proxy = proxy.getCause()) {
            check(proxy.getMessage(), "exception");
        }
    }

    /** Checks any text that leaves the processor (attributes, provenance …). */
    public void check(final String text, final String where) {
        if (text == null) {
            return;
        }
        if (text.contains(TOKEN_SHAPE) || secrets.stream().anyMatch(text::contains)) {
            if (leaks.size() < 20) {
                leaks.add(where + ": " + text);
            }
        }
    }

    public List<String> leaks() {
        return List.copyOf(leaks);
    }

    public long lines() {
        return lines.get();
    }

    @Override
    public void close() {
        root.detachAppender(this);
        stop();
    }
}
