/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors;

import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.TestRunner;

/** A JSON record reader and writer, with their default settings, for a processor's Record Reader and Record Writer. */
public final class JsonRecordServices {
    private JsonRecordServices() {
    }

    public static TestRunner addTo(final TestRunner runner, final PropertyDescriptor reader, final PropertyDescriptor writer)
            throws InitializationException {
        final JsonTreeReader jsonReader = new JsonTreeReader();
        runner.addControllerService("reader", jsonReader);
        runner.enableControllerService(jsonReader);
        final JsonRecordSetWriter jsonWriter = new JsonRecordSetWriter();
        runner.addControllerService("writer", jsonWriter);
        runner.enableControllerService(jsonWriter);
        runner.setProperty(reader, "reader");
        runner.setProperty(writer, "writer");
        return runner;
    }
}
