/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.lookup;

import com.ottimate.nifi.processors.records.JsonToRecord;
import org.apache.nifi.lookup.LookupFailureException;
import org.apache.nifi.lookup.RecordLookupService;
import org.apache.nifi.serialization.record.Record;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A lookup service answering the whole object as a record of its collection's schema (money DECIMAL, dates as dates). */
public abstract class AbstractOttimateRecordLookupService extends AbstractOttimateLookupService implements RecordLookupService {

    @Override
    public Optional<Record> lookup(final Map<String, Object> coordinates) throws LookupFailureException {
        return find(coordinates).map(object -> {
            final var schema = JsonToRecord.fit(requireKey().resource().schema(), List.of(object));
            return JsonToRecord.toRecord(object, schema);
        });
    }

    @Override
    public Class<?> getValueType() {
        return Record.class;
    }
}
