/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.invoices;

import com.fasterxml.jackson.databind.JsonNode;
import com.ottimate.nifi.client.Lookup;
import com.ottimate.nifi.client.model.OttimateRequest;
import com.ottimate.nifi.client.model.OttimateResult;
import com.ottimate.nifi.client.model.RequestBody;
import com.ottimate.nifi.client.model.UnansweredWrite;
import com.ottimate.nifi.processors.AbstractOttimateProcessor;
import com.ottimate.nifi.processors.OttimateAttributes;
import com.ottimate.nifi.processors.async.PendingWork;
import com.ottimate.nifi.processors.resources.ApiResource;
import com.ottimate.nifi.processors.resources.ApiResource.Action;
import com.ottimate.nifi.processors.resources.QueryFilter;
import com.ottimate.nifi.services.DescribedEnum;
import com.ottimate.nifi.services.OttimateConnectionService;
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
import org.apache.nifi.migration.PropertyConfiguration;
import org.apache.nifi.migration.RelationshipConfiguration;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.util.StandardValidators;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

@SupportsBatching
@InputRequirement(InputRequirement.Requirement.INPUT_REQUIRED)
@Tags({"ottimate", "invoice", "upload", "pdf", "ocr", "extraction", "multipart", "file"})
@CapabilityDescription("Uploads the flowfile content, an invoice document (PDF, JPG, PNG or TIFF), to Ottimate for extraction, or "
        + "replaces an existing invoice's images with it [POST /v1/invoices/upload, PATCH /v1/invoices/{id}/images].")
@UseCase(description = "Send invoice PDFs from a mailbox or an SFTP drop to Ottimate and continue once they are extracted.",
        configuration = """
                ConsumeIMAP or FetchSFTP -> UploadOttimateInvoiceFile with Location ID set (e.g. ${location.id}).
                Connect 'pending' back to UploadOttimateInvoiceFile; 'success' means extraction finished.
                Connect 'retry' back as well; send 'failure' to a review queue.
                """)
@MultiProcessorUseCase(description = "Send invoice PDFs arriving by email to Ottimate and continue once the invoices exist.",
        keywords = {"pdf", "email", "extraction"},
        configurations = {
                @ProcessorConfiguration(processorClassName = "org.apache.nifi.processors.email.ConsumeIMAP", configuration = """
                        The AP mailbox; success to ExtractEmailAttachments.
                        """),
                @ProcessorConfiguration(processorClassName = "org.apache.nifi.processors.email.ExtractEmailAttachments", configuration = """
                        One flowfile per attachment; attachments to UploadOttimateInvoiceFile.
                        """),
                @ProcessorConfiguration(processorClass = UploadOttimateInvoiceFile.class, configuration = """
                        Location ID of the mailbox's location; pending and retry looped back; success once extracted.
                        """)
        })
