/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.procurement;

import com.ottimate.nifi.processors.OttimateAttributes;
import com.ottimate.nifi.processors.fetching.AbstractFetchByIdOrQuery;
import com.ottimate.nifi.processors.generic.InvokeOttimateAPI;
import com.ottimate.nifi.processors.resources.ApiResource;
import com.ottimate.nifi.processors.resources.QueryFilter;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.components.PropertyDescriptor;

import java.util.List;

@Tags({"ottimate", "receipt", "goods received", "procurement", "three-way match", "fetch", "get", "query", "records"})
@CapabilityDescription("For each incoming flowfile, reads one Ottimate receipt by id, or the receipts matching the filters "
        + "[GET /v1/receipts/{id}, /v1/receipts].")
@UseCase(description = "Read the receipts of a purchase order an invoice names, to see what was received against it.",
        configuration = """
                Fetch Strategy "By Query", Purchase Order ID ${ottimate.purchase.order.id}, Output Strategy "Records".
                For the lines too, Include Line Items true with Date From and Date To (the API then needs a window of at most 30 days).
                """)
@SeeAlso({FetchOttimatePurchaseOrder.class, InvokeOttimateAPI.class})
@WritesAttributes({
        @WritesAttribute(attribute = "ottimate.receipt.id", description = "Id of the fetched receipt (By ID), or of each "
                + "receipt (By Query, one flowfile per receipt)"),
        @WritesAttribute(attribute = "ottimate.receipt.count", description = "By Query: receipts the query found"),
        @WritesAttribute(attribute = "record.count", description = "By Query: receipts in the flowfile (Records output)"),
        @WritesAttribute(attribute = OttimateAttributes.STATUS_CODE, description = "HTTP status of the last attempt"),
        @WritesAttribute(attribute = OttimateAttributes.REQUEST_ID, description = "The API's request id"),
        @WritesAttribute(attribute = OttimateAttributes.ATTEMPTS, description = "Attempts made, including retries"),
        @WritesAttribute(attribute = OttimateAttributes.REQUESTS_TODAY, description = "Requests the connection sent today (UTC)"),
        @WritesAttribute(attribute = OttimateAttributes.ERROR_CODE, description = "On failure, retry or not found: the error code"),
        @WritesAttribute(attribute = OttimateAttributes.ERROR_MESSAGE, description = "On failure, retry or not found: what went wrong"),
        @WritesAttribute(attribute = "mime.type", description = "application/json, or the Record Writer's type")
})
public class FetchOttimateReceipt extends AbstractFetchByIdOrQuery {

    public static final PropertyDescriptor RECEIPT_ID = idProperty("Receipt ID", "Id of the receipt to fetch (a UUID).", ApiResource.RECEIPTS);

    static final List<QueryFilter.Property> FILTERS = queryFilters(ApiResource.RECEIPTS);
    static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = descriptors(FILTERS, RECEIPT_ID);

    public FetchOttimateReceipt() {
        super(ApiResource.RECEIPTS, RECEIPT_ID, FILTERS);
    }

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }
}
