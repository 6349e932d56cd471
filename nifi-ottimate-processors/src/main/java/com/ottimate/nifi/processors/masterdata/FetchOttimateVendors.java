/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.masterdata;

import org.apache.nifi.annotation.documentation.DeprecationNotice;

/** The name {@link FetchOttimateVendor} had before 1.0, kept so that flows saved with it load and run unchanged. */
@DeprecationNotice(alternatives = FetchOttimateVendor.class, reason = "Renamed FetchOttimateVendor (the same processor, properties and relationships)")
public class FetchOttimateVendors extends FetchOttimateVendor {
}