@SeeAlso({ListOttimateInvoices.class, FetchOttimateInvoice.class, PutOttimateInvoice.class})
@WritesAttributes({
        @WritesAttribute(attribute = OttimateAttributes.UNANSWERED_SINCE, description = "On retry: when the first unanswered attempt of a "
                + "write was sent; what it made cannot be older (the look-up's window)"),
        @WritesAttribute(attribute = OttimateAttributes.UNANSWERED_SETTLED, description = "On retry: when the latest unanswered attempt can no "
                + "longer be applied; when the flowfile comes back after it, the write is looked for by its proof before anything is sent"),
        @WritesAttribute(attribute = "ottimate.upload.reference.id", description = "The API's reference id of the upload"),
        @WritesAttribute(attribute = "ottimate.upload.status", description = "uploaded, processing, extracted or failed"),
        @WritesAttribute(attribute = "ottimate.upload.started", description = "When the upload was accepted (epoch millis), for the timeout"),
        @WritesAttribute(attribute = "ottimate.upload.attempt", description = "Upload attempts made; each uses its own single-use key"),
        @WritesAttribute(attribute = "ottimate.image.count", description = "Images on the invoice after Replace Invoice Images"),
        @WritesAttribute(attribute = "ottimate.upload.reconciled", description = "true when an ambiguous failure was resolved by finding the upload"),
        @WritesAttribute(attribute = OttimateAttributes.STATUS_CODE, description = "HTTP status of the last call"),
        @WritesAttribute(attribute = OttimateAttributes.REQUEST_ID, description = "The API's request id"),
        @WritesAttribute(attribute = OttimateAttributes.ATTEMPTS, description = "On failure or retry: attempts made"),
        @WritesAttribute(attribute = OttimateAttributes.INVOICE_ID, description = "Replace Invoice Images: the invoice whose images were replaced; "
                + "New Invoice: the invoice an earlier, unanswered upload had already become"),
        @WritesAttribute(attribute = OttimateAttributes.REQUESTS_TODAY, description = "On failure or retry: requests the connection sent today (UTC)"),
        @WritesAttribute(attribute = UploadOttimateInvoiceFile.UNSETTLED, description = "After an upload with no clear answer: when it was tried, so the next pass looks for it first"),
        @WritesAttribute(attribute = PendingWork.JOBS, description = "On the flowfile sent to pending: the upload being followed"),
        @WritesAttribute(attribute = PendingWork.SINCE, description = "On the flowfile sent to pending: when the upload was accepted"),
        @WritesAttribute(attribute = PendingWork.POLLS, description = "On the flowfile sent to pending: polls made"),
        @WritesAttribute(attribute = PendingWork.BATCH_SIZE, description = "On the flowfile sent to pending: 0"),
        @WritesAttribute(attribute = OttimateAttributes.ERROR_CODE, description = "On failure or retry: the error code"),
        @WritesAttribute(attribute = OttimateAttributes.ERROR_MESSAGE, description = "On failure or retry: what went wrong")
})
public class UploadOttimateInvoiceFile extends AbstractOttimateProcessor {

    /** What an upload found extracted no longer carries: its wait on 'pending', and what its passes on 'retry' wrote. */
    private static final Set<String> CLEARED_WHEN_EXTRACTED = union(PendingWork.attributeNames(), CLEARED_ON_SUCCESS);
    static final String REFERENCE_ID = "ottimate.upload.reference.id";
    static final String UPLOAD_STATUS = "ottimate.upload.status";
    static final String STARTED = "ottimate.upload.started";
    static final String ATTEMPT = "ottimate.upload.attempt";
    static final String RECONCILED = "ottimate.upload.reconciled";
    /** 0.2 kept an unanswered attempt's start (epoch millis) here; read once, as an unanswered write. */
    static final String UNSETTLED = "ottimate.upload.unsettled";

    /** Where the file goes. */
    public enum Target implements DescribedEnum {
        NEW_INVOICE("New Invoice (Extraction)", "POST /v1/invoices/upload: Ottimate extracts a new invoice from the file"),
        REPLACE_IMAGES("Replace Invoice Images", "PATCH /v1/invoices/{id}/images: the file becomes the image of an existing invoice");

        private final Label label;

        Target(final String displayName, final String description) {
            this.label = new Label(displayName, description);
        }

        @Override
        public Label label() {
            return label;
        }
    }

    public static final PropertyDescriptor TARGET = new PropertyDescriptor.Builder()
            .name("Upload Target")
            .description("Upload for extraction of a new invoice, or replace the images of an existing one.")
            .required(true)
            .allowableValues(Target.class)
            .defaultValue(Target.NEW_INVOICE)
            .build();

    public static final PropertyDescriptor INVOICE_ID = new PropertyDescriptor.Builder()
            .fromPropertyDescriptor(InvoiceProperties.INVOICE_ID)
            .dependsOn(TARGET, Target.REPLACE_IMAGES)
            .build();

    public static final PropertyDescriptor LOCATION_ID = new PropertyDescriptor.Builder()
            .name("Location ID")
            .description("ottimate_location_id the invoice belongs to.")
            .required(true)
            .dependsOn(TARGET, Target.NEW_INVOICE)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .build();

    public static final PropertyDescriptor FILE_NAME = new PropertyDescriptor.Builder()
            .name("File Name")
            .description("Name of the file as Ottimate shows it; its extension decides the type when MIME Type is not one of the supported ones.")
            .required(true)
            .defaultValue("${filename}")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .build();

    public static final PropertyDescriptor MIME_TYPE = new PropertyDescriptor.Builder()
            .name("MIME Type")
            .description("Content type of the file: application/pdf, image/jpeg, image/png or image/tiff.")
            .required(false)
            .defaultValue("${mime.type}")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .build();

