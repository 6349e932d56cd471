/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.procurement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.nifi.client.model.ApiError;
import com.ottimate.nifi.processors.masterdata.AbstractPutOttimateMasterData;
import com.ottimate.nifi.processors.records.ApiSchemas;
import com.ottimate.nifi.processors.records.RecordBatches;
import com.ottimate.nifi.processors.records.RecordToJson;
import com.ottimate.nifi.processors.records.SchemaValues;
import com.ottimate.nifi.processors.resources.ApiResource;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.serialization.record.Record;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Writes purchase orders or receipts from records: upserts by {@code external_id}, which every one must carry (sent
 * again, an upsert changes nothing, so no retry can make a second one, whether or not the API honours Idempotency-Key;
 * and it is the key read back to prove a result is this write). Bulk calls hold at most Batch Size objects and the
 * API's 1,000 lines; the lines come nested or one row per line ({@link LineLayout}).
 */
public abstract class AbstractPutOttimateProcurement extends AbstractPutOttimateMasterData {
    static final String KEY = "external_id";
    static final String LINES = "items";

    public static final PropertyDescriptor LINE_LAYOUT = new PropertyDescriptor.Builder()
            .name("Line Layout")
            .description("Where the lines are: nested in an 'items' array of each record, or one row per line (CSV extracts).")
            .required(true)
            .allowableValues(LineLayout.class)
            .defaultValue(LineLayout.NESTED)
            .build();

    public static final PropertyDescriptor LINE_FIELD_PREFIX = new PropertyDescriptor.Builder()
            .name("Line Field Prefix")
            .description("With one row per line: the prefix of the line's columns (item_quantity is the line's quantity); the other "
                    + "columns are the header's. Rows of one order or receipt must follow each other (sort the extract by external_id).")
            .required(true)
            .defaultValue("item_")
            .dependsOn(LINE_LAYOUT, LineLayout.ROW_PER_LINE)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor LOCATION_ID = new PropertyDescriptor.Builder()
            .name("Location ID")
            .description("ottimate_location_id for the objects that carry none (the API finds a receipt's purchase order by erp_vendor_id, "
                    + "location and po_number or po_external_id when it has no ottimate_po_id).")
            .required(false)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .build();

    private final ApiResource resource;

    protected AbstractPutOttimateProcurement(final ApiResource resource, final Clock clock) {
        super(resource, clock, List.of(LINE_LAYOUT, LINE_FIELD_PREFIX, LOCATION_ID));
        this.resource = resource;
    }

    @Override
    protected Collection<ValidationResult> customValidate(final ValidationContext context) {
        final List<ValidationResult> problems = new ArrayList<>(super.customValidate(context));
        if (resource == ApiResource.PURCHASE_ORDERS && !context.getProperty(LOCATION_ID).isSet()
                && context.getProperty(OPERATION).asAllowableValue(Operation.class) == Operation.BULK_UPSERT) {
            problems.add(new ValidationResult.Builder().subject(LOCATION_ID.getDisplayName()).valid(false)
                    .explanation("a purchase-order bulk call names a location (ottimate_location_id) for the orders that carry none").build());
        }
        return problems;
    }

    /** The API takes the company in bulk calls only: a create names its location. */
    @Override
    protected ObjectNode createBody(final ObjectNode object, final long companyId) {
        return object;
    }

    @Override
    protected Shape shape(final ProcessContext context, final FlowFile flowFile) throws BadInput {
        final String location = context.getProperty(LOCATION_ID).evaluateAttributeExpressions(flowFile).getValue();
        if (location != null && !location.strip().matches("\\d{1,18}")) {
            throw new BadInput("invalid_location_id", "Location ID evaluated to '" + location + "'; expected an integer ottimate_location_id");
        }
        final Long locationId = location == null ? null : Long.parseLong(location.strip());
        final boolean rows = context.getProperty(LINE_LAYOUT).asAllowableValue(LineLayout.class) == LineLayout.ROW_PER_LINE;
        final String prefix = rows ? context.getProperty(LINE_FIELD_PREFIX).getValue() : null;
        final int maxLines = resource.bulk().maxLines();
        // the API's line limit is a bulk call's
        final boolean bulk = context.getProperty(OPERATION).asAllowableValue(Operation.class) == Operation.BULK_UPSERT;
        return new Shape() {
            @Override
            public Supplier<RecordBatches.Cut> cuts(final int maxObjects) {
                return () -> new OrderCut(maxObjects, maxLines, rows);
            }

            @Override
            public void completeBulkBody(final ObjectNode body) {
                // the purchase-order bulk call names the location of orders that carry none
                if (resource == ApiResource.PURCHASE_ORDERS && locationId != null) {
                    body.put("ottimate_location_id", locationId);
                }
            }

            /** The objects as the cut joined them: a batch sent again forms the same objects, whatever of it was settled. */
            @Override
            public List<WriteObject> objects(final RecordBatches.Batch batch) {
                final List<WriteObject> objects = new ArrayList<>();
                final List<Integer> starts = batch.objectStarts();
                for (int n = 0; n < starts.size(); n++) {
                    final int first = starts.get(n);
                    final int end = n + 1 < starts.size() ? starts.get(n + 1) : batch.size();
                    objects.add(object(batch.records().subList(first, end), first, prefix, locationId, bulk ? maxLines : 0));
                }
                return objects;
            }
        };
    }

