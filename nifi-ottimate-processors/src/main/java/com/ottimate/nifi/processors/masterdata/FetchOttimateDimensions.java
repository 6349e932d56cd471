/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.processors.masterdata;

import org.apache.nifi.annotation.documentation.DeprecationNotice;

/** The name {@link FetchOttimateDimension} had before 1.0, kept so that flows saved with it load and run unchanged. */
@DeprecationNotice(alternatives = FetchOttimateDimension.class, reason = "Renamed FetchOttimateDimension (the same processor, properties and relationships)")
public class FetchOttimateDimensions extends FetchOttimateDimension {
}