    public static final PropertyDescriptor METADATA = new PropertyDescriptor.Builder()
            .name("Metadata")
            .description("Optional JSON object sent as the 'metadata' field (e.g. {\"source\": \"ap-mailbox\"}).")
            .required(false)
            .dependsOn(TARGET, Target.NEW_INVOICE)
            .addValidator(QueryFilter.Kind.JSON_OBJECT.validator())
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .build();

    public static final PropertyDescriptor CREATED_EMAIL = new PropertyDescriptor.Builder()
            .name("Created Email")
            .description("Optional email of the person the invoice is attributed to.")
            .required(false)
            .dependsOn(TARGET, Target.NEW_INVOICE)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .build();

    public static final PropertyDescriptor WAIT_FOR_EXTRACTION = new PropertyDescriptor.Builder()
            .name("Wait for Extraction")
            .description("Follow the upload until extraction finishes (via the 'pending' relationship), or go to 'success' once uploaded.")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("true")
            .dependsOn(TARGET, Target.NEW_INVOICE)
            .build();

    public static final PropertyDescriptor EXTRACTION_TIMEOUT = new PropertyDescriptor.Builder()
            .name("Extraction Timeout")
            .description("How long after the upload to keep following the extraction before routing to failure.")
            .required(true)
            .defaultValue("2 hours")
            .dependsOn(WAIT_FOR_EXTRACTION, "true")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    public static final PropertyDescriptor UNIQUE_FILE_NAME = new PropertyDescriptor.Builder()
            .name("Unique File Name")
            .description("Sends the file under its name with a tag derived from the Idempotency Key (invoice.pdf becomes "
                    + "invoice-nf3a9c0e12b4d1.pdf). After an upload whose answer was lost, only that tag lets the processor prove which "
                    + "upload in Ottimate is this one, however many files share its name; it then follows that upload instead of "
                    + "uploading again. false: the name is sent as it is, and a lost answer goes to failure (unconfirmed_write) for a "
                    + "person to check.")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("true")
            .dependsOn(TARGET, Target.NEW_INVOICE)
            .build();

    public static final PropertyDescriptor UPLOAD_IDEMPOTENCY_KEY = new PropertyDescriptor.Builder()
            .fromPropertyDescriptor(IDEMPOTENCY_KEY)
            .dependsOn(TARGET, Target.NEW_INVOICE)
            .build();

    static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(CONNECTION_SERVICE, TARGET, LOCATION_ID, INVOICE_ID, FILE_NAME, MIME_TYPE,
            METADATA, CREATED_EMAIL, WAIT_FOR_EXTRACTION, EXTRACTION_TIMEOUT, UNIQUE_FILE_NAME, UPLOAD_IDEMPOTENCY_KEY);
    static final Set<Relationship> RELATIONSHIPS = Set.of(REL_SUCCESS, REL_PENDING, REL_NOT_FOUND, REL_FAILURE, REL_RETRY);

    private final Clock clock;

    public UploadOttimateInvoiceFile() {
        this(Clock.systemUTC());
    }

    /** For tests: the clock that decides extraction time-outs. */
    UploadOttimateInvoiceFile(final Clock clock) {
        this.clock = clock;
    }

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    public Set<Relationship> getRelationships() {
        return RELATIONSHIPS;
    }

    /** 0.2 had a settle time of its own; the connection service's Unanswered Write Settle Time applies to uploads too now. */
    @Override
    public void migrateProperties(final PropertyConfiguration config) {
        config.removeProperty("Ambiguous Upload Settle Time");
    }

    /** 0.1.0 called the extraction loop 'extracting'; every asynchronous loop of the bundle is 'pending' now. */
    @Override
    public void migrateRelationships(final RelationshipConfiguration config) {
        config.renameRelationship("extracting", REL_PENDING.getName());
    }

