/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.invoices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.nifi.client.Finding;
import com.ottimate.nifi.client.Lookup;
import com.ottimate.nifi.client.model.OttimateRequest;
import com.ottimate.nifi.client.model.OttimateResult;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.OttimateAttributes;
import com.ottimate.nifi.processors.resources.ApiResource;
import com.ottimate.nifi.processors.resources.ApiResource.Action;
import com.ottimate.nifi.services.DescribedEnum;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.SupportsBatching;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.MultiProcessorUseCase;
import org.apache.nifi.annotation.documentation.ProcessorConfiguration;
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

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

@SupportsBatching
@InputRequirement(InputRequirement.Requirement.INPUT_REQUIRED)
@Tags({"ottimate", "invoice", "approval", "approve", "flag", "review", "approver", "workflow"})
@CapabilityDescription("Approves an Ottimate invoice, flags it for review, or lists, adds or removes its approvers "
        + "[POST /v1/invoices/{id}/approve, /v1/invoices/{id}/flag; /v1/invoices/{id}/approvers].")
@UseCase(description = "Flag invoices for review when a rule matches (e.g. total over a limit), approve the others.",
        configuration = """
                After FetchOttimateInvoice and EvaluateJsonPath (total_amount), use RouteOnAttribute to split.
                One ApproveOttimateInvoice with Operation "Flag for Review" and Flagging Reason "Total ${total} over limit".
                One ApproveOttimateInvoice with Operation "Approve".
                """)
@MultiProcessorUseCase(description = "Approve invoices under a limit automatically and flag the others for review.",
        keywords = {"approval", "rule", "auto-approve"},
        configurations = {
                @ProcessorConfiguration(processorClass = ListOttimateInvoices.class, configuration = """
                        Status "pending-approval", Output Strategy "One FlowFile per Object".
                        """),
                @ProcessorConfiguration(processorClassName = "org.apache.nifi.processors.standard.EvaluateJsonPath", configuration = """
                        Destination flowfile-attribute; invoice.total = $.total_amount.
                        """),
                @ProcessorConfiguration(processorClassName = "org.apache.nifi.processors.standard.RouteOnAttribute", configuration = """
                        auto-approve = ${invoice.total:toDecimal():le(500)}.
                        """),
                @ProcessorConfiguration(processorClass = ApproveOttimateInvoice.class, configuration = """
                        Two of them: Operation "Approve" on auto-approve, Operation "Flag for Review" with a Flagging Reason on unmatched.
                        """)
        })
@SeeAlso({FetchOttimateInvoice.class, ListOttimateInvoices.class})
@WritesAttributes({
        @WritesAttribute(attribute = OttimateAttributes.UNANSWERED_SINCE, description = "On retry: when the first unanswered attempt of a "
                + "write was sent; what it made cannot be older (the look-up's window)"),
        @WritesAttribute(attribute = OttimateAttributes.UNANSWERED_SETTLED, description = "On retry: when the latest unanswered attempt can no "
                + "longer be applied; when the flowfile comes back after it, the write is looked for by its proof before anything is sent"),
        @WritesAttribute(attribute = OttimateAttributes.INVOICE_ID, description = "The invoice acted on"),
        @WritesAttribute(attribute = "ottimate.invoice.status", description = "Status after approve or flag"),
        @WritesAttribute(attribute = "ottimate.approval.id", description = "Id of the approval added (Add Approver)"),
        @WritesAttribute(attribute = "ottimate.approver.count", description = "Number of approvers (List Approvers)"),
        @WritesAttribute(attribute = OttimateAttributes.STATUS_CODE, description = "HTTP status of the last attempt"),
        @WritesAttribute(attribute = OttimateAttributes.REQUEST_ID, description = "The API's request id"),
        @WritesAttribute(attribute = OttimateAttributes.ATTEMPTS, description = "Attempts made, including retries"),
        @WritesAttribute(attribute = OttimateAttributes.REQUESTS_TODAY, description = "Requests the connection sent today (UTC)"),
        @WritesAttribute(attribute = OttimateAttributes.ERROR_CODE, description = "On failure, retry or not found: the error code"),
        @WritesAttribute(attribute = OttimateAttributes.ERROR_MESSAGE, description = "On failure, retry or not found: what went wrong"),
        @WritesAttribute(attribute = "mime.type", description = "application/json on success")
})
public class ApproveOttimateInvoice extends AbstractOttimateProcessor {

