/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.masterdata;

import com.ottimate.nifi.client.model.OttimateRequest;
import com.ottimate.nifi.processors.listing.AbstractSnapshotList;
import com.ottimate.nifi.processors.records.ObjectOutput;
import com.ottimate.nifi.processors.resources.ApiResource;
import com.ottimate.nifi.processors.resources.QueryFilter;
import com.ottimate.nifi.services.OttimateConnectionService;
import org.apache.nifi.annotation.behavior.Stateful;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.configuration.DefaultSchedule;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.scheduling.SchedulingStrategy;

import java.util.ArrayList;
import java.util.List;

@Stateful(scopes = Scope.CLUSTER, description = "The id and a content fingerprint of every object at the previous run, to emit what was created, updated or removed. "
        + "Cleared when Resource, Account ID, Search or the Listing Strategy changes.")
@DefaultSchedule(strategy = SchedulingStrategy.TIMER_DRIVEN, period = "1 hour")
@Tags({"ottimate", "account", "company", "location", "structure", "master data", "list", "records", "source"})
@CapabilityDescription("Lists the Ottimate accounts, or the companies or locations of an account [GET /v1/accounts, "
        + "/v1/accounts/{id}/companies, /v1/accounts/{id}/locations]. This Processor runs on the Primary Node only.")
@UseCase(description = "Map ERP locations to Ottimate location ids when an integration starts, and notice new locations later.",
        configuration = """
                Set Resource "Locations", leave Account ID empty (every account), Output Strategy "Records" and a Record Writer.
                Connect success to PutDatabaseRecord (a location mapping table).
                """)
@SeeAlso({FetchOttimateAccountStructure.class, ListOttimateDimensions.class})
@WritesAttributes({
        @WritesAttribute(attribute = "record.count", description = "Objects in the flowfile (Records output)"),
        @WritesAttribute(attribute = "mime.type", description = "The Record Writer's type, or application/json"),
        @WritesAttribute(attribute = ObjectOutput.CHANGE, description = "Changed Objects: created, updated or removed (a removed object carries only its id)"),
        @WritesAttribute(attribute = "ottimate.account.count", description = "Accounts emitted (Resource Accounts)"),
        @WritesAttribute(attribute = "ottimate.company.count", description = "Companies emitted (Resource Companies)"),
        @WritesAttribute(attribute = "ottimate.location.count", description = "Locations emitted (Resource Locations)"),
        @WritesAttribute(attribute = "ottimate.account.id", description = "Account id (one flowfile per account)"),
        @WritesAttribute(attribute = "ottimate.company.id", description = "Company id (one flowfile per company)"),
        @WritesAttribute(attribute = "ottimate.location.id", description = "Location id (one flowfile per location)")
})
public class ListOttimateAccountStructure extends AbstractSnapshotList {

    public static final PropertyDescriptor RESOURCE = new PropertyDescriptor.Builder()
            .name("Resource")
            .description("What to list.")
            .required(true)
            .allowableValues(AccountStructure.class)
            .defaultValue(AccountStructure.LOCATIONS)
            .build();

    public static final PropertyDescriptor ACCOUNT_ID = new PropertyDescriptor.Builder()
            .name("Account ID")
            .description("racc_... id of the account. Empty: every account visible to the connection's credentials (one more request per run).")
            .required(false)
            .dependsOn(RESOURCE, AccountStructure.COMPANIES, AccountStructure.LOCATIONS)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .build();

    static final List<QueryFilter.Property> FILTERS = ApiResource.ACCOUNTS.sourceFilters().stream().map(QueryFilter::onSource).toList();
    static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS;

    static {
        final List<PropertyDescriptor> descriptors = new ArrayList<>(List.of(CONNECTION_SERVICE, RESOURCE, ACCOUNT_ID));
        descriptors.addAll(QueryFilter.descriptors(FILTERS));
        descriptors.addAll(List.of(LISTING_STRATEGY, PAGE_SIZE, OUTPUT_STRATEGY, RECORD_WRITER));
        PROPERTY_DESCRIPTORS = List.copyOf(descriptors);
    }

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    protected ApiResource resource(final ProcessContext context) {
        return context.getProperty(RESOURCE).asAllowableValue(AccountStructure.class).resource();
    }

    @Override
    protected boolean restartsListing(final PropertyDescriptor descriptor) {
        return descriptor.equals(RESOURCE) || descriptor.equals(ACCOUNT_ID) || descriptor.equals(LISTING_STRATEGY)
                || QueryFilter.descriptors(FILTERS).contains(descriptor);
    }

    @Override
    protected List<OttimateRequest> requests(final ProcessContext context, final OttimateConnectionService connection)
            throws QueryFilter.InvalidFilter, ListingFailed {
        final AccountStructure structure = context.getProperty(RESOURCE).asAllowableValue(AccountStructure.class);
        final List<OttimateRequest> requests = new ArrayList<>();
        try {
            for (final OttimateRequest.Builder request : structure.requests(connection,
                    () -> context.getProperty(ACCOUNT_ID).evaluateAttributeExpressions().getValue())) {
                requests.add(QueryFilter.apply(request, FILTERS, context, null).build());
            }
        } catch (final AccountStructure.NoAccounts e) {
            throw new ListingFailed(e.result);
        } catch (final QueryFilter.InvalidFilter e) {
            throw e;
        } catch (final Exception e) {
            throw new IllegalStateException("Listing the accounts failed: " + e.getMessage(), e);
        }
        return requests;
    }
}
