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

@Tags({"ottimate", "lookup", "enrich", "vendor", "accounts payable", "record"})
@CapabilityDescription("Looks up an Ottimate vendor by its Ottimate id or by the ERP's vendor number (erp_vendor_id) and returns it as "
        + "a record, for use with LookupRecord [GET /v1/vendors].")
@SeeAlso(classNames = {"org.apache.nifi.processors.standard.LookupRecord", "com.ottimate.nifi.lookup.OttimateValueLookupService",
        "com.ottimate.nifi.processors.masterdata.ListOttimateVendors"})
@UseCase(description = "Fill each ERP invoice record with the vendor as Ottimate knows it, by the ERP's vendor number.",
        configuration = """
                Set Match On to "Vendor by ERP Vendor ID" and Company ID to the company.
                In LookupRecord add the property key = /erp_vendor_id, set Result RecordPath to /vendor and Routing Strategy to \
                "Route to 'matched' or 'unmatched'": records of vendors Ottimate does not know go to 'unmatched'.""")
public class OttimateVendorLookupService extends AbstractOttimateRecordLookupService {

    public static final PropertyDescriptor MATCH_ON = matchOnProperty("Which of the vendor's ids the 'key' coordinate holds.",
            LookupKey.ERP_VENDOR_ID, LookupKey.of(ApiResource.VENDORS));

    private static final List<PropertyDescriptor> PROPERTIES = properties(MATCH_ON);

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTIES;
    }

    @Override
    protected PropertyDescriptor matchOn() {
        return MATCH_ON;
    }
}
