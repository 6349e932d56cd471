/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ottimate.nifi.client.model.OttimateRequest;
import org.apache.nifi.components.DescribedValue;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;
import org.apache.nifi.context.PropertyContext;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.flowfile.FlowFile;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One query parameter of a collection, as a processor property: its name, the parameter it fills, and what a value
 * must look like. Sources evaluate it against the environment, fetchers against each incoming flowfile; a value that
 * cannot be right is refused by validation when it has no Expression Language, and at run time otherwise.
 */
public final class QueryFilter {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a value must look like. */
    public enum Kind {
        TEXT("text"),
        INTEGER("an integer id"),
        ID_LIST("comma-separated ids"),
        DATE("a date, YYYY-MM-DD"),
        TIMESTAMP("a time: ISO 8601 with an offset (2025-05-20T15:17:35Z) or YYYY-MM-DD HH:MM:SS in UTC"),
        JSON_OBJECT("a JSON object"),
        BOOLEAN("true or false");

        private final String expected;

        Kind(final String expected) {
            this.expected = expected;
        }

        /** Empty when {@code value} is acceptable, else what is wrong with it. */
        public Optional<String> problem(final String value) {
            final String v = value.strip();
            final boolean ok = switch (this) {
                case TEXT -> !v.isEmpty();
                case INTEGER -> v.matches("\\d{1,18}");
                case ID_LIST -> Arrays.stream(v.split(",")).map(String::strip).allMatch(id -> !id.isEmpty());
                case DATE -> parses(() -> LocalDate.parse(v));
                case TIMESTAMP -> parses(() -> OffsetDateTime.parse(v)) || parses(() -> LocalDateTime.parse(v.replace(' ', 'T')))
                        || parses(() -> LocalDate.parse(v));
                case JSON_OBJECT -> isJsonObject(v);
                case BOOLEAN -> v.equals("true") || v.equals("false");
            };
            return ok ? Optional.empty() : Optional.of("'" + value + "' is not " + expected);
        }

        /** Refuses a literal value of the wrong shape; a value with Expression Language is checked when evaluated. */
        public Validator validator() {
            return (subject, input, context) -> {
                if (context.isExpressionLanguageSupported(subject) && context.isExpressionLanguagePresent(input)) {
                    return new ValidationResult.Builder().subject(subject).input(input).valid(true)
                            .explanation("checked when it is evaluated").build();
                }
                final Optional<String> problem = problem(input == null ? "" : input);
                return new ValidationResult.Builder().subject(subject).input(input).valid(problem.isEmpty())
                        .explanation(problem.orElse(null)).build();
            };
        }

        /** A date or time value as an instant (dates at their start, UTC), for comparing the ends of a range. */
        Optional<Instant> instant(final String value) {
            final String v = value.strip();
            if (this == DATE || this == TIMESTAMP) {
                for (final Supplier<Instant> parse : List.<Supplier<Instant>>of(
                        () -> OffsetDateTime.parse(v).toInstant(),
                        () -> LocalDateTime.parse(v.replace(' ', 'T')).toInstant(ZoneOffset.UTC),
                        () -> LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC))) {
                    try {
                        return Optional.of(parse.get());
                    } catch (final DateTimeParseException e) {
                        // try the next form
                    }
                }
            }
            return Optional.empty();
        }

        private static boolean parses(final Runnable parse) {
            try {
                parse.run();
                return true;
            } catch (final DateTimeParseException e) {
                return false;
            }
        }