    /** One order or receipt from its record, or from its rows (header fields from the first, a line from each). */
    private WriteObject object(final List<Record> records, final int first, final String prefix, final Long locationId, final int maxLines) {
        final List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            indexes.add(first + i);
        }
        final ObjectNode body = prefix == null ? RecordToJson.toJson(records.getFirst()) : header(records.getFirst(), prefix);
        if (prefix != null) {
            final ArrayNode lines = body.putArray(LINES);
            // a row whose line columns are all empty (a header-only row) adds no line
            records.stream().map(row -> line(row, prefix)).filter(line -> !line.isEmpty()).forEach(lines::add);
        }
        body.remove("ottimate_company_id");
        if (locationId != null && !body.hasNonNull("ottimate_location_id")) {
            body.put("ottimate_location_id", locationId);
        }
        SchemaValues.typed(SchemaValues.typed(body, resource.schema()), ApiSchemas.PROCUREMENT_WRITE);
        final String name = resource.objectName().replace('.', ' ');
        if (!body.hasNonNull(KEY) || body.get(KEY).asText().isBlank()) {
            return new WriteObject(indexes, body, ApiError.local("missing_external_id", "The " + name + " has no external_id: it is the key "
                    + "the API upserts on and the proof that an answer is this write, so it is required"));
        }
        final JsonNode lines = body.path(LINES);
        if (maxLines > 0 && lines.size() > maxLines) {
            return new WriteObject(indexes, body, ApiError.local("too_many_lines", "The " + name + " " + body.get(KEY).asText() + " has "
                    + lines.size() + " lines; the API takes at most " + maxLines + " per call"));
        }
        return new WriteObject(indexes, body, null);
    }

    private static ObjectNode header(final Record row, final String prefix) {
        final ObjectNode header = RecordToJson.toJson(row);
        header.properties().removeIf(field -> field.getKey().startsWith(prefix));
        return header;
    }

    private static ObjectNode line(final Record row, final String prefix) {
        final ObjectNode line = RecordToJson.toJson(row);
        final ObjectNode item = line.objectNode();
        for (final Map.Entry<String, JsonNode> field : line.properties()) {
            if (field.getKey().startsWith(prefix) && !(field.getValue().isTextual() && field.getValue().asText().isBlank())) {
                item.set(field.getKey().substring(prefix.length()), field.getValue());
            }
        }
        return item;
    }

    static boolean sameKey(final Record one, final Record other) {
        final Object key = one.getValue(KEY);
        return key != null && Objects.equals(String.valueOf(key), String.valueOf(other.getValue(KEY)));
    }

    /**
     * Where bulk batches end: before the object that would make more than {@code maxObjects} objects or
     * {@code maxLines} lines (an object with more lines than that is a batch of its own, which fails before sending).
     */
    private static final class OrderCut implements RecordBatches.Cut {
        private final int maxObjects;
        private final int maxLines;
        private final boolean rows;
        private int objects;
        private int lines;

        OrderCut(final int maxObjects, final int maxLines, final boolean rows) {
            this.maxObjects = maxObjects;
            this.maxLines = maxLines;
            this.rows = rows;
        }

        @Override
        public boolean continues(final Record previous, final Record record) {
            return rows && sameKey(previous, record);
        }

        @Override
        public boolean startsBatch(final List<Record> records) {
            final int objectLines = rows ? records.size() : lineCount(records.getFirst());
            final boolean starts = objects == 0 || objects + 1 > maxObjects || (maxLines > 0 && lines + objectLines > maxLines);
            objects = starts ? 1 : objects + 1;
            lines = starts ? objectLines : lines + objectLines;
            return starts;
        }

        private static int lineCount(final Record record) {
            return record.getValue(LINES) instanceof Object[] items ? items.length : 0;
        }
    }
}
