package com.ottimate.nifi.processors.masterdata;

import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything that differs between vendors and dimensions, in one table: paths, envelope names, the bulk
 * upsert key, whether the API can filter on modification time, and the record schema.
 */
public enum MasterDataResource {
    VENDORS("vendors", "vendors", "vendor", "erp_vendor_id", true, schema(
            List.of("company_name", "erp_vendor_id", "erp_vendor_name", "email", "phone", "net_terms", "payment_method",
                    "address_line_1", "address_line_2", "city", "state", "zipcode", "last_modified_date", "last_modified_date_utc"),
            List.of("id", "ottimate_company_id"))),
    DIMENSIONS("dimensions", "dimensions", "dimension", "reference_id", false, schema(
            List.of("id", "name", "erp_type", "erp_dimension_id", "code", "reference_id", "ottimate_type"),
            List.of("ottimate_company_id")));

    private final String path;
    private final String listField;
    private final String singleField;
    private final String businessKey;
    private final boolean incremental;
    private final RecordSchema schema;

    MasterDataResource(final String path, final String listField, final String singleField, final String businessKey,
                       final boolean incremental, final RecordSchema schema) {
        this.path = path;
        this.listField = listField;
        this.singleField = singleField;
        this.businessKey = businessKey;
        this.incremental = incremental;
        this.schema = schema;
    }

    /** First path segment, e.g. {@code vendors}. */
    public String path() {
        return path;
    }

    /** Array field of list answers and bulk bodies. */
    public String listField() {
        return listField;
    }

    /** Field wrapping one object in GET-by-id answers ({@code {version, vendor}}). */
    public String singleField() {
        return singleField;
    }

    /** The field bulk upserts match on. */
    public String businessKey() {
        return businessKey;
    }

    /** True when the API filters lists by {@code last_modified_date_from_utc}. */
    public boolean incremental() {
        return incremental;
    }

    public RecordSchema schema() {
        return schema;
    }

    private static RecordSchema schema(final List<String> strings, final List<String> longs) {
        final List<RecordField> fields = new ArrayList<>();
        longs.forEach(name -> fields.add(new RecordField(name, RecordFieldType.LONG.getDataType())));
        strings.forEach(name -> fields.add(new RecordField(name, RecordFieldType.STRING.getDataType())));
        return new SimpleRecordSchema(fields);
    }
}
