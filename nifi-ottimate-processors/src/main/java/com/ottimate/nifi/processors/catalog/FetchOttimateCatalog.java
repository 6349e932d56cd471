/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.catalog;

import com.ottimate.nifi.client.model.OttimateRequest;
import com.ottimate.nifi.processors.OttimateAttributes;
import com.ottimate.nifi.processors.fetching.AbstractFetchOttimate;
import com.ottimate.nifi.processors.resources.ApiResource;
import com.ottimate.nifi.processors.resources.QueryFilter;
import com.ottimate.nifi.services.DescribedEnum;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.migration.PropertyConfiguration;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.util.StandardValidators;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

@Tags({"ottimate", "catalog", "price book", "allowance", "variance", "fetch", "query", "records"})
@CapabilityDescription("For each incoming flowfile, reads one Ottimate catalog entry by id, the invoice items behind a price variance, "
        + "or a query of catalog entries, allowances or variances [GET /v1/catalog/entries, /allowances, /variances].")
@UseCase(description = "Check a vendor's items before loading its price book, e.g. the entries with one SKU.",
        configuration = """
                Resource "Catalog Entries", Company ID ${ottimate.company.id}, SKU ${sku}, Output Strategy "Records".
                """)
@UseCase(description = "Explain a price variance: the invoice lines behind one catalog entry's variance.",
        configuration = """
                After ListOttimateCatalog (Resource "Variances", one flowfile per object): Resource "Variance Invoice Items",
                Catalog Entry ID ${ottimate.variance.id}.
                """)
@SeeAlso({ListOttimateCatalog.class, PutOttimateCatalog.class})
@WritesAttributes({
        @WritesAttribute(attribute = "ottimate.catalog.entry.id", description = "Id of the fetched entry, or of each entry (one flowfile per object)"),
        @WritesAttribute(attribute = "ottimate.allowance.id", description = "Allowance id (one flowfile per allowance)"),
        @WritesAttribute(attribute = "ottimate.variance.id", description = "Entry id of a variance (one flowfile per variance)"),
        @WritesAttribute(attribute = "ottimate.variance.item.id", description = "Invoice item id (one flowfile per variance invoice item)"),
        @WritesAttribute(attribute = "ottimate.catalog.entry.count", description = "Entries a query found"),
        @WritesAttribute(attribute = "ottimate.allowance.count", description = "Allowances a query found"),
        @WritesAttribute(attribute = "ottimate.variance.count", description = "Variances a query found"),
        @WritesAttribute(attribute = "ottimate.variance.item.count", description = "Variance invoice items found"),
        @WritesAttribute(attribute = "record.count", description = "Objects in the flowfile (Records output)"),
        @WritesAttribute(attribute = OttimateAttributes.STATUS_CODE, description = "HTTP status of the last attempt"),
        @WritesAttribute(attribute = OttimateAttributes.REQUEST_ID, description = "The API's request id"),
        @WritesAttribute(attribute = OttimateAttributes.ATTEMPTS, description = "Attempts made, including retries"),
        @WritesAttribute(attribute = OttimateAttributes.REQUESTS_TODAY, description = "Requests the connection sent today (UTC)"),
        @WritesAttribute(attribute = OttimateAttributes.ERROR_CODE, description = "On failure, retry or not found: the error code"),
        @WritesAttribute(attribute = OttimateAttributes.ERROR_MESSAGE, description = "On failure, retry or not found: what went wrong"),
        @WritesAttribute(attribute = "mime.type", description = "application/json, or the Record Writer's type")
})
public class FetchOttimateCatalog extends AbstractFetchOttimate {

    /** What to read for each flowfile. */
    public enum Resource implements DescribedEnum {
        ENTRIES("Catalog Entries", CatalogCollection.ENTRIES, ApiResource.CATALOG_ENTRIES, "Query the catalog entries of a company"),
        ENTRY_BY_ID("Catalog Entry by ID", null, ApiResource.CATALOG_ENTRIES, "One entry by its id (cte_...)"),
        ALLOWANCES("Allowances", CatalogCollection.ALLOWANCES, ApiResource.ALLOWANCES, "Query allowances, discounts and rebates"),
        VARIANCES("Variances", CatalogCollection.VARIANCES, ApiResource.VARIANCES, "Query catalog entries with price variances"),
        VARIANCE_INVOICE_ITEMS("Variance Invoice Items", null, ApiResource.VARIANCE_INVOICE_ITEMS, "The invoice lines behind one entry's variance");

        private final Label label;
        private final CatalogCollection collection;
        private final ApiResource resource;

        Resource(final String displayName, final CatalogCollection collection, final ApiResource resource, final String description) {
            this.collection = collection;
            this.resource = resource;
            this.label = new Label(displayName, description);
        }