    public enum Operation implements DescribedEnum {
        APPROVE("Approve", "Approve the invoice; it becomes ready-for-export once all approvals are complete"),
        FLAG("Flag for Review", "Flag the invoice with a reason; its status becomes incomplete"),
        LIST_APPROVERS("List Approvers", "Write the invoice's approvers as JSON"),
        ADD_APPROVER("Add Approver", "Add a manual approver by email"),
        REMOVE_APPROVER("Remove Approver", "Remove an approval by its id (pbjappr_...)");

        private final Label label;

        Operation(final String displayName, final String description) {
            this.label = new Label(displayName, description);
        }

        @Override
        public Label label() {
            return label;
        }
    }

    public static final PropertyDescriptor OPERATION = new PropertyDescriptor.Builder()
            .name("Operation")
            .description("What to do with the invoice.")
            .required(true)
            .allowableValues(Operation.class)
            .defaultValue(Operation.APPROVE)
            .build();

    public static final PropertyDescriptor INVOICE_ID = InvoiceProperties.INVOICE_ID;

    public static final PropertyDescriptor FLAGGING_REASON = new PropertyDescriptor.Builder()
            .name("Flagging Reason")
            .description("Why the invoice needs review; shown to AP staff in Ottimate.")
            .required(true)
            .dependsOn(OPERATION, Operation.FLAG)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .build();

    public static final PropertyDescriptor APPROVER_EMAIL = new PropertyDescriptor.Builder()
            .name("Approver Email")
            .description("Email of the Ottimate user to add as a manual approver.")
            .required(true)
            .dependsOn(OPERATION, Operation.ADD_APPROVER)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .build();

    public static final PropertyDescriptor APPROVAL_ID = new PropertyDescriptor.Builder()
            .name("Approval ID")
            .description("Id of the approval to remove, as listed by List Approvers (pbjappr_...).")
            .required(true)
            .defaultValue("${ottimate.approval.id}")
            .dependsOn(OPERATION, Operation.REMOVE_APPROVER)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .build();

    public static final PropertyDescriptor OPERATION_IDEMPOTENCY_KEY = new PropertyDescriptor.Builder()
            .fromPropertyDescriptor(IDEMPOTENCY_KEY)
            .dependsOn(OPERATION, Operation.APPROVE, Operation.FLAG, Operation.ADD_APPROVER)
            .build();

