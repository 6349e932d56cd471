package com.ottimate.nifi.processors.masterdata;

import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.PrimaryNodeOnly;
import org.apache.nifi.annotation.behavior.TriggerSerially;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.processor.util.StandardValidators;

import java.util.Map;

@PrimaryNodeOnly
@TriggerSerially
@InputRequirement(InputRequirement.Requirement.INPUT_ALLOWED)
@Tags({"ottimate", "dimension", "gl", "department", "class", "master data", "list", "fetch", "records"})
@CapabilityDescription("Reads dimensions (GL accounts, departments, classes, …). Without an incoming connection it lists every dimension of "
        + "a company (GET /v1/dimensions, optionally one ERP type); the API has no modification filter for dimensions, so each run "
        + "emits the full list. With an incoming flowfile it fetches one dimension (GET /v1/dimensions/{id}) when Object ID is set, "
        + "else lists with filters from the flowfile's attributes.")
@WritesAttributes({
        @WritesAttribute(attribute = "ottimate.dimension.id", description = "Dimension id (one flowfile per dimension, or the fetched one)"),
        @WritesAttribute(attribute = "ottimate.dimension.count", description = "Dimensions emitted"),
        @WritesAttribute(attribute = "record.count", description = "Dimensions in the flowfile (Records output)")
})
public class FetchOttimateDimensions extends AbstractFetchOttimateMasterData {

    public static final PropertyDescriptor ERP_TYPE = new PropertyDescriptor.Builder()
            .name("ERP Type")
            .description("Only dimensions of this ERP type (erp_type), e.g. DEPARTMENT.")
            .required(false)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .build();

    public FetchOttimateDimensions() {
        super(MasterDataResource.DIMENSIONS);
    }

    @Override
    protected Map<PropertyDescriptor, String> filters() {
        return Map.of(ERP_TYPE, "erp_type");
    }
}
