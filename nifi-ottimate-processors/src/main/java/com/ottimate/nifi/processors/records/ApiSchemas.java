/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.records;

import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.DataType;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;

import java.util.ArrayList;
import java.util.List;

/**
 * Record schemas of what the API returns, field for field as Ottimate's OpenAPI document describes it (ottimate-contract-tests
 * checks them against it), plus fields the API guide documents beside it. Money is DECIMAL (amounts with 2 places,
 * unit prices and quantities with 4), dates DATE, timestamps TIMESTAMP (UTC). Open objects (dimensions, custom fields)
 * are empty records: {@link JsonToRecord#fit} adds whatever they hold, as it does for any field not named here.
 */
public final class ApiSchemas {

    private static final RecordSchema OPEN = record();

    public static final RecordSchema INVOICE_ITEM = record(
            text("id"), text("name"), text("sku"), text("uom"), quantity("quantity"), price("price"), flag("is_taxed"),
            object("dimensions", OPEN), text("ottimate_invoice_id"));

    public static final RecordSchema INVOICE = record(
            text("id"), text("invoice_number"), text("number"), text("ottimate_vendor_name"), text("erp_vendor_id"),
            integer("ottimate_location_id"), text("ottimate_location_name"),
            date("invoice_date"), date("due_date"), date("posting_date"),
            amount("total_amount"), amount("total_tax"), text("currency"), amount("outstanding_balance"),
            text("type"), text("status"), text("payment_status"), text("purchase_order"),
            timestamp("created_at"), timestamp("created_at_utc"), timestamp("approved_date"), timestamp("approved_date_utc"),
            timestamp("exported_date"), timestamp("exported_date_utc"), timestamp("last_modified_date"), timestamp("last_modified_date_utc"),
            object("last_modified_user", record(integer("id"), text("email"), text("first_name"), text("last_name"))),
            text("error"), flag("has_price_variance"), flag("has_unmatched_items"),
            object("on_hold", record(flag("is_held"), text("reason"))),
            text("url"), list("images", record(integer("id"), text("url"))),
            object("dimensions", OPEN), object("custom_fields", OPEN), text("notes"),
            list("items", INVOICE_ITEM));

    public static final RecordSchema VENDOR = record(
            integer("id"), integer("ottimate_company_id"), text("company_name"), text("erp_vendor_id"), text("erp_vendor_name"),
            text("email"), text("phone"), text("net_terms"), text("payment_method"), text("address_line_1"), text("address_line_2"),
            text("city"), text("state"), text("zipcode"), timestamp("last_modified_date"), timestamp("last_modified_date_utc"));

    public static final RecordSchema DIMENSION = record(
            text("id"), text("name"), text("erp_type"), text("code"), text("reference_id"), text("ottimate_type"),
            text("erp_dimension_id"), integer("ottimate_company_id"));

    public static final RecordSchema ACCOUNT = record(
            text("id"), text("name"), timestamp("created_date"), timestamp("created_date_utc"), integer("company_count"),
            integer("location_count"));

    public static final RecordSchema COMPANY = record(integer("id"), text("name"), integer("location_count"), text("plan"));

    public static final RecordSchema LOCATION = record(integer("id"), text("name"), text("company"), text("location_group"), text("group"));

    public static final RecordSchema CATALOG_ENTRY = record(
            text("id"), integer("ottimate_company_id"), text("reference_id"), text("catalog_unique_key"), text("item_name"),
            text("description"), text("sku"), text("upc"), text("buying_format"), text("pack_size"), text("size"), text("uom"),
            price("price"), price("unit_price"), price("last_purchased_price"), text("erp_vendor_id"), text("ottimate_vendor_name"),
            text("erp_vendor_name"), flag("is_split_case"), text("last_purchased_date"), timestamp("last_purchased_date_utc"),
            timestamp("created_date"), timestamp("created_date_utc"), timestamp("last_modified_date"), timestamp("last_modified_date_utc"),
            list("prices", record()), list("allowances", record()), object("dimensions", OPEN), object("properties", OPEN));

    /** A price as answered: its type a code (price_type) and a name (price_type_display); written with the name as price_type. */
    public static final RecordSchema PRICE = record(
            text("id"), text("catalog_entry_id"), integer("ottimate_company_id"), price("price"), price("unit_price"), integer("price_type"),
            text("price_type_display"), integer("ottimate_location_id"), integer("ottimate_group_id"), timestamp("start_date"),
            timestamp("end_date"), text("reference_id"), timestamp("created_date"), timestamp("created_date_utc"), timestamp("last_modified_date"),
            timestamp("last_modified_date_utc"));

    public static final RecordSchema ALLOWANCE = record(
            text("id"), text("catalog_entry_id"), integer("ottimate_company_id"), integer("ottimate_location_id"), text("allowance_type"),
            price("amount"), price("unit_allowance"), integer("target"), text("target_type"), date("start_date"), timestamp("start_date_utc"),
            date("end_date"), timestamp("end_date_utc"), text("reference_id"), timestamp("created_date"), timestamp("created_date_utc"),
            timestamp("last_modified_date"), timestamp("last_modified_date_utc"));