    @Override
    public void onTrigger(final ProcessContext context, final ProcessSession session) {
        final FlowFile flowFile = session.get();
        if (flowFile == null) {
            return;
        }
        if (context.getProperty(TARGET).asAllowableValue(Target.class) == Target.REPLACE_IMAGES) {
            replaceImages(context, session, flowFile);
            return;
        }
        final String location = context.getProperty(LOCATION_ID).evaluateAttributeExpressions(flowFile).getValue();
        if (location == null || !location.strip().matches("\\d{1,18}")) {
            routeBadInput(session, flowFile, "invalid_location_id", "Location ID evaluated to '" + location + "'; expected an integer ottimate_location_id");
            return;
        }
        // a flowfile back from 'pending' is followed; anything else (even with a reference id from an earlier upload) is uploaded
        final boolean waiting = PendingWork.of(flowFile).isPresent() && flowFile.getAttribute(REFERENCE_ID) != null;
        if (waiting && context.getProperty(WAIT_FOR_EXTRACTION).asBoolean()) {
            followExtraction(context, session, flowFile, location.strip());
        } else if (waiting) {
            // Wait for Extraction was turned off while it waited: it was uploaded, which is all that is asked now
            session.transfer(session.putAttribute(session.removeAllAttributes(flowFile, PendingWork.attributeNames()), UPLOAD_STATUS, "uploaded"),
                    REL_SUCCESS);
        } else {
            upload(context, session, flowFile, location.strip());
        }
    }

    private void upload(final ProcessContext context, final ProcessSession session, final FlowFile flowFile, final String location) {
        final Optional<InvoiceFile> file = checkFile(context, session, flowFile);
        if (file.isEmpty()) {
            return;
        }
        final String metadata = context.getProperty(METADATA).evaluateAttributeExpressions(flowFile).getValue();
        if (metadata != null && !isJsonObject(metadata)) {
            routeBadInput(session, flowFile, "invalid_metadata", "Metadata must be a JSON object, got: " + metadata);
            return;
        }
        final String baseKey = context.getProperty(UPLOAD_IDEMPOTENCY_KEY).evaluateAttributeExpressions(flowFile).getValue();
        final int attempt = parseInt(flowFile.getAttribute(ATTEMPT)) + 1;
        // upload keys are single-use: every attempt gets its own, derived from the flowfile so it is still unique and traceable
        final String key = baseKey + "-u" + attempt;
        if (!validIdempotencyKey(session, flowFile, key)) {
            return;
        }
        final boolean unique = context.getProperty(UNIQUE_FILE_NAME).asBoolean();
        final String filename = unique ? UploadLookup.tagged(file.get().name, baseKey) : file.get().name;
        final InvoiceFile sent = file.get().named(filename);
        final RequestBody.Multipart body = sent.body(uploadFields(location, filename, metadata,
                context.getProperty(CREATED_EMAIL).evaluateAttributeExpressions(flowFile).getValue()), "file", session, flowFile);
        final long started = System.nanoTime();
        // an earlier attempt whose answer was lost is looked for (by the tagged name) before a new key is spent on the file
        final OttimateRequest request = OttimateRequest.post(ApiResource.INVOICES.action(Action.UPLOAD)).body(body).idempotencyKey(key).atMostOnce()
                .unanswered(unanswered(flowFile))
                .lookup(unique ? UploadLookup.of(location, filename) : Lookup.unprovable("Upload of " + filename
                        + " got no answer, and its name is not unique (Unique File Name is false), so no upload in Ottimate can be proven "
                        + "to be this one. Check the location's uploads in Ottimate, then send it again or drop it"))
                .build();
        final OttimateConnectionService connection = connection(context);
        final String uploadUri = connection.uriOf(request).toString();
        final OttimateResult result;
        try (sent) {
            result = connection.execute(request);
        }
        // a pass that only waited or looked sent nothing under this key: the next upload may use it
        final int used = result.attempts() > 0 ? attempt : attempt - 1;
        final FlowFile counted = session.removeAttribute(session.putAttribute(flowFile, ATTEMPT, Integer.toString(used)), UNSETTLED);
        if (!(result instanceof OttimateResult.Success success)) {
            routeUnsuccessful(session, counted, result, "Uploading " + filename + " from " + counted);
            return;
        }
        if (success.replayed() && success.body().hasNonNull(UploadLookup.INVOICE_ID)) {
            foundExtracted(session, counted, success.body().get(UploadLookup.INVOICE_ID).asText(), uploadUri);
            return;
        }
        accepted(context, session, counted, used, success.body().path("reference_id").asText(), success, uploadUri, started);
    }

