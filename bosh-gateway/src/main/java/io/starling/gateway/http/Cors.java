package io.starling.gateway.http;

import java.util.List;
import java.util.Set;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * Cross-origin access (the Fetch standard's CORS protocol) for the configured origins: a page on the site calls
 * {@code /http-bind} on the chat host. Preflights are answered by {@link HttpDispatcher}; every response to an
 * allowed origin carries {@code Access-Control-Allow-Origin} with that origin.
 */
public final class Cors {
    static final String ALLOWED_METHODS = "GET, POST, OPTIONS";
    static final String ALLOWED_HEADERS = "Content-Type, Authorization";
    static final String MAX_AGE_SECONDS = "86400";

    private final boolean any;
    private final Set<String> origins;

    public Cors(List<String> origins) {
        this.any = origins.contains("*");
        this.origins = Set.copyOf(origins);
    }

    /** The origin to echo for a request with this Origin header, or null when it is absent or not allowed. */
    String allowed(String origin) {
        if (origin == null) {
            return null;
        }
        return any || origins.contains(origin) ? origin : null;
    }

    static void decorate(HttpHeaders headers, String origin) {
        headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        headers.set(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
    }

    static void preflight(HttpHeaders headers) {
        headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS);
        headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS);
        headers.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, MAX_AGE_SECONDS);
    }
}