        private static boolean isJsonObject(final String value) {
            try {
                final JsonNode node = JSON.readTree(value);
                return node != null && node.isObject();
            } catch (final IOException e) {
                return false;
            }
        }
    }

    private final String name;
    private final String parameter;
    private final String description;
    private final Kind kind;
    private final PropertyDescriptor forSources;
    private final PropertyDescriptor forFlowFiles;
    /** For a true/false property that sends one fixed value when true (expand=items), else null. */
    private final String whenTrue;

    private QueryFilter(final String name, final String parameter, final String description, final Kind kind, final boolean required) {
        this(name, parameter, description, kind, required, null);
    }

    private QueryFilter(final String name, final String parameter, final String description, final Kind kind, final boolean required,
                        final String whenTrue) {
        this.name = name;
        this.parameter = parameter;
        this.description = description;
        this.kind = kind;
        this.whenTrue = whenTrue;
        this.forSources = descriptor(ExpressionLanguageScope.ENVIRONMENT, required,
                " Supports Expression Language (parameters and environment variables).");
        this.forFlowFiles = descriptor(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES, required,
                " Supports Expression Language with the incoming flowfile's attributes.");
    }

    public static QueryFilter optional(final String name, final String parameter, final Kind kind, final String description) {
        return new QueryFilter(name, parameter, description, kind, false);
    }

    /** A true/false property that sends {@code parameter=sent} when true and nothing otherwise. */
    public static QueryFilter flag(final String name, final String parameter, final String sent, final String description) {
        return new QueryFilter(name, parameter, description, Kind.BOOLEAN, false, sent);
    }

    public static QueryFilter required(final String name, final String parameter, final Kind kind, final String description) {
        return new QueryFilter(name, parameter, description, kind, true);
    }

    private PropertyDescriptor descriptor(final ExpressionLanguageScope scope, final boolean required, final String elNote) {
        final PropertyDescriptor.Builder builder = new PropertyDescriptor.Builder()
                .name(name)
                .description(description + " Sent as '" + parameter + "'." + elNote)
                .required(required)
                .addValidator(kind.validator())
                .expressionLanguageSupported(scope);
        if (kind == Kind.BOOLEAN) {
            builder.allowableValues("true", "false");
        }
        return builder.build();
    }

    public String name() {
        return name;
    }

    public String parameter() {
        return parameter;
    }

    /** As a property of a source processor (no incoming flowfile: parameters and environment only). */
    public Property onSource() {
        return new Property(this, forSources, null, Set.of());
    }

    /** As a property evaluated against each incoming flowfile. */
    public Property onFlowFile() {
        return new Property(this, forFlowFiles, null, Set.of());
    }

    /** A filter as one processor offers it: the descriptor may add dependencies, the parameter stays the filter's. */
    public record Property(QueryFilter filter, PropertyDescriptor descriptor, PropertyDescriptor dependsOn, Set<String> values) {
        /** Shown, and sent, only while {@code property} has one of {@code values}. */
        public Property dependingOn(final PropertyDescriptor property, final DescribedValue... values) {
            return new Property(filter, new PropertyDescriptor.Builder().fromPropertyDescriptor(descriptor)
                    .dependsOn(property, values[0], Arrays.copyOfRange(values, 1, values.length)).build(),
                    property, Arrays.stream(values).map(DescribedValue::getValue).collect(Collectors.toSet()));
        }

        boolean applies(final PropertyContext context) {
            return dependsOn == null || values.contains(context.getProperty(dependsOn).getValue());
        }

        /** The value evaluated and checked (empty when unset); a value that cannot be right is an {@link InvalidFilter}. */
        public Optional<String> value(final PropertyContext context, final FlowFile flowFile) throws InvalidFilter {
            final String value = flowFile == null
                    ? context.getProperty(descriptor).evaluateAttributeExpressions().getValue()
                    : context.getProperty(descriptor).evaluateAttributeExpressions(flowFile).getValue();
            if (value == null || value.isBlank()) {
                return Optional.empty();
            }
            final Optional<String> problem = filter.kind.problem(value);
            if (problem.isPresent()) {
                throw new InvalidFilter(filter.name + " evaluated to " + problem.get());
            }
            return Optional.of(value.strip());
        }
    }

    /** Adds each of {@code filters} that applies (its dependencies met) and has a value to {@code request}. */
    public static OttimateRequest.Builder apply(final OttimateRequest.Builder request, final List<Property> filters, final PropertyContext context,
                                                final FlowFile flowFile) throws InvalidFilter {
        for (final Property filter : filters) {
            if (!filter.applies(context)) {
                continue;
            }
            final Optional<String> value = filter.value(context, flowFile);
            if (value.isPresent() && filter.filter().whenTrue != null) {
                if (value.get().equals("true")) {
                    request.query(filter.filter().parameter(), filter.filter().whenTrue);
                }
            } else if (value.isPresent()) {
                request.query(filter.filter().parameter(), value.get());
            }
        }
        return request;
    }

    /** The descriptors of {@code filters}, for a processor's property list. */
    public static List<PropertyDescriptor> descriptors(final List<Property> filters) {
        return filters.stream().map(Property::descriptor).toList();
    }

    /**
     * Two filters that bound one range, e.g. a date window: the start must not come after the end. When the flag
     * {@code bounding} is on (null: never), the API also needs both ends, at most {@code maxSpan} apart.
     */
    public record Range(QueryFilter from, QueryFilter to, Duration maxSpan, QueryFilter bounding) {
        public Range(final QueryFilter from, final QueryFilter to) {
            this(from, to, null, null);
        }
    }

    /**
     * Ranges among {@code properties} whose literal ends are the wrong way round (ends with Expression Language are
     * checked when evaluated: the API refuses them then).
     */
    public static List<ValidationResult> rangeProblems(final ValidationContext context, final Collection<PropertyDescriptor> properties,
                                                       final List<Range> ranges) {
        final List<ValidationResult> problems = new ArrayList<>();
        final Set<String> offered = properties.stream().map(PropertyDescriptor::getName).collect(Collectors.toSet());
        for (final Range range : ranges) {
            if (!offered.contains(range.from().name()) || !offered.contains(range.to().name())) {
                // another processor's range (a flag of the same name, e.g. Include Line Items, does not make it this one's)
                continue;
            }
            final Optional<Instant> from = literalInstant(context, properties, range.from());
            final Optional<Instant> to = literalInstant(context, properties, range.to());
            if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
                problems.add(new ValidationResult.Builder().subject(range.from().name()).valid(false)
                        .explanation(range.from().name() + " comes after " + range.to().name() + ": nothing could match").build());
            } else if (range.bounding() != null && "true".equals(literal(context, properties, range.bounding()).orElse(null))) {
                if (!set(context, properties, range.from()) || !set(context, properties, range.to())) {
                    problems.add(new ValidationResult.Builder().subject(range.from().name()).valid(false)
                            .explanation("with " + range.bounding().name() + " the API needs both " + range.from().name() + " and "
                                    + range.to().name()).build());
                } else if (from.isPresent() && to.isPresent() && Duration.between(from.get(), to.get()).compareTo(range.maxSpan()) > 0) {
                    problems.add(new ValidationResult.Builder().subject(range.from().name()).valid(false)
                            .explanation("with " + range.bounding().name() + ", " + range.from().name() + " and " + range.to().name()
                                    + " are at most " + range.maxSpan().toDays() + " days apart, which the API requires").build());
                }
            }
        }
        return problems;
    }

    private static Optional<Instant> literalInstant(final ValidationContext context, final Collection<PropertyDescriptor> properties,
                                                    final QueryFilter filter) {
        return literal(context, properties, filter).flatMap(filter.kind::instant);
    }

    /** The filter's value as set on the processor, when it applies and holds no Expression Language. */
    private static Optional<String> literal(final ValidationContext context, final Collection<PropertyDescriptor> properties, final QueryFilter filter) {
        return value(context, properties, filter).filter(value -> !context.isExpressionLanguagePresent(value)).map(String::strip);
    }

    /** True when the filter applies and has a value (Expression Language included). */
    private static boolean set(final ValidationContext context, final Collection<PropertyDescriptor> properties, final QueryFilter filter) {
        return value(context, properties, filter).isPresent();
    }

    private static Optional<String> value(final ValidationContext context, final Collection<PropertyDescriptor> properties, final QueryFilter filter) {
        final Map<String, PropertyDescriptor> byName = properties.stream().collect(Collectors.toMap(PropertyDescriptor::getName, d -> d, (a, b) -> a));
        return Optional.ofNullable(byName.get(filter.name()))
                .filter(descriptor -> context.isDependencySatisfied(descriptor, byName::get))
                .map(descriptor -> context.getProperty(descriptor).getValue())
                .filter(value -> value != null && !value.isBlank());
    }

    /** A filter value that cannot be sent; the message names the property and what it should be. */
    public static final class InvalidFilter extends Exception {
        public InvalidFilter(final String message) {
            super(message, null, false, false);
        }
    }
}
