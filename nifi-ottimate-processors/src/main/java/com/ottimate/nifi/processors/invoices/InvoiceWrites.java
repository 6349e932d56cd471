package com.ottimate.nifi.processors.invoices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ottimate.nifi.client.OttimateRequest;
import com.ottimate.nifi.client.OttimateResult;
import com.ottimate.nifi.services.OttimateConnectionService;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Invoice writes that are safe to send again after an attempt whose outcome is unknown (a time-out, a lost answer),
 * also where the server does not honour {@code Idempotency-Key} (a beta header in production) and where a PATCH adds
 * its lines again. Before sending again, the client looks for what the earlier attempt may have done:
 * <ul>
 *   <li>a create: an invoice with the same number (at the same location) created since shortly before it was first sent;</li>
 *   <li>an update that adds lines (items without an id): the invoice, read before the first attempt, holding the new lines
 *   among lines that were not there then.</li>
 * </ul>
 * A write whose attempt went unanswered waits on 'retry' until Ottimate can no longer be applying it
 * ({@code ottimate.unanswered.since}; an update also carries the line ids it read before, {@code ottimate.invoice.lines.before}),
 * then looks before it is sent again.
 */
final class InvoiceWrites {
    /** How long before the first attempt an invoice with our number may have been created and still be ours (clock skew). */
    static final Duration CREATED_SINCE = Duration.ofMinutes(2);

    private InvoiceWrites() {
    }

    static OttimateRequest create(final byte[] body, final ObjectNode invoice, final String key, final Instant now, final Instant unansweredSince) {
        final OttimateRequest.Builder post = OttimateRequest.post("invoices").json(body).idempotencyKey(key).unansweredSince(unansweredSince);
        final String number = invoice.path("invoice_number").asText("");
        if (number.isBlank()) {
            return post.build();
        }
        final String location = invoice.path("ottimate_location_id").asText("");
        // an invoice created shortly before the first attempt (or the attempt that went unanswered) may be ours
        final Instant since = (unansweredSince != null && unansweredSince.isBefore(now) ? unansweredSince : now).minus(CREATED_SINCE);
        final OttimateRequest search = OttimateRequest.get("invoices").query("search", number).query("ottimate_location_ids", location)
                .query("limit", "100").build();
        return post.lookup(search, answer -> {
            for (final JsonNode candidate : answer.path("results")) {
                if (number.equals(candidate.path("invoice_number").asText())
                        && (location.isEmpty() || !candidate.has("ottimate_location_id") || location.equals(candidate.path("ottimate_location_id").asText()))
                        && createdSince(candidate, since)) {
                    return Optional.of(candidate);
                }
            }
            return Optional.empty();
        }).build();
    }

    private static boolean createdSince(final JsonNode invoice, final Instant since) {
        final String created = invoice.path("created_at_utc").asText("");
        if (created.isEmpty()) {
            return true;
        }
        try {
            return !Instant.parse(created).isBefore(since);
        } catch (final DateTimeParseException e) {
            return true;
        }
    }

    /** An update ready to send, and the ids of the invoice's lines before it (null when it adds no lines, or they could not be read). */
    record Update(OttimateRequest request, Set<String> linesBefore) {
    }

    /**
     * PATCH /invoices/{id}. When it adds lines, the invoice's line ids before it are needed to tell its own new lines
     * from lines that were there: {@code linesBefore} when an earlier pass recorded them (the flowfile came back after an
     * unanswered attempt; the look-up then runs before anything is sent), else read now (one more request). If that read
     * fails, the PATCH is sent as it is.
     */
    static Update update(final OttimateConnectionService connection, final String id, final byte[] body, final ObjectNode invoice,
                         final Set<String> linesBefore, final Instant unansweredSince) {
        return update(connection, id, body, invoice, linesBefore, unansweredSince, false);
    }

    /**
     * The same for a write that cannot carry the line ids to a later pass (one record of many): after an attempt the API
     * may still be applying, the client waits for that to pass, then looks.
     */
    static Update updateWaitingInPlace(final OttimateConnectionService connection, final String id, final byte[] body, final ObjectNode invoice) {
        return update(connection, id, body, invoice, null, null, true);
    }

    private static Update update(final OttimateConnectionService connection, final String id, final byte[] body, final ObjectNode invoice,
                                 final Set<String> linesBefore, final Instant unansweredSince, final boolean waitInPlace) {
        final OttimateRequest.Builder patch = OttimateRequest.patch("invoices", id).json(body);
        final List<JsonNode> added = new ArrayList<>();
        invoice.path("items").forEach(item -> {
            if (!item.hasNonNull("id")) {
                added.add(item);
            }
        });
        if (added.isEmpty()) {
            return new Update(patch.build(), null);
        }
        final OttimateRequest read = OttimateRequest.get("invoices", id).build();
        final Set<String> existing;
        if (linesBefore != null) {
            existing = linesBefore;
            patch.unansweredSince(unansweredSince);
        } else {
            final OttimateResult before = connection.execute(read);
            if (!(before instanceof OttimateResult.Success success)) {
                return new Update(patch.build(), null);
            }
            existing = new HashSet<>();
            success.body().path("items").forEach(item -> existing.add(item.path("id").asText()));
        }
        if (waitInPlace) {
            patch.waitToSettle();
        }
        final OttimateRequest request = patch.lookup(read, now -> {
            final List<JsonNode> fresh = new ArrayList<>();
            now.path("items").forEach(item -> {
                if (!existing.contains(item.path("id").asText())) {
                    fresh.add(item);
                }
            });
            for (final JsonNode line : added) {
                if (!takeMatching(fresh, line)) {
                    return Optional.empty();
                }
            }
            return Optional.of(now);
        }).build();
        return new Update(request, existing);
    }

    /** Removes from {@code candidates} a line equal to {@code line} in every field it was sent with (numbers as decimals). */
    private static boolean takeMatching(final List<JsonNode> candidates, final JsonNode line) {
        for (int i = 0; i < candidates.size(); i++) {
            final JsonNode candidate = candidates.get(i);
            boolean same = true;
            for (final var field : (Iterable<java.util.Map.Entry<String, JsonNode>>) line::fields) {
                final JsonNode theirs = candidate.get(field.getKey());
                final JsonNode ours = field.getValue();
                if (theirs == null) {
                    same = false;
                } else if (ours.isNumber() || theirs.isNumber()) {
                    same = decimal(ours).map(a -> decimal(theirs).map(b -> a.compareTo(b) == 0).orElse(false)).orElse(false);
                } else {
                    same = ours.equals(theirs);
                }
                if (!same) {
                    break;
                }
            }
            if (same) {
                candidates.remove(i);
                return true;
            }
        }
        return false;
    }

    private static Optional<java.math.BigDecimal> decimal(final JsonNode node) {
        try {
            return Optional.of(node.isNumber() ? node.decimalValue() : new java.math.BigDecimal(node.asText()));
        } catch (final NumberFormatException e) {
            return Optional.empty();
        }
    }
}
