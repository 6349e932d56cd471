package com.ottimate.nifi.processors.masterdata;

import com.ottimate.nifi.processors.OttimateAttributes;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.Tags;

@InputRequirement(InputRequirement.Requirement.INPUT_REQUIRED)
@Tags({"ottimate", "dimension", "gl", "department", "class", "master data", "bulk", "upsert", "records", "erp"})
@CapabilityDescription("Creates and updates dimensions from records: bulk upserts of up to 100 per call (POST /v1/dimensions/bulk-create, "
        + "matched on reference_id) or one POST /v1/dimensions per record. Each record needs erp_type, ottimate_type, name, code, "
        + "reference_id and erp_dimension_id. Refused records go to the failure record set with the API's reason.")
@WritesAttributes({
        @WritesAttribute(attribute = "record.count", description = "Records in a success, failure or retry record set"),
        @WritesAttribute(attribute = OttimateAttributes.ERROR_CODE, description = "On a failure or retry record set: the first record's error code"),
        @WritesAttribute(attribute = OttimateAttributes.ERROR_MESSAGE, description = "On a failure or retry record set: how many records, and the first one's error"),
        @WritesAttribute(attribute = "mime.type", description = "The Record Writer's type")
})
public class PutOttimateDimension extends AbstractPutOttimateMasterData {
    public PutOttimateDimension() {
        super(MasterDataResource.DIMENSIONS);
    }
}