    static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(CONNECTION_SERVICE, OPERATION, INVOICE_ID, FLAGGING_REASON,
            APPROVER_EMAIL, APPROVAL_ID, OPERATION_IDEMPOTENCY_KEY);
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
        final Operation operation = context.getProperty(OPERATION).asAllowableValue(Operation.class);
        final String invoiceId = usableId(session, flowFile, INVOICE_ID.getName(), context.getProperty(INVOICE_ID).evaluateAttributeExpressions(flowFile).getValue());
        if (invoiceId == null) {
            return;
        }
        final OttimateRequest request = request(context, session, flowFile, operation, invoiceId);
        if (request == null) {
            return;
        }
        final long started = System.nanoTime();
        final OttimateResult result = connection(context).execute(request);
        if (!(result instanceof OttimateResult.Success success)) {
            routeUnsuccessful(session, flowFile, result, operation.getDisplayName() + " on invoice " + invoiceId);
            return;
        }
        session.adjustCounter("Invoices: " + operation.getDisplayName(), 1, false);
        transferSuccess(session, flowFile, success, successAttributes(operation, invoiceId, success.body()), started, operation != Operation.LIST_APPROVERS);
    }

    /** What the answer tells about the invoice: its status after an approval or flag, the approval made, the approvers counted. */
    private static Map<String, String> successAttributes(final Operation operation, final String invoiceId, final JsonNode answer) {
        final Map<String, String> attributes = new HashMap<>();
        attributes.put(OttimateAttributes.INVOICE_ID, invoiceId);
        switch (operation) {
            case APPROVE, FLAG -> attributes.put("ottimate.invoice.status", answer.path("invoice").path("status").asText(""));
            case ADD_APPROVER -> attributes.put("ottimate.approval.id", answer.path("id").asText(""));
            case LIST_APPROVERS -> attributes.put("ottimate.approver.count", Integer.toString(answer.path("approvers").size()));
            default -> { }
        }
        return attributes;
    }

    /** The call {@code operation} makes on the invoice; null when the flowfile's input was refused (it is routed already). */
    private OttimateRequest request(final ProcessContext context, final ProcessSession session, final FlowFile flowFile, final Operation operation,
                                    final String invoiceId) {
        final String key = operation == Operation.LIST_APPROVERS || operation == Operation.REMOVE_APPROVER ? null
                : context.getProperty(OPERATION_IDEMPOTENCY_KEY).evaluateAttributeExpressions(flowFile).getValue();
        switch (operation) {
            case APPROVE -> {
                if (!validIdempotencyKey(session, flowFile, key)) {
                    return null;
                }
                return OttimateRequest.post(ApiResource.INVOICES.action(invoiceId, Action.APPROVE)).json(json(JSON.createObjectNode())).idempotencyKey(key).build();
            }
            case FLAG -> {
                final String reason = context.getProperty(FLAGGING_REASON).evaluateAttributeExpressions(flowFile).getValue();
                if (reason == null || reason.isBlank()) {
                    routeBadInput(session, flowFile, "missing_flagging_reason", "Flagging Reason evaluated to an empty value");
                    return null;
                }
                if (!validIdempotencyKey(session, flowFile, key)) {
                    return null;
                }
                return OttimateRequest.post(ApiResource.INVOICES.action(invoiceId, Action.FLAG))
                        .json(json(JSON.createObjectNode().put("flagging_reason", reason))).idempotencyKey(key).build();
            }
            case ADD_APPROVER -> {
                final String email = context.getProperty(APPROVER_EMAIL).evaluateAttributeExpressions(flowFile).getValue();
                if (email == null || !email.strip().matches("[^@\\s]+@[^@\\s]+")) {
                    routeBadInput(session, flowFile, "invalid_approver_email", "Approver Email evaluated to '" + email + "', which is not an email address");
                    return null;
                }
                if (!validIdempotencyKey(session, flowFile, key)) {
                    return null;
                }
                final ObjectNode body = JSON.createObjectNode();
                body.putObject("approver").put("email", email.strip());
                return OttimateRequest.post(ApiResource.INVOICES.action(invoiceId, Action.APPROVERS)).json(json(body)).idempotencyKey(key)
                        .unanswered(OttimateAttributes.unanswered(flowFile))
                        .lookup(Lookup.reading(OttimateRequest.get(ApiResource.INVOICES.action(invoiceId, Action.APPROVERS)).build(),
                                (approvers, window) -> approval(invoiceId, email.strip(), approvers)))
                        .build();
            }
            case REMOVE_APPROVER -> {
                final String approvalId = usableId(session, flowFile, APPROVAL_ID.getName(),
                        context.getProperty(APPROVAL_ID).evaluateAttributeExpressions(flowFile).getValue());
                if (approvalId == null) {
                    return null;
                }
                return OttimateRequest.delete(ApiResource.INVOICES.action(invoiceId, Action.APPROVERS)).query("approval_id", approvalId.strip()).build();
            }
            default -> {
                return OttimateRequest.get(ApiResource.INVOICES.action(invoiceId, Action.APPROVERS)).build();
            }
        }
    }

    /** The invoice's approval of {@code email}, which an unanswered add may have made: one proves it, several go to a person. */
    private static Finding approval(final String invoiceId, final String email, final JsonNode answer) {
        if (answer.isMissingNode()) {
            return new Finding.Unconfirmed("Invoice " + invoiceId + " is gone: whether its unanswered approver add went through cannot be told");
        }
        final List<JsonNode> approvals = new ArrayList<>();
        answer.path("approvers").forEach(approval -> {
            if (email.equalsIgnoreCase(approval.path("approver").path("email").asText())) {
                approvals.add(approval);
            }
        });
        return switch (approvals.size()) {
            case 0 -> Finding.absent();
            case 1 -> new Finding.Proven(approvals.getFirst());
            default -> new Finding.Unconfirmed("Invoice " + invoiceId + " has " + approvals.size() + " approvals of " + email
                    + ": which one its unanswered add made cannot be told. Check the approvers in Ottimate");
        };
    }

    private static byte[] json(final ObjectNode body) {
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }
}
