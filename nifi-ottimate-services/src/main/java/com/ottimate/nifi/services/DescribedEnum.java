/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.services;

import org.apache.nifi.components.DescribedValue;

/**
 * An allowable value kept as an enum constant: the constant's name is the stored value, its {@link Label} what the
 * UI shows. Saves each property enum from repeating the three DescribedValue getters.
 */
public interface DescribedEnum extends DescribedValue {

    /** What the NiFi UI shows for a value. */
    record Label(String displayName, String description) {
    }

    Label label();

    @Override
    default String getValue() {
        return ((Enum<?>) this).name();
    }

    @Override
    default String getDisplayName() {
        return label().displayName();
    }

    @Override
    default String getDescription() {
        return label().description();
    }
}
