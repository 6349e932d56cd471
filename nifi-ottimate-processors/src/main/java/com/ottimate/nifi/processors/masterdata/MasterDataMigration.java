/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.masterdata;

import com.ottimate.nifi.processors.fetching.AbstractFetchOttimate;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.migration.PropertyConfiguration;

/**
 * 0.1.0 flows: FetchOttimateVendors and FetchOttimateDimensions decided per flowfile between one object ("Object ID" set)
 * and a listing. The decision becomes the Fetch Strategy property; the source mode moved to ListOttimateVendors and
 * ListOttimateDimensions (see CHANGELOG.md).
 */
final class MasterDataMigration {
    static final String OLD_ID = "Object ID";

    private MasterDataMigration() {
    }

    /** Properties only 0.1.0's readers had: their presence tells an old flow from a new one left at its defaults. */
    static final String OLD_LOOKBACK = "Lookback Window";

    static void migrate(final PropertyConfiguration config, final PropertyDescriptor idProperty) {
        if (config.isPropertySet(AbstractFetchOttimate.FETCH_STRATEGY)) {
            return;
        }
        if (config.isPropertySet(OLD_ID)) {
            config.setProperty(AbstractFetchOttimate.FETCH_STRATEGY, AbstractFetchOttimate.FetchStrategy.BY_ID.getValue());
            config.renameProperty(OLD_ID, idProperty.getName());
        } else if (config.hasProperty(OLD_ID) || config.hasProperty(OLD_LOOKBACK)) {
            config.setProperty(AbstractFetchOttimate.FETCH_STRATEGY, AbstractFetchOttimate.FetchStrategy.BY_QUERY.getValue());
        }
        for (final String old : new String[]{OLD_ID, OLD_LOOKBACK}) {
            if (config.hasProperty(old)) {
                config.removeProperty(old);
            }
        }
    }
}
