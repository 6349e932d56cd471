package com.ottimate.nifi.processors.masterdata;

import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.PrimaryNodeOnly;
import org.apache.nifi.annotation.behavior.Stateful;
import org.apache.nifi.annotation.behavior.TriggerSerially;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.state.Scope;

import java.util.Map;

@PrimaryNodeOnly
@TriggerSerially
@InputRequirement(InputRequirement.Requirement.INPUT_ALLOWED)
@Stateful(scopes = Scope.CLUSTER, description = "Where the incremental vendor listing resumes (last-modified bound and versions already emitted).")
@Tags({"ottimate", "vendor", "supplier", "master data", "list", "fetch", "incremental", "records"})
@CapabilityDescription("Reads vendors. Without an incoming connection it lists the vendors of a company incrementally (GET /v1/vendors "
        + "with last_modified_date_from_utc), keeping its position in cluster state: no duplicates, no gaps, and a new primary node "
        + "resumes where the old one stopped. With an incoming flowfile it fetches one vendor (GET /v1/vendors/{id}) when Object ID "
        + "is set, else lists with filters from the flowfile's attributes. Output: records (JSON by default with a JsonRecordSetWriter) "
        + "or one flowfile per vendor.")
@WritesAttributes({
        @WritesAttribute(attribute = "ottimate.vendor.id", description = "Vendor id (one flowfile per vendor, or the fetched vendor)"),
        @WritesAttribute(attribute = "ottimate.vendor.count", description = "Vendors emitted"),
        @WritesAttribute(attribute = "record.count", description = "Vendors in the flowfile (Records output)")
})
public class FetchOttimateVendors extends AbstractFetchOttimateMasterData {

    public FetchOttimateVendors() {
        super(MasterDataResource.VENDORS);
    }

    @Override
    protected Map<PropertyDescriptor, String> filters() {
        return Map.of();
    }
}
