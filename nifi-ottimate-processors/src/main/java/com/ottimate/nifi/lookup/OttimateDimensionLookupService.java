package com.ottimate.nifi.lookup;

import com.ottimate.nifi.processors.resources.ApiResource;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.components.PropertyDescriptor;

import java.util.List;

@Tags({"ottimate", "lookup", "enrich", "dimension", "gl", "accounts payable", "record"})
@CapabilityDescription("Looks up an Ottimate dimension (GL account, department, class...) by its Ottimate id or by the ERP's id "
        + "(erp_dimension_id) with its ERP type, and answers it as a record, for LookupRecord. The 'key' coordinate is the value to "
        + "match; 'erp_type' (or ERP Type) names the type where ids repeat across types; 'ottimate_company_id' may name the company. "
        + "In a cluster each node keeps its own cache.")
@SeeAlso(classNames = {"org.apache.nifi.processors.standard.LookupRecord", "com.ottimate.nifi.lookup.OttimateValueLookupService",
        "com.ottimate.nifi.processors.masterdata.ListOttimateDimensions"})
@UseCase(description = "Check that each invoice line's cost centre exists in Ottimate before sending the invoice.",
        configuration = """
                Set Match On to "Dimension by ERP Dimension ID", ERP Type to DEPARTMENT and Company ID to the company.
                In LookupRecord add key = /department, Result RecordPath /department_dimension, \
                Routing Strategy "Route to 'matched' or 'unmatched'".""")
public class OttimateDimensionLookupService extends AbstractOttimateRecordLookupService {

    public static final PropertyDescriptor MATCH_ON = new PropertyDescriptor.Builder()
            .name("Match On")
            .description("Which of the dimension's ids the 'key' coordinate holds.")
            .required(true)
            .allowableValues(LookupKey.of(ApiResource.DIMENSIONS))
            .defaultValue(LookupKey.ERP_DIMENSION_ID)
            .build();

    public static final PropertyDescriptor ERP_TYPE = new PropertyDescriptor.Builder()
            .name("ERP Type")
            .description("The erp_type a dimension must have (e.g. DEPARTMENT), unless a lookup's erp_type coordinate names another.")
            .required(false)
            .dependsOn(MATCH_ON, LookupKey.ERP_DIMENSION_ID)
            .addValidator(org.apache.nifi.processor.util.StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    private static final List<PropertyDescriptor> PROPERTIES = List.of(CONNECTION_SERVICE, MATCH_ON, ERP_TYPE, COMPANY_ID, LOOKUP_STRATEGY,
            CACHE_EXPIRATION, NOT_FOUND_EXPIRATION, CACHE_SIZE);

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
