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

@Tags({"ottimate", "receipt", "goods receipt", "procurement", "three-way match", "bulk", "upsert", "records", "erp"})
@CapabilityDescription("Creates or updates Ottimate receipts from records, upserted by external_id in bulk calls of up to 100 receipts "
        + "and 1,000 lines, or one by one [POST /v1/receipts/bulk, /v1/receipts].")
@UseCase(description = "Send the ERP's goods receipts to Ottimate, each naming the purchase order it receives.",
        configuration = """
                Set "Record Reader" to a CSVReader, "Record Writer" to a JsonRecordSetWriter, "Company ID" to the ottimate_company_id,
                "Line Layout" to "One Row per Line". Each receipt names its order by ottimate_po_id (attached by a LookupRecord with
                OttimatePurchaseOrderLookupService) or by erp_vendor_id, location and po_external_id; lines carry item_quantity and
                item_po_external_item_id (or item_ottimate_po_item_id, or item_sku). Route "retry" and "pending" back to this processor.
                """)
@SeeAlso({PutOttimatePurchaseOrder.class, FetchOttimateReceipt.class, ListOttimateReceipts.class})
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
public class PutOttimateReceipt extends AbstractPutOttimateProcurement {
    public PutOttimateReceipt() {
        this(Clock.systemUTC());
    }

    PutOttimateReceipt(final Clock clock) {
        super(ApiResource.RECEIPTS, clock);
    }
}
