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

@Tags({"ottimate", "purchase order", "po", "procurement", "three-way match", "fetch", "get", "query", "records"})
@CapabilityDescription("For each incoming flowfile, reads one Ottimate purchase order by id, or the purchase orders matching the filters "
        + "[GET /v1/purchase-orders/{id}, /v1/purchase-orders].")
@UseCase(description = "Read the purchase orders of a location over a month, with their lines, to reconcile them with the ERP.",
        configuration = """
                Fetch Strategy "By Query", Location ID ${location.id}, Date From ${from}, Date To ${to} (at most 30 days apart),
                Include Line Items true, Output Strategy "Records".
                """)
@SeeAlso({FetchOttimateReceipt.class, InvokeOttimateAPI.class})
@WritesAttributes({
        @WritesAttribute(attribute = "ottimate.purchase.order.id", description = "Id of the fetched purchase order (By ID), or of each "
                + "purchase order (By Query, one flowfile per purchase order)"),
        @WritesAttribute(attribute = "ottimate.purchase.order.count", description = "By Query: purchase orders the query found"),
        @WritesAttribute(attribute = "record.count", description = "By Query: purchase orders in the flowfile (Records output)"),
        @WritesAttribute(attribute = OttimateAttributes.STATUS_CODE, description = "HTTP status of the last attempt"),
        @WritesAttribute(attribute = OttimateAttributes.REQUEST_ID, description = "The API's request id"),
        @WritesAttribute(attribute = OttimateAttributes.ATTEMPTS, description = "Attempts made, including retries"),
        @WritesAttribute(attribute = OttimateAttributes.REQUESTS_TODAY, description = "Requests the connection sent today (UTC)"),
        @WritesAttribute(attribute = OttimateAttributes.ERROR_CODE, description = "On failure, retry or not found: the error code"),
        @WritesAttribute(attribute = OttimateAttributes.ERROR_MESSAGE, description = "On failure, retry or not found: what went wrong"),
        @WritesAttribute(attribute = "mime.type", description = "application/json, or the Record Writer's type")
})
public class FetchOttimatePurchaseOrder extends AbstractFetchByIdOrQuery {

    public static final PropertyDescriptor PURCHASE_ORDER_ID = idProperty("Purchase Order ID", "Id of the purchase order to fetch (a UUID).", ApiResource.PURCHASE_ORDERS);

    static final List<QueryFilter.Property> FILTERS = queryFilters(ApiResource.PURCHASE_ORDERS);
    static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = descriptors(FILTERS, PURCHASE_ORDER_ID);

    public FetchOttimatePurchaseOrder() {
        super(ApiResource.PURCHASE_ORDERS, PURCHASE_ORDER_ID, FILTERS);
    }

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }
}
