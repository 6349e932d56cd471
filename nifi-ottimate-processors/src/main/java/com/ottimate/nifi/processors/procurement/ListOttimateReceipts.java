/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.procurement;

import com.ottimate.nifi.processors.records.ObjectOutput;
import com.ottimate.nifi.processors.resources.ApiResource;
import org.apache.nifi.annotation.behavior.Stateful;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.configuration.DefaultSchedule;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.scheduling.SchedulingStrategy;

import java.time.Clock;

@Stateful(scopes = Scope.CLUSTER, description = "The id and a fingerprint of every receipt listed at the previous run, to emit only what is "
        + "new or changed. Cleared when a filter or the Listing Strategy changes.")
@DefaultSchedule(strategy = SchedulingStrategy.TIMER_DRIVEN, period = "1 hour")
@Tags({"ottimate", "receipt", "goods receipt", "procurement", "three-way match", "list", "records", "source"})
@CapabilityDescription("Lists the receipts of the last Date Window, in windows of at most 30 days, emitting the new or changed ones marked "
        + "ottimate.change [GET /v1/receipts]. This Processor runs on the Primary Node only.")
@UseCase(description = "Follow the receipts recorded in Ottimate for one purchase order or location.",
        configuration = """
                Set Company ID, Location ID or Purchase Order ID, Date Window "30 days", Listing Strategy "Changed Objects" and a Record Writer.
                """)
@SeeAlso({FetchOttimateReceipt.class, PutOttimateReceipt.class, ListOttimatePurchaseOrders.class})
@WritesAttributes({
        @WritesAttribute(attribute = "record.count", description = "Receipts in the flowfile (Records output)"),
        @WritesAttribute(attribute = "mime.type", description = "The Record Writer's type, or application/json"),
        @WritesAttribute(attribute = "ottimate.receipt.count", description = "Receipts emitted by this run"),
        @WritesAttribute(attribute = "ottimate.receipt.id", description = "Receipt id (one flowfile per receipt)"),
        @WritesAttribute(attribute = ObjectOutput.CHANGE, description = "Changed Objects: created or updated since the previous run")
})
public class ListOttimateReceipts extends AbstractListOttimateProcurement {
    public ListOttimateReceipts() {
        this(Clock.systemUTC());
    }

    ListOttimateReceipts(final Clock clock) {
        super(ApiResource.RECEIPTS, clock);
    }
}
