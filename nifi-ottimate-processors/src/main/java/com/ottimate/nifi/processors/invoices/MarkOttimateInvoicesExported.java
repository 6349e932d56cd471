/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.invoices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.nifi.client.model.OttimateRequest;
import com.ottimate.nifi.client.model.OttimateResult;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.IdempotencyKeys;
import com.ottimate.nifi.processors.OttimateAttributes;
import com.ottimate.nifi.processors.resources.ApiResource;
import com.ottimate.nifi.processors.resources.ApiResource.Action;
import com.ottimate.nifi.services.DescribedEnum;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.SupportsBatching;
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
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.record.Record;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

@SupportsBatching
@InputRequirement(InputRequirement.Requirement.INPUT_REQUIRED)
@Tags({"ottimate", "invoice", "export", "erp", "mark exported", "mark unexported", "records"})
@CapabilityDescription("Marks Ottimate invoices as exported to the ERP, or takes the mark back, for the invoice ids in an attribute or in "
        + "the records of a flowfile [POST /v1/invoices/mark-exported, /v1/invoices/mark-unexported].")
@UseCase(description = "After an ERP export, tell Ottimate which invoices were exported.",
        configuration = """
                ListOttimateInvoices (status ready-for-export, Record Writer) -> your ERP load -> MarkOttimateInvoicesExported.
                Set "Invoice IDs Source" to "Records", "Record Reader" to a JsonTreeReader, "Invoice ID Field" to "id".
                Set "Export Transaction ID" to the ERP batch number, e.g. ${erp.batch.id}.
                """)
@SeeAlso({ListOttimateInvoices.class, FetchOttimateInvoice.class})
@WritesAttributes({
        @WritesAttribute(attribute = "ottimate.updated.count", description = "Invoices the API updated"),
        @WritesAttribute(attribute = "ottimate.failed.count", description = "Invoices the API refused (listed in the content's 'failed')"),
        @WritesAttribute(attribute = "ottimate.request.count", description = "Calls made (one per batch of up to Batch Size ids)"),
        @WritesAttribute(attribute = OttimateAttributes.STATUS_CODE, description = "HTTP status of the last call"),
        @WritesAttribute(attribute = OttimateAttributes.REQUEST_ID, description = "The API's request id"),
        @WritesAttribute(attribute = OttimateAttributes.ATTEMPTS, description = "Attempts made by the last call, including retries"),
        @WritesAttribute(attribute = OttimateAttributes.REQUESTS_TODAY, description = "Requests the connection sent today (UTC)"),
        @WritesAttribute(attribute = OttimateAttributes.ERROR_CODE, description = "On failure or retry: the error code"),
        @WritesAttribute(attribute = OttimateAttributes.ERROR_MESSAGE, description = "On failure or retry: what went wrong"),
        @WritesAttribute(attribute = "mime.type", description = "application/json: the API's answers merged")
})
public class MarkOttimateInvoicesExported extends AbstractOttimateProcessor {

    public enum Mark implements DescribedEnum {
        EXPORTED("Mark Exported", Action.MARK_EXPORTED, "POST /v1/invoices/mark-exported"),
        UNEXPORTED("Mark Unexported", Action.MARK_UNEXPORTED, "POST /v1/invoices/mark-unexported: the invoices can be exported again");

        private final Label label;
        private final Action action;

        Mark(final String displayName, final Action action, final String description) {
            this.action = action;
            this.label = new Label(displayName, description);
        }

        @Override
        public Label label() {
            return label;
        }
    }

    public enum IdSource implements DescribedEnum {
        ATTRIBUTE("Attribute", "Invoice IDs property (Expression Language), comma-separated"),
        RECORDS("Records", "One id per record of the flowfile, from Invoice ID Field");

        private final Label label;

        IdSource(final String displayName, final String description) {
            this.label = new Label(displayName, description);
        }

        @Override
        public Label label() {
            return label;
        }
    }

    public static final PropertyDescriptor MARK = new PropertyDescriptor.Builder()
            .name("Mark")
            .description("Mark the invoices exported, or take the mark back.")
            .required(true)
            .allowableValues(Mark.class)
            .defaultValue(Mark.EXPORTED)
            .build();

    public static final PropertyDescriptor ID_SOURCE = new PropertyDescriptor.Builder()
            .name("Invoice IDs Source")
            .description("Where the invoice ids come from.")
            .required(true)
            .allowableValues(IdSource.class)
            .defaultValue(IdSource.ATTRIBUTE)
            .build();