    /** The form fields of an upload besides the file. */
    private static Map<String, String> uploadFields(final String location, final String filename, final String metadata, final String createdEmail) {
        final Map<String, String> fields = new LinkedHashMap<>();
        fields.put("ottimate_location_id", location);
        fields.put("filename", filename);
        if (metadata != null) {
            fields.put("metadata", metadata);
        }
        if (createdEmail != null) {
            fields.put("created_email", createdEmail);
        }
        return fields;
    }

    /** The lost attempt's upload was found already extracted, as {@code invoiceId}: nothing left to wait for. */
    private static void foundExtracted(final ProcessSession session, final FlowFile flowFile, final String invoiceId, final String uploadUri) {
        final FlowFile done = session.putAllAttributes(session.removeAllAttributes(flowFile, PendingWork.attributeNames()), Map.of(RECONCILED,
                "true", UPLOAD_STATUS, "extracted", OttimateAttributes.INVOICE_ID, invoiceId));
        session.getProvenanceReporter().send(done, uploadUri);
        session.adjustCounter("Invoice files uploaded", 1, false);
        session.transfer(session.removeAllAttributes(done, CLEARED_ON_SUCCESS), REL_SUCCESS);
    }

    /** The unanswered attempts the flowfile carries (0.2 kept only the start of one, in {@link #UNSETTLED}). */
    private static UnansweredWrite unanswered(final FlowFile flowFile) {
        final UnansweredWrite carried = OttimateAttributes.unanswered(flowFile);
        final String legacy = flowFile.getAttribute(UNSETTLED);
        if (carried != null || legacy == null || legacy.isBlank()) {
            return carried;
        }
        final Instant since = Instant.ofEpochMilli(parseLong(legacy));
        return new UnansweredWrite(since, since);
    }

    /** The file to send, or empty when the flowfile was refused (to failure) before any request. */
    private Optional<InvoiceFile> checkFile(final ProcessContext context, final ProcessSession session, final FlowFile flowFile) {
        final String givenName = context.getProperty(FILE_NAME).evaluateAttributeExpressions(flowFile).getValue();
        final String declared = context.getProperty(MIME_TYPE).evaluateAttributeExpressions(flowFile).getValue();
        final InvoiceFile.Refusal refusal = InvoiceFile.refusal(flowFile.getSize(), givenName, declared);
        if (refusal != null) {
            routeBadInput(session, flowFile, refusal.code(), refusal.message());
            return Optional.empty();
        }
        return Optional.of(InvoiceFile.of(givenName, declared));
    }

