/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.masterdata;

import com.ottimate.nifi.client.model.OttimateRequest;
import com.ottimate.nifi.processors.OttimateAttributes;
import com.ottimate.nifi.processors.fetching.AbstractFetchOttimate;
import com.ottimate.nifi.processors.records.OutputStrategy;
import com.ottimate.nifi.processors.resources.ApiResource;
import com.ottimate.nifi.processors.resources.QueryFilter;
import com.ottimate.nifi.services.OttimateConnectionService;
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
import org.apache.nifi.processor.exception.ProcessException;
import org.apache.nifi.processor.util.StandardValidators;

import java.util.ArrayList;
import java.util.List;

@Tags({"ottimate", "account", "company", "location", "structure", "master data", "fetch", "query", "records"})
@CapabilityDescription("For each incoming flowfile, reads the Ottimate accounts, or the companies or locations of an account "
        + "[GET /v1/accounts, /v1/accounts/{id}/companies, /v1/accounts/{id}/locations].")
@UseCase(description = "Read the locations of the account an incoming flowfile names, e.g. when a new client account is onboarded.",
        configuration = """
                Resource "Locations", Account ID ${ottimate.account.id}, Output Strategy "Records" and a Record Writer.
                """)
@SeeAlso({ListOttimateAccountStructure.class})
@WritesAttributes({
        @WritesAttribute(attribute = "record.count", description = "Objects in the flowfile (Records output)"),
        @WritesAttribute(attribute = "ottimate.account.count", description = "Accounts found (Resource Accounts)"),
        @WritesAttribute(attribute = "ottimate.company.count", description = "Companies found (Resource Companies)"),
        @WritesAttribute(attribute = "ottimate.location.count", description = "Locations found (Resource Locations)"),
        @WritesAttribute(attribute = "ottimate.account.id", description = "Account id (one flowfile per account)"),
        @WritesAttribute(attribute = "ottimate.company.id", description = "Company id (one flowfile per company)"),
        @WritesAttribute(attribute = "ottimate.location.id", description = "Location id (one flowfile per location)"),
        @WritesAttribute(attribute = OttimateAttributes.STATUS_CODE, description = "On failure or retry: HTTP status of the last attempt"),
        @WritesAttribute(attribute = OttimateAttributes.REQUEST_ID, description = "On failure or retry: the API's request id"),
        @WritesAttribute(attribute = OttimateAttributes.ATTEMPTS, description = "On failure or retry: attempts made"),
        @WritesAttribute(attribute = OttimateAttributes.REQUESTS_TODAY, description = "On failure or retry: requests the connection sent today (UTC)"),
        @WritesAttribute(attribute = OttimateAttributes.ERROR_CODE, description = "On failure or retry: the error code"),
        @WritesAttribute(attribute = OttimateAttributes.ERROR_MESSAGE, description = "On failure or retry: what went wrong"),
        @WritesAttribute(attribute = "mime.type", description = "application/json, or the Record Writer's type")
})
public class FetchOttimateAccountStructure extends AbstractFetchOttimate {

    public static final PropertyDescriptor RESOURCE = new PropertyDescriptor.Builder()
            .name("Resource")
            .description("What to read.")
            .required(true)
            .allowableValues(AccountStructure.class)
            .defaultValue(AccountStructure.LOCATIONS)
            .build();

    public static final PropertyDescriptor ACCOUNT_ID = new PropertyDescriptor.Builder()
            .name("Account ID")
            .description("racc_... id of the account, usually from an attribute. Empty: every account visible to the connection's credentials.")
            .required(false)
            .dependsOn(RESOURCE, AccountStructure.COMPANIES, AccountStructure.LOCATIONS)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .build();

    public static final PropertyDescriptor OUTPUT_STRATEGY = OutputStrategy.PROPERTY;

    static final List<QueryFilter.Property> FILTERS = ApiResource.ACCOUNTS.filters().stream().map(QueryFilter::onFlowFile).toList();
    static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS;

    static {
        final List<PropertyDescriptor> descriptors = new ArrayList<>(List.of(CONNECTION_SERVICE, RESOURCE, ACCOUNT_ID));
        descriptors.addAll(QueryFilter.descriptors(FILTERS));
        descriptors.addAll(List.of(QUERY_PAGE_SIZE, OUTPUT_STRATEGY, RECORD_WRITER));
        PROPERTY_DESCRIPTORS = List.copyOf(descriptors);
    }

    public FetchOttimateAccountStructure() {
        showRelationships(true);
    }

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    public void onTrigger(final ProcessContext context, final ProcessSession session) {
        final FlowFile flowFile = session.get();
        if (flowFile == null) {
            return;
        }
        final AccountStructure structure = context.getProperty(RESOURCE).asAllowableValue(AccountStructure.class);
        final ApiResource resource = structure.resource();
        final OttimateConnectionService connection = connection(context);
        final List<OttimateRequest> requests = new ArrayList<>();
        try {
            for (final OttimateRequest.Builder request : structure.requests(connection,
                    () -> context.getProperty(ACCOUNT_ID).evaluateAttributeExpressions(flowFile).getValue())) {
                requests.add(QueryFilter.apply(request, FILTERS, context, flowFile).build());
            }
        } catch (final AccountStructure.NoAccounts e) {
            routeUnsuccessful(session, flowFile, e.result, "Listing the accounts for " + flowFile);
            return;
        } catch (final QueryFilter.InvalidFilter e) {
            routeBadInput(session, flowFile, "invalid_filter", e.getMessage());
            return;
        } catch (final Exception e) {
            throw new ProcessException("Listing the accounts failed: " + e.getMessage(), e);
        }
        query(context, session, flowFile, resource, requests, "Reading " + structure.getDisplayName() + " for " + flowFile);
    }
}