    public static final PropertyDescriptor INVOICE_IDS = new PropertyDescriptor.Builder()
            .name("Invoice IDs")
            .description("Comma-separated invoice ids.")
            .required(true)
            .defaultValue("${ottimate.invoice.id}")
            .dependsOn(ID_SOURCE, IdSource.ATTRIBUTE)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .build();

    public static final PropertyDescriptor RECORD_READER = new PropertyDescriptor.Builder()
            .name("Record Reader")
            .description("Reads the records holding the invoice ids.")
            .required(true)
            .dependsOn(ID_SOURCE, IdSource.RECORDS)
            .identifiesControllerService(RecordReaderFactory.class)
            .build();

    public static final PropertyDescriptor ID_FIELD = new PropertyDescriptor.Builder()
            .name("Invoice ID Field")
            .description("Top-level record field holding the invoice id.")
            .required(true)
            .defaultValue("id")
            .dependsOn(ID_SOURCE, IdSource.RECORDS)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor MARKED_REASON = new PropertyDescriptor.Builder()
            .name("Marked Reason")
            .description("Reason recorded in each invoice's history.")
            .required(false)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .build();

    public static final PropertyDescriptor EXPORT_TRANSACTION_ID = new PropertyDescriptor.Builder()
            .name("Export Transaction ID")
            .description("The ERP's id for this export (e.g. a journal batch number).")
            .required(false)
            .dependsOn(MARK, Mark.EXPORTED)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .build();

    public static final PropertyDescriptor FLAG_INVOICE = new PropertyDescriptor.Builder()
            .name("Flag Invoices")
            .description("Also flag the invoices for review when taking the export mark back.")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("false")
            .dependsOn(MARK, Mark.UNEXPORTED)
            .build();

    public static final PropertyDescriptor BATCH_SIZE = new PropertyDescriptor.Builder()
            .name("Batch Size")
            .description("Invoice ids per call (the API takes at most 100).")
            .required(true)
            .defaultValue("100")
            .addValidator(StandardValidators.createLongValidator(1, 100, true))
            .build();

    static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(CONNECTION_SERVICE, MARK, ID_SOURCE, INVOICE_IDS, RECORD_READER,
            ID_FIELD, MARKED_REASON, EXPORT_TRANSACTION_ID, FLAG_INVOICE, BATCH_SIZE, IDEMPOTENCY_KEY);
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
        final List<String> ids;
        try {
            ids = readIds(context, session, flowFile);
        } catch (final Exception e) {
            routeBadInput(session, flowFile, "invalid_records", "Could not read invoice ids: " + e.getMessage());
            return;
        }
        if (ids.isEmpty()) {
            routeBadInput(session, flowFile, "missing_invoice_id", "No invoice ids found in " + flowFile);
            return;
        }
        final String key = context.getProperty(IDEMPOTENCY_KEY).evaluateAttributeExpressions(flowFile).getValue();
        if (!validIdempotencyKey(session, flowFile, key)) {
            return;
        }
        final Mark mark = context.getProperty(MARK).asAllowableValue(Mark.class);
        final String reason = context.getProperty(MARKED_REASON).evaluateAttributeExpressions(flowFile).getValue();
        final String transaction = mark == Mark.EXPORTED ? context.getProperty(EXPORT_TRANSACTION_ID).evaluateAttributeExpressions(flowFile).getValue() : null;
        final int batchSize = context.getProperty(BATCH_SIZE).asInteger();

