/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.client.model;

/**
 * Why a call did not succeed: the API's envelope {@code code}/{@code message}/{@code request_id}, or a
 * client-side code such as {@code timeout} or {@code connection_failed}. Never carries credentials.
 */
public record ApiError(String code, String message, String requestId) {

    public static ApiError local(final String code, final String message) {
        return new ApiError(code, message, null);
    }
}
