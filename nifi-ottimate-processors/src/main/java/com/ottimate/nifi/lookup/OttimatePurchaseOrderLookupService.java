/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.lookup;

import com.ottimate.nifi.processors.resources.ApiResource;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.components.PropertyDescriptor;

import java.util.List;

@Tags({"ottimate", "lookup", "enrich", "purchase order", "po", "receipt", "three-way match", "record"})
@CapabilityDescription("Looks up an Ottimate purchase order by its Ottimate id, its external_id or its PO number (with its vendor) and "
        + "returns it as a record, for use with LookupRecord, e.g. to attach ottimate_po_id to receipts [GET /v1/purchase-orders].")
@SeeAlso(classNames = {"org.apache.nifi.processors.standard.LookupRecord", "com.ottimate.nifi.lookup.OttimateValueLookupService",
        "com.ottimate.nifi.processors.procurement.PutOttimateReceipt", "com.ottimate.nifi.processors.procurement.FetchOttimatePurchaseOrder"})
@UseCase(description = "Attach the Ottimate purchase order id to each ERP receipt before PutOttimateReceipt sends it.",
        configuration = """
                Set Match On to "Purchase Order by External ID" and Company ID to the company. In LookupRecord add key = /po_external_id, \
                set Result RecordPath to /purchase_order and Routing Strategy to "Route to 'matched' or 'unmatched'"; an UpdateRecord \
                then sets /ottimate_po_id to /purchase_order/id. Receipts of orders Ottimate does not have yet go to 'unmatched'.""")
public class OttimatePurchaseOrderLookupService extends AbstractOttimateRecordLookupService {

    public static final PropertyDescriptor MATCH_ON = matchOnProperty("Which of the order's keys the 'key' coordinate holds.",
            LookupKey.PO_EXTERNAL_ID, LookupKey.of(ApiResource.PURCHASE_ORDERS));

    public static final PropertyDescriptor ERP_VENDOR_ID = narrowingDefault("ERP Vendor ID",
            "The erp_vendor_id an order must have, unless a lookup's erp_vendor_id coordinate names another (PO numbers repeat across "
                    + "vendors: without a vendor, a number two vendors use fails the lookup rather than answer either order).",
            MATCH_ON, LookupKey.PO_NUMBER);

    private static final List<PropertyDescriptor> PROPERTIES = properties(MATCH_ON, ERP_VENDOR_ID);

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTIES;
    }

    @Override
    protected PropertyDescriptor matchOn() {
        return MATCH_ON;
    }

    @Override
    protected PropertyDescriptor narrowingProperty() {
        return ERP_VENDOR_ID;
    }
}
