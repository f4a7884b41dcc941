package io.starling.gateway.notify;

import java.util.Map;

import io.starling.core.spi.HttpEndpoint;
import io.starling.gateway.api.JsonResponses;

/**
 * A request the notification API refuses, thrown while validating and turned into an RFC 9457 problem document
 * by the endpoint. Expected, so it has no stack trace.
 */
final class ApiProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String type;
    private final String title;
    private final transient Map<String, String> headers;

    ApiProblem(int status, String type, String title, String detail) {
        this(status, type, title, detail, Map.of());
    }

    ApiProblem(int status, String type, String title, String detail, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.headers = headers;
    }

    int status() {
        return status;
    }

    HttpEndpoint.Response response() {
        return JsonResponses.problem(status, type, title, getMessage(), headers);
    }
}
