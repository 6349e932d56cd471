package com.ottimate.nifi.processors.invoices;

import com.ottimate.nifi.client.OttimateRequest;
import com.ottimate.nifi.client.OttimateResult;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.OttimateAttributes;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.components.PropertyDescriptor;
import com.ottimate.nifi.services.Choice;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;

import java.util.List;
import java.util.Map;
import java.util.Set;

@InputRequirement(InputRequirement.Requirement.INPUT_REQUIRED)
@Tags({"ottimate", "invoice", "accounts payable", "fetch", "get", "json"})
@CapabilityDescription("Fetches one invoice with its line items (GET /v1/invoices/{id}) and replaces the flowfile content with it. "
        + "An unknown id goes to 'not found'.")
@SeeAlso({PutOttimateInvoice.class})
@WritesAttributes({
        @WritesAttribute(attribute = OttimateAttributes.INVOICE_ID, description = "Id of the fetched invoice"),
        @WritesAttribute(attribute = "ottimate.invoice.status", description = "The invoice's status, e.g. pending-approval"),
        @WritesAttribute(attribute = OttimateAttributes.STATUS_CODE, description = "HTTP status of the last attempt"),
        @WritesAttribute(attribute = OttimateAttributes.REQUEST_ID, description = "The API's request id"),
        @WritesAttribute(attribute = OttimateAttributes.ERROR_CODE, description = "On failure, retry or not found: the error code"),
        @WritesAttribute(attribute = OttimateAttributes.ERROR_MESSAGE, description = "On failure, retry or not found: what went wrong"),
        @WritesAttribute(attribute = "mime.type", description = "application/json on success")
})
public class FetchOttimateInvoice extends AbstractOttimateProcessor {

    /** What GET /invoices/{id}?expand= adds. */
    public enum Expansion implements Choice {
        NONE("None", null, "Header and line items only"),
        HISTORY("History", "history", "Add the invoice's history"),
        GL_SPLITS("GL Splits", "gl_splits", "Add general-ledger splits"),
        ALL("History and GL Splits", "history,gl_splits", "Add both");

        private final Label label;
        private final String value;

        Expansion(final String displayName, final String value, final String description) {
            this.value = value;
            this.label = new Label(displayName, description);
        }

        String queryValue() {
            return value;
        }

        @Override
        public Label label() {
            return label;
        }
    }

    public static final PropertyDescriptor INVOICE_ID = InvoiceProperties.INVOICE_ID;

    public static final PropertyDescriptor EXPAND = new PropertyDescriptor.Builder()
            .name("Expand")
            .description("Extra sections to include in the answer.")
            .required(true)
            .allowableValues(Expansion.class)
            .defaultValue(Expansion.NONE)
            .build();

    static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(CONNECTION_SERVICE, INVOICE_ID, EXPAND);
    static final Set<Relationship> RELATIONSHIPS = Set.of(REL_SUCCESS, REL_NOT_FOUND, REL_FAILURE, REL_RETRY);

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    public Set<Relationship> getRelationships() {
        return RELATIONSHIPS;
    }

    @Override
    public void onTrigger(final ProcessContext context, final ProcessSession session) {
        final FlowFile flowFile = session.get();
        if (flowFile == null) {
            return;
        }
        final String id = context.getProperty(INVOICE_ID).evaluateAttributeExpressions(flowFile).getValue();
        if (id == null || id.isBlank()) {
            routeBadInput(session, flowFile, "missing_invoice_id", "Invoice ID evaluated to an empty value");
            return;
        }
        final OttimateRequest request = OttimateRequest.get("invoices", id.strip())
                .query("expand", context.getProperty(EXPAND).asAllowableValue(Expansion.class).queryValue())
                .build();
        final long started = System.nanoTime();
        final OttimateResult result = connection(context).execute(request);
        if (result instanceof OttimateResult.Success success) {
            transferSuccess(session, flowFile, success, Map.of(OttimateAttributes.INVOICE_ID, success.body().path("id").asText(id.strip()),
                    "ottimate.invoice.status", success.body().path("status").asText("")), started, false);
        } else {
            routeUnsuccessful(session, flowFile, result, "Fetching invoice " + id.strip());
        }
    }
}
