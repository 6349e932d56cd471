/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.resources;

import com.ottimate.nifi.processors.resources.QueryFilter.Kind;

import java.time.Duration;
import java.util.List;

/**
 * The query filters Ottimate's OpenAPI document names, as processor properties: the vocabulary the resource table's
 * rows pick their filters from ({@link ApiResource#filters()}).
 */
public final class ApiFilters {

    public static final QueryFilter COMPANY_ID = QueryFilter.optional("Company ID", "ottimate_company_id", Kind.INTEGER,
            "ottimate_company_id whose objects to read.");
    public static final QueryFilter COMPANY_ID_REQUIRED = QueryFilter.required("Company ID", "ottimate_company_id", Kind.INTEGER,
            "ottimate_company_id whose objects to read (the API requires it).");

    public static final QueryFilter INVOICE_STATUS = QueryFilter.optional("Status", "status", Kind.TEXT,
            "Only invoices with this status: processing, incomplete, needs-attention, pending-approval, approved, ready-for-export, "
                    + "exported or archived.");
    public static final QueryFilter PAYMENT_STATUS = QueryFilter.optional("Payment Status", "payment_status", Kind.TEXT,
            "Only invoices with this payment status: paid, partial or unpaid.");
    public static final QueryFilter LOCATION_IDS = QueryFilter.optional("Location IDs", "ottimate_location_ids", Kind.ID_LIST,
            "Comma-separated ottimate_location_id values.");
    public static final QueryFilter VENDOR_ID = QueryFilter.optional("Vendor ID", "ottimate_vendor_id", Kind.TEXT,
            "Only invoices of this ottimate_vendor_id.");
    public static final QueryFilter INVOICE_IDS = QueryFilter.optional("Invoice IDs", "invoice_ids", Kind.ID_LIST,
            "Only these invoices (comma-separated ids).");
    public static final QueryFilter SEARCH = QueryFilter.optional("Search", "search", Kind.TEXT,
            "Free-text search, as the Ottimate UI does it.");
    public static final QueryFilter CUSTOM_FIELDS = QueryFilter.optional("Custom Fields", "custom_fields", Kind.JSON_OBJECT,
            "JSON object of custom field values, ANDed, e.g. {\"region\": \"east\"}.");
    public static final QueryFilter INVOICE_DATE_FROM = QueryFilter.optional("Invoice Date From", "date_from", Kind.DATE,
            "Only invoices dated on or after this day.");
    public static final QueryFilter INVOICE_DATE_TO = QueryFilter.optional("Invoice Date To", "date_to", Kind.DATE,
            "Only invoices dated on or before this day.");
    public static final QueryFilter MODIFIED_BY = QueryFilter.optional("Last Modified By", "last_modified_user_id", Kind.INTEGER,
            "Only invoices last modified by this Ottimate user id.");
    public static final QueryFilter MODIFIED_FROM = QueryFilter.optional("Modified From", ApiResource.MODIFIED_FROM, Kind.TIMESTAMP,
            "Only objects modified at or after this time.");
    public static final QueryFilter MODIFIED_TO = QueryFilter.optional("Modified To", ApiResource.MODIFIED_TO, Kind.TIMESTAMP,
            "Only objects modified at or before this time.");
    public static final QueryFilter INVOICE_EXPAND = QueryFilter.flag("Include Line Items", "expand", "items",
            "true: each invoice with its lines (expand=items; the records then hold an items array, and each line names its invoice in "
                    + "ottimate_invoice_id). The API then needs a lower bound (Invoice Date From or Modified From) and a window of at most 30 "
                    + "days; ListOttimateInvoices reads windows of 30 days at most, its first run the last 30 days.");
    public static final QueryFilter ERP_TYPE = QueryFilter.optional("ERP Type", "erp_type", Kind.TEXT,
            "Only dimensions of this ERP type (erp_type), e.g. DEPARTMENT.");
    public static final QueryFilter ACCOUNT_SEARCH = QueryFilter.optional("Search", "search", Kind.TEXT, "Only objects whose name matches.");