        @Override
        public Label label() {
            return label;
        }

        static Resource of(final CatalogCollection collection) {
            return Arrays.stream(values()).filter(r -> r.collection == collection).findFirst().orElseThrow();
        }
    }

    public static final PropertyDescriptor RESOURCE = new PropertyDescriptor.Builder()
            .name("Resource").description("What to read.").required(true)
            .allowableValues(Resource.class).defaultValue(Resource.ENTRIES).build();

    public static final PropertyDescriptor ENTRY_ID = new PropertyDescriptor.Builder()
            .name("Catalog Entry ID").description("Id (cte_...) of the entry to read, or whose variance invoice items to read.").required(true)
            .defaultValue("${ottimate.catalog.entry.id}")
            .dependsOn(RESOURCE, Resource.ENTRY_BY_ID, Resource.VARIANCE_INVOICE_ITEMS)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR).expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES).build();

    static final List<QueryFilter.Property> FILTERS = CatalogCollection.properties(RESOURCE, false, Resource::of, CatalogCollection.values()).stream()
            .map(filter -> filter.dependsOn() == null ? filter.dependingOn(RESOURCE, Resource.ENTRIES, Resource.ALLOWANCES, Resource.VARIANCES) : filter)
            .toList();

    public static final PropertyDescriptor QUERY_PAGE_SIZE_BY_RESOURCE = new PropertyDescriptor.Builder()
            .fromPropertyDescriptor(QUERY_PAGE_SIZE)
            .dependsOn(RESOURCE, Resource.ENTRIES, Resource.ALLOWANCES, Resource.VARIANCES, Resource.VARIANCE_INVOICE_ITEMS)
            .build();

    public static final PropertyDescriptor OUTPUT_STRATEGY_BY_RESOURCE = new PropertyDescriptor.Builder()
            .fromPropertyDescriptor(OUTPUT_STRATEGY)
            .clearDependsOn()
            .dependsOn(RESOURCE, Resource.ENTRIES, Resource.ALLOWANCES, Resource.VARIANCES, Resource.VARIANCE_INVOICE_ITEMS)
            .build();

    static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS;

    static {
        final List<PropertyDescriptor> descriptors = new ArrayList<>(List.of(CONNECTION_SERVICE, RESOURCE, ENTRY_ID));
        descriptors.addAll(QueryFilter.descriptors(FILTERS));
        descriptors.addAll(List.of(QUERY_PAGE_SIZE_BY_RESOURCE, OUTPUT_STRATEGY_BY_RESOURCE, RECORD_WRITER));
        PROPERTY_DESCRIPTORS = List.copyOf(descriptors);
    }

    public FetchOttimateCatalog() {
        showRelationships(true);
    }

    /** 0.1.0's default read an attribute no processor writes any more; a flow that kept it gets the new one. */
    @Override
    public void migrateProperties(final PropertyConfiguration config) {
        if (config.getRawPropertyValue(ENTRY_ID).filter("${ottimate.object.id}"::equals).isPresent()) {
            config.setProperty(ENTRY_ID, ENTRY_ID.getDefaultValue());
        }
    }

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    public void onPropertyModified(final PropertyDescriptor descriptor, final String oldValue, final String newValue) {
        if (descriptor.getName().equals(RESOURCE.getName())) {
            showRelationships(!Resource.ENTRY_BY_ID.getValue().equals(newValue));
        }
    }

    @Override
    public void onTrigger(final ProcessContext context, final ProcessSession session) {
        final FlowFile flowFile = session.get();
        if (flowFile == null) {
            return;
        }
        final Resource resource = context.getProperty(RESOURCE).asAllowableValue(Resource.class);
        if (resource == Resource.ENTRY_BY_ID || resource == Resource.VARIANCE_INVOICE_ITEMS) {
            final String id = requiredId(context, session, flowFile, ENTRY_ID);
            if (id == null) {
                return;
            }
            if (resource == Resource.ENTRY_BY_ID) {
                fetchOne(context, session, flowFile, resource.resource, resource.resource.one(id).build(), "Fetching catalog entry " + id, entry -> Map.of());
            } else {
                query(context, session, flowFile, resource.resource, resource.resource.list(id).build(), "Reading the variance invoice items of " + id);
            }
            return;
        }
        try {
            final OttimateRequest request = QueryFilter.apply(resource.resource.list(null), FILTERS, context, flowFile).build();
            query(context, session, flowFile, resource.resource, request, "Querying " + resource.getDisplayName().toLowerCase(Locale.ROOT) + " for " + flowFile);
        } catch (final QueryFilter.InvalidFilter e) {
            routeBadInput(session, flowFile, "invalid_filter", e.getMessage());
        }
    }
}
