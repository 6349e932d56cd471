package com.ottimate.nifi.client;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/** What a request sends. Bodies are replayable so a retry sends exactly the same bytes. */
public sealed interface RequestBody permits RequestBody.Json, RequestBody.Form {

    String contentType();

    HttpRequest.BodyPublisher publisher();

    static RequestBody json(final byte[] bytes) {
        return new Json(bytes);
    }

    /** A JSON document, already serialized. */
    record Json(byte[] bytes) implements RequestBody {
        @Override
        public String contentType() {
            return "application/json";
        }

        @Override
        public HttpRequest.BodyPublisher publisher() {
            return HttpRequest.BodyPublishers.ofByteArray(bytes);
        }

        @Override
        public String toString() {
            return "Json[" + bytes.length + " bytes]";
        }
    }

    /** {@code application/x-www-form-urlencoded}; values may be secrets, so toString names fields only. */
    record Form(Map<String, Secret> fields) implements RequestBody {
        @Override
        public String contentType() {
            return "application/x-www-form-urlencoded";
        }

        @Override
        public HttpRequest.BodyPublisher publisher() {
            final String encoded = fields.entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + '=' + URLEncoder.encode(e.getValue().reveal(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return HttpRequest.BodyPublishers.ofString(encoded);
        }

        @Override
        public String toString() {
            return "Form" + fields.keySet();
        }
    }
}