    public static final QueryFilter ERP_VENDOR_ID = QueryFilter.optional("ERP Vendor ID", "erp_vendor_id", Kind.TEXT,
            "Only this vendor's objects (erp_vendor_id).");
    public static final QueryFilter CATALOG_SEARCH = QueryFilter.optional("Search", "search", Kind.TEXT,
            "Only entries whose name or description matches.");
    public static final QueryFilter SKU = QueryFilter.optional("SKU", "sku", Kind.TEXT, "Only entries with this SKU.");
    public static final QueryFilter UPC = QueryFilter.optional("UPC", "upc", Kind.TEXT, "Only entries with this UPC.");
    public static final QueryFilter UOM = QueryFilter.optional("Unit of Measure", "uom", Kind.TEXT, "Only entries with this unit of measure, e.g. CASE.");
    public static final QueryFilter PACK_SIZE = QueryFilter.optional("Pack Size", "size", Kind.TEXT, "Only entries with this pack size, e.g. 6 CT.");
    public static final QueryFilter CATALOG_EXPAND = QueryFilter.optional("Expand", "expand", Kind.TEXT,
            "What to embed: for catalog entries prices, allowances or prices,allowances; for variances invoice_items.");
    public static final QueryFilter CATALOG_ENTRY_ID = QueryFilter.optional("Entry ID", "catalog_entry_id", Kind.TEXT,
            "Only allowances of this catalog entry (cte_...).");
    public static final QueryFilter LOCATION_ID = QueryFilter.optional("Location ID", "ottimate_location_id", Kind.INTEGER,
            "Only objects of this location (ottimate_location_id).");
    public static final QueryFilter EFFECTIVE_DATE = QueryFilter.optional("Effective Date", "effective_date", Kind.DATE,
            "Only allowances valid on this day.");
    public static final QueryFilter VARIANCE_ONLY = QueryFilter.optional("Variance Only", "variance_only", Kind.BOOLEAN,
            "true: only entries with a non-zero variance.");
    public static final QueryFilter INVOICE_START_DATE = QueryFilter.optional("Invoice Start Date", "invoice_start_date", Kind.DATE,
            "Start of the invoice date window.");
    public static final QueryFilter INVOICE_END_DATE = QueryFilter.optional("Invoice End Date", "invoice_end_date", Kind.DATE,
            "End of the invoice date window.");
    public static final QueryFilter EXCEPTION_TYPE = QueryFilter.optional("Exception Type", "exception_type", Kind.TEXT,
            "underbilling or overbilling.");
    public static final QueryFilter ERP_VENDOR_IDS = QueryFilter.optional("ERP Vendor IDs", "erp_vendor_ids", Kind.ID_LIST,
            "Only these vendors (comma-separated erp_vendor_id values).");

    public static final QueryFilter PO_STATUS = QueryFilter.optional("Status", "status", Kind.TEXT,
            "Only purchase orders with this status, as the API shows them: pending, open, received, closed, flagged, archived or deleted "
                    + "(Ottimate's OpenAPI document lists pending_review, approved, rejected and closed for this filter).");
    public static final QueryFilter RECEIPT_STATUS = QueryFilter.optional("Status", "status", Kind.TEXT,
            "Only receipts with this status: open, pending, flagged, closed, archived or deleted.");
    public static final QueryFilter DATE_FROM = QueryFilter.optional("Date From", "date_from", Kind.DATE,
            "Only objects dated on or after this day. With Include Line Items the API needs Date From and Date To, at most 30 days apart.");
    public static final QueryFilter DATE_TO = QueryFilter.optional("Date To", "date_to", Kind.DATE,
            "Only objects dated on or before this day. With Include Line Items the API needs Date From and Date To, at most 30 days apart.");
    public static final QueryFilter EXTERNAL_ID = QueryFilter.optional("External ID", "external_id", Kind.TEXT,
            "Only the object the ERP knows by this key (external_id).");
    public static final QueryFilter PURCHASE_ORDER_ID = QueryFilter.optional("Purchase Order ID", "ottimate_po_id", Kind.TEXT,
            "Only receipts of this purchase order (ottimate_po_id).");
    public static final QueryFilter LINES_EXPAND = QueryFilter.flag("Include Line Items", "expand", "items",
            "true: each object with its lines (expand=items; the records then hold an items array).");

    /** Filter pairs that bound one window: a processor offering both refuses a start after the end. */
    public static final List<QueryFilter.Range> RANGES = List.of(new QueryFilter.Range(INVOICE_DATE_FROM, INVOICE_DATE_TO),
            new QueryFilter.Range(MODIFIED_FROM, MODIFIED_TO), new QueryFilter.Range(INVOICE_START_DATE, INVOICE_END_DATE),
            new QueryFilter.Range(DATE_FROM, DATE_TO, Duration.ofDays(30), LINES_EXPAND));

    private ApiFilters() {
    }
}
