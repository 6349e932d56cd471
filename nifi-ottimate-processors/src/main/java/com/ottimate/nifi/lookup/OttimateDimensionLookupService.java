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

@Tags({"ottimate", "lookup", "enrich", "dimension", "gl", "accounts payable", "record"})
@CapabilityDescription("Looks up an Ottimate dimension (GL account, department, class, ...) by its Ottimate id or by its ERP id "
        + "(erp_dimension_id) and returns it as a record, for use with LookupRecord [GET /v1/dimensions].")
@SeeAlso(classNames = {"org.apache.nifi.processors.standard.LookupRecord", "com.ottimate.nifi.lookup.OttimateValueLookupService",
        "com.ottimate.nifi.processors.masterdata.ListOttimateDimensions"})
@UseCase(description = "Check that each invoice line's cost centre exists in Ottimate before sending the invoice.",
        configuration = """
                Set Match On to "Dimension by ERP Dimension ID", ERP Type to DEPARTMENT and Company ID to the company.
                In LookupRecord add key = /department, Result RecordPath /department_dimension, \
                Routing Strategy "Route to 'matched' or 'unmatched'".""")
public class OttimateDimensionLookupService extends AbstractOttimateRecordLookupService {

    public static final PropertyDescriptor MATCH_ON = matchOnProperty("Which of the dimension's ids the 'key' coordinate holds.",
            LookupKey.ERP_DIMENSION_ID, LookupKey.of(ApiResource.DIMENSIONS));

    public static final PropertyDescriptor ERP_TYPE = narrowingDefault("ERP Type",
            "The erp_type a dimension must have (e.g. DEPARTMENT), unless a lookup's erp_type coordinate names another.",
            MATCH_ON, LookupKey.ERP_DIMENSION_ID);

    private static final List<PropertyDescriptor> PROPERTIES = properties(MATCH_ON, ERP_TYPE);

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
        return ERP_TYPE;
    }
}