    private void replaceImages(final ProcessContext context, final ProcessSession session, final FlowFile flowFile) {
        final String id = usableId(session, flowFile, INVOICE_ID.getName(), context.getProperty(INVOICE_ID).evaluateAttributeExpressions(flowFile).getValue());
        if (id == null) {
            return;
        }
        final Optional<InvoiceFile> file = checkFile(context, session, flowFile);
        if (file.isEmpty()) {
            return;
        }
        final long started = System.nanoTime();
        final OttimateResult result;
        try (InvoiceFile sent = file.get()) {
            // PATCH replaces the images: sending it again gives the same end state, so ordinary retries are safe
            result = connection(context).execute(OttimateRequest.patch(ApiResource.INVOICES.action(id.strip(), Action.IMAGES))
                    .body(sent.body(Map.of(), "images", session, flowFile)).build());
        }
        if (!(result instanceof OttimateResult.Success success)) {
            routeUnsuccessful(session, flowFile, result, "Replacing the images of invoice " + id.strip());
            return;
        }
        final JsonNode errors = success.body().path("image_errors");
        if (errors.size() > 0) {
            routeBadInput(session, flowFile, "image_rejected", "Ottimate refused the image: " + errors);
            return;
        }
        final FlowFile updated = session.putAllAttributes(session.removeAllAttributes(flowFile, CLEARED_ON_SUCCESS), Map.of(OttimateAttributes.INVOICE_ID, id.strip(),
                "ottimate.image.count", Integer.toString(success.body().path("images").size()),
                OttimateAttributes.STATUS_CODE, Integer.toString(success.status())));
        session.getProvenanceReporter().send(updated, success.uri().toString(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        session.adjustCounter("Invoice images replaced", 1, false);
        session.transfer(updated, REL_SUCCESS);
    }

    private void accepted(final ProcessContext context, final ProcessSession session, final FlowFile flowFile, final int attempt,
                          final String referenceId, final OttimateResult.Success success, final String uri, final long started) {
        final boolean reconciled = success.replayed();
        final boolean wait = context.getProperty(WAIT_FOR_EXTRACTION).asBoolean();
        final Map<String, String> attributes = new HashMap<>();
        attributes.put(ATTEMPT, Integer.toString(attempt));
        attributes.put(REFERENCE_ID, referenceId);
        attributes.put(STARTED, Long.toString(clock.millis()));
        attributes.put(RECONCILED, Boolean.toString(reconciled));
        attributes.put(UPLOAD_STATUS, wait ? "processing" : "uploaded");
        attributes.put(OttimateAttributes.STATUS_CODE, Integer.toString(success.status()));
        if (success.requestId() != null) {
            attributes.put(OttimateAttributes.REQUEST_ID, success.requestId());
        }
        final FlowFile updated = session.putAllAttributes(session.removeAllAttributes(flowFile, CLEARED_ON_SUCCESS), attributes);
        session.getProvenanceReporter().send(updated, uri, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        session.adjustCounter("Invoice files uploaded", 1, false);
        if (wait) {
            PendingWork.start(clock.millis(), 0).with(new PendingWork.Job(-1, referenceId, false)).park(session, updated, Map.of(), REL_PENDING);
        } else {
            session.transfer(updated, REL_SUCCESS);
        }
    }

    private void followExtraction(final ProcessContext context, final ProcessSession session, final FlowFile flowFile, final String location) {
        final String referenceId = flowFile.getAttribute(REFERENCE_ID);
        final OttimateResult result = connection(context).execute(OttimateRequest.get(ApiResource.INVOICES.action(Action.UPLOADS)).query("ottimate_location_id", location).build());
        if (!(result instanceof OttimateResult.Success success)) {
            routeUnsuccessful(session, flowFile, result, "Following extraction of upload " + referenceId);
            return;
        }
        final Optional<JsonNode> upload = find(success.body().path("results"), referenceId);
        if (upload.isEmpty()) {
            session.adjustCounter("Invoice files extracted", 1, false);
            session.transfer(session.putAttribute(session.removeAllAttributes(flowFile, CLEARED_WHEN_EXTRACTED), UPLOAD_STATUS, "extracted"),
                    REL_SUCCESS);
            return;
        }
        final String status = upload.get().path("status").asText("processing");
        if (status.equalsIgnoreCase("failed") || status.equalsIgnoreCase("error")) {
            routeBadInput(session, session.putAttribute(flowFile, UPLOAD_STATUS, "failed"), "extraction_failed",
                    "Ottimate could not extract an invoice from upload " + referenceId + " (status " + status + ")");
            return;
        }
        final long startedMillis = parseLong(flowFile.getAttribute(STARTED));
        final long timeout = context.getProperty(EXTRACTION_TIMEOUT).asTimePeriod(TimeUnit.MILLISECONDS);
        if (clock.millis() - startedMillis > timeout) {
            routeBadInput(session, flowFile, "extraction_timeout", "Upload " + referenceId + " is still " + status + " after "
                    + context.getProperty(EXTRACTION_TIMEOUT).getValue());
            return;
        }
        PendingWork.of(flowFile).orElseGet(() -> PendingWork.start(startedMillis, 0).with(new PendingWork.Job(-1, referenceId, false)))
                .park(session, flowFile, Map.of(UPLOAD_STATUS, status), REL_PENDING);
    }

    private static Optional<JsonNode> find(final JsonNode results, final String id) {
        for (final JsonNode upload : results) {
            if (id.equals(upload.path("id").asText())) {
                return Optional.of(upload);
            }
        }
        return Optional.empty();
    }

    private static boolean isJsonObject(final String text) {
        try {
            return JSON.readTree(text).isObject();
        } catch (final IOException e) {
            return false;
        }
    }

    private static int parseInt(final String value) {
        try {
            return value == null ? 0 : Integer.parseInt(value);
        } catch (final NumberFormatException e) {
            return 0;
        }
    }

    private static long parseLong(final String value) {
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (final NumberFormatException e) {
            return 0;
        }
    }
}