    public static final RecordSchema VARIANCE = record(
            text("id"), text("item_name"), text("sku"), text("upc"), text("pack_size"), text("erp_vendor_id"),
            object("last_invoice_item", record(integer("id"), price("price"), date("invoice_date"), price("price_variance"),
                    price("effective_price"))));

    public static final RecordSchema VARIANCE_ITEM = record(
            integer("id"), integer("invoice_id"), text("item_name"), price("price"), quantity("quantity"), date("invoice_date"),
            price("price_variance"), price("effective_price"));

    public static final RecordSchema RECEIVER_LINE = record(
            text("catalog_unique_key"), text("upc"), text("description"), text("uom"), quantity("case_pack"), quantity("quantity_received"),
            price("unit_price"), price("extended_price"), text("pack_size"), text("vendor_id"), text("ottimate_catalog_id"));

    public static final RecordSchema RECEIVER_EXPORT = record(
            text("ottimate_invoice_id"), integer("ottimate_company_id"), integer("ottimate_location_id"), text("invoice_number"),
            text("vendor_name"), date("invoice_date"), timestamp("exported_at"), timestamp("exported_at_utc"), text("receiver_status"),
            list("receiver_lines", RECEIVER_LINE));

    private ApiSchemas() {
    }

    public static final RecordSchema PURCHASE_ORDER_ITEM = record(
            text("id"), text("external_id"), text("name"), text("sku"), quantity("quantity"), price("price"), text("uom"),
            object("dimensions", OPEN), timestamp("created_date"), timestamp("created_date_utc"), timestamp("last_modified_date"),
            timestamp("last_modified_date_utc"));

    public static final RecordSchema PURCHASE_ORDER = record(
            text("id"), text("external_id"), text("po_number"), text("status"), integer("ottimate_location_id"), integer("ottimate_company_id"),
            date("date"), text("erp_vendor_id"), text("erp_vendor_name"), amount("total_amount"), amount("tax"), amount("freight"),
            amount("miscellaneous_charges"), text("invoice_number_ref"), flag("is_2_way"), timestamp("created_date"), timestamp("created_date_utc"),
            timestamp("last_modified_date"), timestamp("last_modified_date_utc"), object("custom_fields", OPEN), list("items", PURCHASE_ORDER_ITEM));

    /** Fields orders and receipts are written with that their answers do not show, with their types. */
    public static final RecordSchema PROCUREMENT_WRITE = record(integer("ottimate_location_id"));

    public static final RecordSchema RECEIPT_ITEM = record(
            text("id"), text("external_id"), text("ottimate_po_item_id"), text("name"), text("sku"), quantity("quantity"), price("price"),
            text("uom"), timestamp("created_date"), timestamp("created_date_utc"), timestamp("last_modified_date"), timestamp("last_modified_date_utc"));

    public static final RecordSchema RECEIPT = record(
            text("id"), text("external_id"), text("receipt_number"), text("status"), text("ottimate_po_id"), date("date"), amount("total_amount"),
            text("invoice_number_ref"), text("note"), timestamp("created_date"), timestamp("created_date_utc"), timestamp("last_modified_date"),
            timestamp("last_modified_date_utc"), list("items", RECEIPT_ITEM));

    static RecordSchema record(final RecordField... fields) {
        return new SimpleRecordSchema(new ArrayList<>(List.of(fields)));
    }

    private static RecordField field(final String name, final DataType type) {
        return new RecordField(name, type, true);
    }

    static RecordField text(final String name) {
        return field(name, RecordFieldType.STRING.getDataType());
    }

    static RecordField integer(final String name) {
        return field(name, RecordFieldType.LONG.getDataType());
    }

    static RecordField flag(final String name) {
        return field(name, RecordFieldType.BOOLEAN.getDataType());
    }

    /** A currency amount: two decimal places. */
    static RecordField amount(final String name) {
        return field(name, RecordFieldType.DECIMAL.getDecimalDataType(20, 2));
    }

    /** A unit price or a variance: four decimal places. */
    static RecordField price(final String name) {
        return field(name, RecordFieldType.DECIMAL.getDecimalDataType(20, 4));
    }

    static RecordField quantity(final String name) {
        return field(name, RecordFieldType.DECIMAL.getDecimalDataType(20, 4));
    }

    static RecordField date(final String name) {
        return field(name, RecordFieldType.DATE.getDataType());
    }

    static RecordField timestamp(final String name) {
        return field(name, RecordFieldType.TIMESTAMP.getDataType());
    }

    static RecordField object(final String name, final RecordSchema schema) {
        return field(name, RecordFieldType.RECORD.getRecordDataType(schema));
    }

    static RecordField list(final String name, final RecordSchema element) {
        return field(name, RecordFieldType.ARRAY.getArrayDataType(RecordFieldType.RECORD.getRecordDataType(element)));
    }
}
