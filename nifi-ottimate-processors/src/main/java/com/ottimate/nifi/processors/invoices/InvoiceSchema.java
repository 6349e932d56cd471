package com.ottimate.nifi.processors.invoices;

import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.DataType;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;

import java.util.ArrayList;
import java.util.List;

/** The record schema of an invoice as GET /v1/invoices returns it. Dates stay strings exactly as the API sends them. */
final class InvoiceSchema {
    private static final DataType STRING = RecordFieldType.STRING.getDataType();
    private static final DataType DOUBLE = RecordFieldType.DOUBLE.getDataType();
    private static final DataType BOOLEAN = RecordFieldType.BOOLEAN.getDataType();

    static final RecordSchema ITEM = new SimpleRecordSchema(List.of(
            new RecordField("id", STRING), new RecordField("name", STRING), new RecordField("sku", STRING),
            new RecordField("quantity", DOUBLE), new RecordField("price", DOUBLE), new RecordField("is_taxed", BOOLEAN),
            new RecordField("dimensions", RecordFieldType.MAP.getMapDataType(STRING))));

    static final RecordSchema INVOICE = new SimpleRecordSchema(fields());

    private InvoiceSchema() {
    }

    private static List<RecordField> fields() {
        final List<RecordField> fields = new ArrayList<>();
        for (final String name : List.of("id", "invoice_number", "ottimate_vendor_name", "erp_vendor_id", "ottimate_location_name",
                "invoice_date", "due_date", "posting_date", "created_at", "created_at_utc", "approved_date", "approved_date_utc",
                "exported_date", "exported_date_utc", "last_modified_date", "last_modified_date_utc", "last_modified_user", "currency",
                "type", "status", "payment_status", "purchase_order", "url", "error", "notes")) {
            fields.add(new RecordField(name, STRING));
        }
        fields.add(new RecordField("ottimate_location_id", RecordFieldType.LONG.getDataType()));
        for (final String name : List.of("total_amount", "total_tax", "outstanding_balance")) {
            fields.add(new RecordField(name, DOUBLE));
        }
        fields.add(new RecordField("has_price_variance", BOOLEAN));
        fields.add(new RecordField("has_unmatched_items", BOOLEAN));
        fields.add(new RecordField("on_hold", RecordFieldType.RECORD.getRecordDataType(new SimpleRecordSchema(List.of(
                new RecordField("is_held", BOOLEAN), new RecordField("reason", STRING))))));
        fields.add(new RecordField("images", RecordFieldType.ARRAY.getArrayDataType(RecordFieldType.RECORD.getRecordDataType(
                new SimpleRecordSchema(List.of(new RecordField("id", STRING), new RecordField("url", STRING)))))));
        fields.add(new RecordField("dimensions", RecordFieldType.MAP.getMapDataType(STRING)));
        fields.add(new RecordField("items", RecordFieldType.ARRAY.getArrayDataType(RecordFieldType.RECORD.getRecordDataType(ITEM))));
        return fields;
    }
}
