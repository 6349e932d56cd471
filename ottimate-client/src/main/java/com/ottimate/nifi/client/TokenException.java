/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.client;

import com.ottimate.nifi.client.model.ApiError;

/** The token endpoint did not give us a token. {@code rejected} means the credentials themselves were refused. */
final class TokenException extends RuntimeException {
    private final boolean rejected;
    private final int status;
    private final ApiError error;

    TokenException(final boolean rejected, final int status, final ApiError error, final Throwable cause) {
        super(error.message(), cause, false, false);
        this.rejected = rejected;
        this.status = status;
        this.error = error;
    }

    boolean rejected() {
        return rejected;
    }

    int status() {
        return status;
    }

    ApiError error() {
        return error;
    }
}
