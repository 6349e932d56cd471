/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Captures every log line of every logger (the root is at TRACE in logback-test.xml), with stack traces. */
public final class LogCapture implements AutoCloseable {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    public LogCapture() {
        appender.start();
        root.addAppender(appender);
    }

    /** Each captured line as it would be printed, followed by its exception messages. */
    public List<String> lines() {
        return appender.list.stream().map(event -> event.getFormattedMessage() + throwableText(event.getThrowableProxy())).toList();
    }

    private static String throwableText(final IThrowableProxy proxy) {
        if (proxy == null) {
            return "";
        }
        return " | " + proxy.getClassName() + ": " + proxy.getMessage() + throwableText(proxy.getCause());
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
