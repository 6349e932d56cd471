/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.masterdata;

import com.ottimate.nifi.processors.OttimateAttributes;
import com.ottimate.nifi.processors.fetching.AbstractFetchByIdOrQuery;
import com.ottimate.nifi.processors.resources.ApiResource;
import com.ottimate.nifi.processors.resources.QueryFilter;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.migration.PropertyConfiguration;

import java.util.List;

@Tags({"ottimate", "dimension", "gl", "department", "class", "master data", "fetch", "get", "query", "records"})
@CapabilityDescription("For each incoming flowfile, reads one Ottimate dimension by id, or the dimensions of a company "
        + "[GET /v1/dimensions/{id}, /v1/dimensions].")
@UseCase(description = "Read the dimensions of the company an incoming flowfile names, e.g. to validate ERP codes before an invoice load.",
        configuration = """
                Fetch Strategy "By Query", Company ID ${ottimate.company.id}, ERP Type ${erp.type}, Output Strategy "Records".
                """)
@SeeAlso({ListOttimateDimensions.class, PutOttimateDimension.class})
@WritesAttributes({
        @WritesAttribute(attribute = "ottimate.dimension.id", description = "Id of the fetched dimension (By ID), or of each dimension (By Query, one flowfile per dimension)"),
        @WritesAttribute(attribute = "ottimate.dimension.count", description = "By Query: dimensions the query found"),
        @WritesAttribute(attribute = "record.count", description = "By Query: dimensions in the flowfile (Records output)"),
        @WritesAttribute(attribute = OttimateAttributes.STATUS_CODE, description = "HTTP status of the last attempt"),
        @WritesAttribute(attribute = OttimateAttributes.REQUEST_ID, description = "The API's request id"),
        @WritesAttribute(attribute = OttimateAttributes.ATTEMPTS, description = "Attempts made, including retries"),
        @WritesAttribute(attribute = OttimateAttributes.REQUESTS_TODAY, description = "Requests the connection sent today (UTC)"),
        @WritesAttribute(attribute = OttimateAttributes.ERROR_CODE, description = "On failure, retry or not found: the error code"),
        @WritesAttribute(attribute = OttimateAttributes.ERROR_MESSAGE, description = "On failure, retry or not found: what went wrong"),
        @WritesAttribute(attribute = "mime.type", description = "application/json, or the Record Writer's type")
})
public class FetchOttimateDimension extends AbstractFetchByIdOrQuery {

    public static final PropertyDescriptor DIMENSION_ID = idProperty("Dimension ID", "Id of the dimension to fetch.", ApiResource.DIMENSIONS);

    static final List<QueryFilter.Property> FILTERS = queryFilters(ApiResource.DIMENSIONS);
    static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = descriptors(FILTERS, DIMENSION_ID);

    public FetchOttimateDimension() {
        super(ApiResource.DIMENSIONS, DIMENSION_ID, FILTERS);
    }

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    public void migrateProperties(final PropertyConfiguration config) {
        MasterDataMigration.migrate(config, DIMENSION_ID);
    }
}
