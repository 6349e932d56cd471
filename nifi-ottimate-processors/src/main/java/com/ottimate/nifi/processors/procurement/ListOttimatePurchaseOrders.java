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

@Stateful(scopes = Scope.CLUSTER, description = "The id and a fingerprint of every purchase order listed at the previous run, to emit only "
        + "what is new or changed. Cleared when a filter or the Listing Strategy changes.")
@DefaultSchedule(strategy = SchedulingStrategy.TIMER_DRIVEN, period = "1 hour")
@Tags({"ottimate", "purchase order", "po", "procurement", "three-way match", "list", "records", "source"})
@CapabilityDescription("Lists the purchase orders of the last Date Window, in windows of at most 30 days, emitting the new or changed ones "
        + "marked ottimate.change [GET /v1/purchase-orders]. This Processor runs on the Primary Node only.")
@UseCase(description = "Copy new and changed Ottimate purchase orders, with their lines, into the ERP or a warehouse every hour.",
        configuration = """
                Set Company ID, Include Line Items true, Date Window "90 days", Listing Strategy "Changed Objects" and a Record Writer.
                Route on ottimate.change: "created" to inserts, "updated" to updates.
                """)
@SeeAlso({FetchOttimatePurchaseOrder.class, PutOttimatePurchaseOrder.class, ListOttimateReceipts.class})
@WritesAttributes({
        @WritesAttribute(attribute = "record.count", description = "Purchase orders in the flowfile (Records output)"),
        @WritesAttribute(attribute = "mime.type", description = "The Record Writer's type, or application/json"),
        @WritesAttribute(attribute = "ottimate.purchase.order.count", description = "Purchase orders emitted by this run"),
        @WritesAttribute(attribute = "ottimate.purchase.order.id", description = "Purchase order id (one flowfile per purchase order)"),
        @WritesAttribute(attribute = ObjectOutput.CHANGE, description = "Changed Objects: created or updated since the previous run")
})
public class ListOttimatePurchaseOrders extends AbstractListOttimateProcurement {
    public ListOttimatePurchaseOrders() {
        this(Clock.systemUTC());
    }

    ListOttimatePurchaseOrders(final Clock clock) {
        super(ApiResource.PURCHASE_ORDERS, clock);
    }
}
