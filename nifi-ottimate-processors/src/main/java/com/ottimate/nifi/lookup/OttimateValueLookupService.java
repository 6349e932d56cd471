/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.lookup;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.controller.ConfigurationContext;
import org.apache.nifi.lookup.LookupFailureException;
import org.apache.nifi.lookup.StringLookupService;
import org.apache.nifi.processor.util.StandardValidators;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

@Tags({"ottimate", "lookup", "enrich", "vendor", "location", "dimension", "catalog", "accounts payable"})
@CapabilityDescription("Looks up one field of an Ottimate vendor, location, dimension or catalog entry, e.g. the Ottimate id of the "
        + "vendor an ERP vendor number names, for use with LookupAttribute and LookupRecord.")
@SeeAlso(classNames = {"org.apache.nifi.processors.standard.LookupAttribute", "org.apache.nifi.processors.standard.LookupRecord",
        "com.ottimate.nifi.lookup.OttimateVendorLookupService", "com.ottimate.nifi.lookup.OttimateLocationLookupService",
        "com.ottimate.nifi.lookup.OttimateDimensionLookupService", "com.ottimate.nifi.lookup.OttimateCatalogLookupService"})
@UseCase(description = "Add the Ottimate vendor id to a flowfile whose erp.vendor.id attribute holds the ERP's vendor number.",
        configuration = """
                Set Match On to "Vendor by ERP Vendor ID", Company ID to the company and Return Field to id.
                In LookupAttribute add the property ottimate.vendor.id = ${erp.vendor.id}.""")
public class OttimateValueLookupService extends AbstractOttimateLookupService implements StringLookupService {

    public static final PropertyDescriptor MATCH_ON = matchOnProperty("What the 'key' coordinate holds, and so which collection is looked in.",
            LookupKey.ERP_VENDOR_ID, LookupKey.values());

    public static final PropertyDescriptor LOCATIONS_ACCOUNT_ID = new PropertyDescriptor.Builder()
            .fromPropertyDescriptor(ACCOUNT_ID)
            .dependsOn(MATCH_ON, LookupKey.LOCATION_ID, LookupKey.LOCATION_NAME)
            .build();

    public static final PropertyDescriptor RETURN_FIELD = new PropertyDescriptor.Builder()
            .name("Return Field")
            .description("The field of the found object to answer, e.g. id, erp_vendor_name, erp_dimension_id. An object without it "
                    + "counts as not found.")
            .required(true)
            .defaultValue("id")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    private static final List<PropertyDescriptor> PROPERTIES = properties(MATCH_ON, LOCATIONS_ACCOUNT_ID, RETURN_FIELD);

    private volatile String returnField;

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTIES;
    }

    @Override
    protected PropertyDescriptor matchOn() {
        return MATCH_ON;
    }

    @Override
    protected void configure(final ConfigurationContext context) {
        returnField = context.getProperty(RETURN_FIELD).getValue().strip();
    }

    @Override
    protected Set<String> answeredFields(final ConfigurationContext context) {
        return Set.of(context.getProperty(RETURN_FIELD).getValue().strip());
    }

    @Override
    public Optional<String> lookup(final Map<String, Object> coordinates) throws LookupFailureException {
        return find(coordinates).map(object -> object.get(returnField)).filter(value -> value != null && !value.isNull())
                .map(JsonNode::asText);
    }
}
