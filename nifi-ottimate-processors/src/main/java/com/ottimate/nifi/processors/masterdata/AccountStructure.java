/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.masterdata;

import com.ottimate.nifi.client.model.OttimateRequest;
import com.ottimate.nifi.client.model.OttimateResult;
import com.ottimate.nifi.client.model.Pagination;
import com.ottimate.nifi.processors.resources.ApiResource;
import com.ottimate.nifi.services.DescribedEnum;
import com.ottimate.nifi.services.OttimateConnectionService;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The read-only account structure: accounts, or the companies or locations of an account. */
public enum AccountStructure implements DescribedEnum {
    ACCOUNTS("Accounts", ApiResource.ACCOUNTS, "Accounts linked to the client's partner associations"),
    COMPANIES("Companies", ApiResource.COMPANIES, "Companies of the account"),
    LOCATIONS("Locations", ApiResource.LOCATIONS, "Locations of the account, with their company and group");

    private final Label label;
    private final ApiResource resource;

    AccountStructure(final String displayName, final ApiResource resource, final String description) {
        this.resource = resource;
        this.label = new Label(displayName, description);
    }

    public ApiResource resource() {
        return resource;
    }

    @Override
    public Label label() {
        return label;
    }

    /** The ids of every account the connection's credentials see, or the failed answer. */
    static OttimateResult visibleAccounts(final OttimateConnectionService connection, final List<String> ids) throws Exception {
        return Pagination.forEach(connection::execute, ApiResource.ACCOUNTS.list(null).build(), ApiResource.ACCOUNTS.listField(),
                ApiResource.ACCOUNTS.maxPageSize(), (items, page) -> {
                    items.forEach(account -> ids.add(ApiResource.ACCOUNTS.idOf(account)));
                    return true;
                });
    }

    /** The requests reading this part of the structure, one per account (the account given, or every visible one). */
    List<OttimateRequest.Builder> requests(final OttimateConnectionService connection, final Supplier<String> accountIdProperty)
            throws Exception, NoAccounts {
        if (this == ACCOUNTS) {
            return List.of(resource.list(null));
        }
        // read only here: Account ID depends on a resource that has accounts above it
        final String accountId = accountIdProperty.get();
        final List<String> accounts = new ArrayList<>();
        if (accountId != null && !accountId.isBlank()) {
            accounts.add(accountId.strip());
        } else {
            final OttimateResult listed = visibleAccounts(connection, accounts);
            if (!(listed instanceof OttimateResult.Success)) {
                throw new NoAccounts(listed);
            }
        }
        final List<OttimateRequest.Builder> requests = new ArrayList<>();
        for (final String account : accounts) {
            requests.add(resource.list(account));
        }
        return requests;
    }

    /** The accounts to read could not be listed. */
    static final class NoAccounts extends Exception {
        final OttimateResult result;

        NoAccounts(final OttimateResult result) {
            super("the accounts could not be listed", null, false, false);
            this.result = result;
        }
    }
}
