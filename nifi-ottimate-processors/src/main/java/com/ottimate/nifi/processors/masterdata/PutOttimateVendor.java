package com.ottimate.nifi.processors.masterdata;

import com.ottimate.nifi.processors.OttimateAttributes;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;

@InputRequirement(InputRequirement.Requirement.INPUT_REQUIRED)
@Tags({"ottimate", "vendor", "supplier", "master data", "bulk", "upsert", "records", "erp"})
@CapabilityDescription("Creates and updates vendors from records (CSV, JSON, Avro …): bulk upserts of up to 100 vendors per call "
        + "(POST /v1/vendors/bulk-create, matched on erp_vendor_id; a 207 partial answer is split per record) or one POST /v1/vendors "
        + "per record. Vendors the API refuses go to the failure record set with the API's reason; the others to success. Each call's "
        + "Idempotency-Key is derived from what it sends, so a retried batch never creates anything twice.")
@UseCase(description = "Sync the vendor master from an ERP extract into Ottimate.",
        configuration = """
                Set "Record Reader" to a CSVReader for the ERP's vendor export, "Record Writer" to a JsonRecordSetWriter,
                "Company ID" to the ottimate_company_id. Columns use the API's names: erp_vendor_id, erp_vendor_name, email, net_terms …
                Route "failure" to a review queue; "retry" back to this processor.
                """)
@WritesAttributes({
        @WritesAttribute(attribute = "record.count", description = "Records in a success, failure or retry record set"),
        @WritesAttribute(attribute = OttimateAttributes.ERROR_CODE, description = "On a failure or retry record set: the first record's error code"),
        @WritesAttribute(attribute = OttimateAttributes.ERROR_MESSAGE, description = "On a failure or retry record set: how many records, and the first one's error"),
        @WritesAttribute(attribute = "mime.type", description = "The Record Writer's type")
})
public class PutOttimateVendor extends AbstractPutOttimateMasterData {
    public PutOttimateVendor() {
        super(MasterDataResource.VENDORS);
    }
}
