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

@Tags({"ottimate", "lookup", "enrich", "location", "accounts payable", "record"})
@CapabilityDescription("Looks up an Ottimate location of an account by its Ottimate id or by its name and returns it as a record, "
        + "for use with LookupRecord [GET /v1/accounts/{id}/locations].")
@SeeAlso(classNames = {"org.apache.nifi.processors.standard.LookupRecord", "com.ottimate.nifi.lookup.OttimateValueLookupService",
        "com.ottimate.nifi.processors.masterdata.ListOttimateAccountStructure"})
@UseCase(description = "Turn the store names an ERP writes on its invoices into the ottimate_location_id the API wants.",
        configuration = """
                Set Match On to "Location by Name", Account ID to the account (racc_...).
                In LookupRecord add key = /store_name, set Result RecordPath to /location; \
                then UpdateRecord /ottimate_location_id = /location/id.""")
public class OttimateLocationLookupService extends AbstractOttimateRecordLookupService {

    public static final PropertyDescriptor MATCH_ON = matchOnProperty("What the 'key' coordinate holds: the location's id or its name.",
            LookupKey.LOCATION_NAME, LookupKey.of(ApiResource.LOCATIONS));

    private static final List<PropertyDescriptor> PROPERTIES = properties(MATCH_ON, ACCOUNT_ID);

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTIES;
    }

    @Override
    protected PropertyDescriptor matchOn() {
        return MATCH_ON;
    }
}