        final ObjectNode merged = JSON.createObjectNode();
        OttimateResult.Success last = null;
        int requests = 0;
        final long started = System.nanoTime();
        for (int from = 0; from < ids.size(); from += batchSize) {
            final List<String> batch = ids.subList(from, Math.min(ids.size(), from + batchSize));
            final ObjectNode body = body(batch, reason, transaction, mark == Mark.UNEXPORTED ? context.getProperty(FLAG_INVOICE).asBoolean() : null);
            final OttimateResult result = connection(context).execute(request(mark, body, batchKey(key, from / batchSize)));
            requests++;
            if (!(result instanceof OttimateResult.Success success)) {
                routeUnsuccessful(session, flowFile, result, mark.getDisplayName() + " for " + batch.size() + " invoice(s) (batch "
                        + (from / batchSize + 1) + ")");
                return;
            }
            last = success;
            success.body().properties().forEach(e -> {
                if (e.getValue().isArray()) {
                    merged.withArray(e.getKey()).addAll((ArrayNode) e.getValue());
                }
            });
        }
        route(session, flowFile, mark, ids.size(), merged, last, requests, started);
    }

    /** One batch's body: the ids, with the reason and transaction on each entry and on the whole, and whether to flag. */
    private static ObjectNode body(final List<String> batch, final String reason, final String transaction, final Boolean flagInvoice) {
        final ObjectNode body = JSON.createObjectNode();
        final ArrayNode invoices = body.putArray("invoices");
        for (final String id : batch) {
            final ObjectNode entry = invoices.addObject();
            entry.set("invoice_id", idNode(id));
            if (reason != null) {
                entry.put("marked_reason", reason);
            }
            if (transaction != null) {
                entry.put("export_transaction_id", transaction);
            }
        }
        if (reason != null) {
            body.put("marked_reason", reason);
        }
        if (transaction != null) {
            body.put("export_transaction_id", transaction);
        }
        if (flagInvoice != null) {
            body.put("flag_invoice", flagInvoice);
        }
        return body;
    }

    /** One key per batch, stable for this flowfile: a retried flowfile replays the batches that already went through. */
    private static OttimateRequest request(final Mark mark, final ObjectNode body, final String batchKey) {
        final OttimateRequest.Builder request = OttimateRequest.post(ApiResource.INVOICES.action(mark.action))
                .json(body.toString().getBytes(StandardCharsets.UTF_8)).idempotencyKey(batchKey);
        if (mark == Mark.EXPORTED) {
            // the API logs the batch under this id: the same for every pass of the same batch, so support can follow it
            request.header("X-Export-Batch-Id", batchKey);
        }
        return request.build();
    }

    /** All marked: success. Some ids refused: failure, with the merged answer whose 'failed' list shows which, and why. */
    private void route(final ProcessSession session, final FlowFile flowFile, final Mark mark, final int asked, final ObjectNode merged,
                       final OttimateResult.Success last, final int requests, final long started) {
        final int updated = merged.path("updated").size();
        final int failed = merged.path("failed").size();
        final Map<String, String> attributes = new HashMap<>();
        attributes.put("ottimate.updated.count", Integer.toString(updated));
        attributes.put("ottimate.failed.count", Integer.toString(failed));
        attributes.put("ottimate.request.count", Integer.toString(requests));
        session.adjustCounter("Invoices " + mark.getDisplayName().toLowerCase(Locale.ROOT), updated, false);
        final OttimateResult.Success answer = new OttimateResult.Success(last.uri(), last.status(), merged, last.requestId(), last.replayed(), last.attempts());
        if (failed == 0) {
            transferSuccess(session, flowFile, answer, attributes, started, true);
            return;
        }
        FlowFile out = session.write(flowFile, stream -> JSON.writeValue(stream, merged));
        out = session.putAllAttributes(out, attributes);
        session.getProvenanceReporter().send(out, last.uri().toString());
        routeBadInput(session, out, "invoices_refused", failed + " of " + asked + " invoice(s) were not marked: " + merged.path("failed"));
    }

    /**
     * The key of batch {@code n}: the flowfile's key with {@code .n} while that fits the API's 128 characters, else a
     * digest of both; either way the same for every pass of the same flowfile, and always a valid key.
     */
    static String batchKey(final String key, final int n) {
        final String plain = key + "." + n;
        return plain.length() <= 128 ? plain : IdempotencyKeys.of("mark" + n, key.getBytes(StandardCharsets.UTF_8));
    }

    /** Numeric ids go as numbers (the API's documented type), others (UUIDs) as strings. */
    private static JsonNode idNode(final String id) {
        return id.matches("\\d{1,18}") ? JSON.getNodeFactory().numberNode(Long.parseLong(id)) : JSON.getNodeFactory().textNode(id);
    }

    private List<String> readIds(final ProcessContext context, final ProcessSession session, final FlowFile flowFile) throws Exception {
        if (context.getProperty(ID_SOURCE).asAllowableValue(IdSource.class) == IdSource.ATTRIBUTE) {
            final String raw = context.getProperty(INVOICE_IDS).evaluateAttributeExpressions(flowFile).getValue();
            return raw == null ? List.of() : Arrays.stream(raw.split(",")).map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
        }
        final RecordReaderFactory readers = context.getProperty(RECORD_READER).asControllerService(RecordReaderFactory.class);
        final String field = context.getProperty(ID_FIELD).getValue();
        final List<String> ids = new ArrayList<>();
        try (InputStream in = session.read(flowFile); RecordReader reader = readers.createRecordReader(flowFile, in, getLogger())) {
            Record record;
            int index = 0;
            while ((record = reader.nextRecord()) != null) {
                final Object value = record.getValue(field);
                if (value == null || value.toString().isBlank()) {
                    throw new IllegalArgumentException("record " + index + " has no '" + field + "'");
                }
                ids.add(value.toString().strip());
                index++;
            }
        }
        return ids;
    }
}
