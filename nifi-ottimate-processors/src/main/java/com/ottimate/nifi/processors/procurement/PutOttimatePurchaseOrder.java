/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.procurement;

import com.ottimate.nifi.processors.OttimateAttributes;
import com.ottimate.nifi.processors.async.PendingWork;
import com.ottimate.nifi.processors.records.RecordOutcomes;
import com.ottimate.nifi.processors.records.RetrySet;
import com.ottimate.nifi.processors.resources.ApiResource;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;

import java.time.Clock;

@Tags({"ottimate", "purchase order", "po", "procurement", "three-way match", "bulk", "upsert", "records", "erp"})
@CapabilityDescription("Creates or updates Ottimate purchase orders from records, upserted by external_id in bulk calls of up to 100 "
        + "orders and 1,000 lines, or one by one [POST /v1/purchase-orders/bulk, /v1/purchase-orders].")
@UseCase(description = "Send the ERP's open purchase orders, extracted as CSV with one row per line, to Ottimate for three-way matching.",
        configuration = """
                Set "Record Reader" to a CSVReader, "Record Writer" to a JsonRecordSetWriter, "Company ID" to the ottimate_company_id,
                "Line Layout" to "One Row per Line" and "Location ID" to the location the orders belong to. Header columns use the
                API's names (external_id, po_number, erp_vendor_id, date, total_amount); line columns carry the prefix (item_name,
                item_quantity, item_price, item_sku). Sort the extract by external_id. Route "failure" to a review queue, "retry" and
                "pending" back to this processor.
                """)
@SeeAlso({PutOttimateReceipt.class, FetchOttimatePurchaseOrder.class, ListOttimatePurchaseOrders.class})
@WritesAttributes({
        @WritesAttribute(attribute = OttimateAttributes.UNANSWERED_SINCE, description = "On retry: when the first unanswered attempt of a "
                + "write was sent; what it made cannot be older (the look-up's window)"),
        @WritesAttribute(attribute = OttimateAttributes.UNANSWERED_SETTLED, description = "On retry: when the latest unanswered attempt can no "
                + "longer be applied; when the flowfile comes back after it, the write is looked for by its proof before anything is sent"),
        @WritesAttribute(attribute = "record.count", description = "Records in a success or failure record set"),
        @WritesAttribute(attribute = "mime.type", description = "The Record Writer's type"),
        @WritesAttribute(attribute = OttimateAttributes.ERROR_CODE, description = "Failure record set: the first record's error code; retry: the first transient error"),
        @WritesAttribute(attribute = OttimateAttributes.ERROR_MESSAGE, description = "Failure record set: how many records, and the first one's error; retry: the same for the records left"),
        @WritesAttribute(attribute = RetrySet.SETTLED, description = "On the flowfile sent to retry or pending: positions of the records that already have their outcome"),
        @WritesAttribute(attribute = RetrySet.UNANSWERED, description = "On the flowfile sent to retry: positions of the records whose own "
                + "attempt went unanswered, the only ones looked up before they are sent again"),
        @WritesAttribute(attribute = RetrySet.CONTENT, description = "On the flowfile sent to retry or pending: a digest of the content the "
                + "positions were computed for; other content (a file fixed and sent back) ignores them"),
        @WritesAttribute(attribute = RecordOutcomes.RETRY_COUNT, description = "On the flowfile sent to retry: records left to send"),
        @WritesAttribute(attribute = PendingWork.JOBS, description = "On the flowfile sent to pending: the bulk batches being followed"),
        @WritesAttribute(attribute = PendingWork.SINCE, description = "On the flowfile sent to pending: when the batches were submitted"),
        @WritesAttribute(attribute = PendingWork.POLLS, description = "On the flowfile sent to pending: polls made"),
        @WritesAttribute(attribute = PendingWork.BATCH_SIZE, description = "On the flowfile sent to pending: records per batch")
})
public class PutOttimatePurchaseOrder extends AbstractPutOttimateProcurement {
    public PutOttimatePurchaseOrder() {
        this(Clock.systemUTC());
    }

    PutOttimatePurchaseOrder(final Clock clock) {
        super(ApiResource.PURCHASE_ORDERS, clock);
    }
}
