package com.ottimate.nifi.processors.invoices;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.nifi.client.OttimateRequest;
import com.ottimate.nifi.client.OttimateResult;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.JsonContent;
import com.ottimate.nifi.processors.OttimateAttributes;
import com.ottimate.nifi.services.OttimateConnectionService;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.util.StandardValidators;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

@InputRequirement(InputRequirement.Requirement.INPUT_REQUIRED)
@Tags({"ottimate", "invoice", "accounts payable", "put", "create", "update", "json"})
@CapabilityDescription("Creates an invoice in Ottimate (POST /v1/invoices) from flowfile content holding one invoice as a JSON object, "
        + "or updates an existing one (PATCH /v1/invoices/{id}) when Invoice ID evaluates to a value. Creates carry an Idempotency-Key "
        + "that stays the same for a flowfile across retries, so a retried create never makes a second invoice. On success the content "
        + "becomes the API's answer (the stored invoice).")
@UseCase(description = "Create invoices in Ottimate from JSON documents produced by an ERP or an OCR pipeline.",
        configuration = """
                Set "Ottimate Connection Service" to a StandardOttimateConnectionService.
                Leave "Invoice ID" empty so each flowfile creates one invoice.
                Route "retry" back to this processor (it is penalized), and "failure" to a place where a person can fix the JSON.
                """)
@UseCase(description = "Update invoices that already exist in Ottimate, e.g. after a Fetch or List processor.",
        configuration = """
                Set "Invoice ID" to ${ottimate.invoice.id} (or the attribute holding the id).
                Content is the PATCH body: only the fields to change.
                """)
@SeeAlso(OttimateConnectionService.class)
@WritesAttributes({
        @WritesAttribute(attribute = OttimateAttributes.INVOICE_ID, description = "Id of the created or updated invoice"),
        @WritesAttribute(attribute = OttimateAttributes.STATUS_CODE, description = "HTTP status of the last attempt (0 when no answer arrived)"),
        @WritesAttribute(attribute = OttimateAttributes.REQUEST_ID, description = "The API's request id, for support tickets"),
        @WritesAttribute(attribute = OttimateAttributes.ATTEMPTS, description = "Attempts made, including retries"),
        @WritesAttribute(attribute = OttimateAttributes.IDEMPOTENCY_KEY, description = "Idempotency-Key sent with a create"),
        @WritesAttribute(attribute = OttimateAttributes.REPLAYED, description = "true when the API answered from its idempotency cache (the invoice already existed from an earlier attempt)"),
        @WritesAttribute(attribute = OttimateAttributes.ERROR_CODE, description = "On failure or retry: the API's error code, or a local one such as invalid_json"),
        @WritesAttribute(attribute = OttimateAttributes.ERROR_MESSAGE, description = "On failure or retry: what went wrong"),
        @WritesAttribute(attribute = "mime.type", description = "application/json on success")
})
public class PutOttimateInvoice extends AbstractOttimateProcessor {

    public static final PropertyDescriptor INVOICE_ID = new PropertyDescriptor.Builder()
            .name("Invoice ID")
            .description("Id of an existing invoice to update with PATCH. When empty (after Expression Language), the content creates a new invoice.")
            .required(false)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .build();

    static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(CONNECTION_SERVICE, INVOICE_ID, IDEMPOTENCY_KEY);
    static final Set<Relationship> RELATIONSHIPS = Set.of(REL_SUCCESS, REL_FAILURE, REL_RETRY);

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
        final OttimateConnectionService connection = connection(context);
        final ObjectMapper mapper = connection.mapper();
        final ObjectNode invoice;
        try {
            invoice = JsonContent.readObject(session, flowFile, mapper);
        } catch (final JsonContent.InvalidJson e) {
            routeBadInput(session, flowFile, "invalid_json", e.getMessage());
            return;
        }
        final String invoiceId = context.getProperty(INVOICE_ID).evaluateAttributeExpressions(flowFile).getValue();
        final boolean update = invoiceId != null && !invoiceId.isBlank();
        final String key = context.getProperty(IDEMPOTENCY_KEY).evaluateAttributeExpressions(flowFile).getValue();
        final byte[] body = toBytes(mapper, invoice);
        final OttimateRequest request;
        if (update) {
            request = OttimateRequest.patch("invoices", invoiceId.strip()).json(body).build();
        } else if (!validIdempotencyKey(session, flowFile, key)) {
            return;
        } else {
            request = OttimateRequest.post("invoices").json(body).idempotencyKey(key).build();
        }

        final long started = System.nanoTime();
        final OttimateResult result = connection.execute(request);
        final String action = (update ? "Updating invoice " + invoiceId.strip() : "Creating an invoice") + " from " + flowFile;
        FlowFile outcome = update ? flowFile : session.putAttribute(flowFile, OttimateAttributes.IDEMPOTENCY_KEY, key);
        if (!(result instanceof OttimateResult.Success success)) {
            routeUnsuccessful(session, outcome, result, action);
            return;
        }
        final Map<String, String> attributes = new HashMap<>();
        attributes.put(OttimateAttributes.INVOICE_ID, success.body().path("id").asText(update ? invoiceId.strip() : ""));
        attributes.put(OttimateAttributes.REPLAYED, Boolean.toString(success.replayed()));
        session.adjustCounter(update ? "Invoices updated" : "Invoices created", 1, false);
        transferSuccess(session, outcome, success, attributes, started, true);
    }

    private static byte[] toBytes(final ObjectMapper mapper, final ObjectNode invoice) {
        try {
            return mapper.writeValueAsBytes(invoice);
        } catch (final com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("A parsed JSON tree always serializes", e);
        }
    }
}
