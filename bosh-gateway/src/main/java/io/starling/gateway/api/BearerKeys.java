package io.starling.gateway.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

import io.starling.core.spi.HttpEndpoint;

/**
 * API keys presented as {@code Authorization: Bearer <key>} (RFC 6750), compared in constant time against every
 * configured key so that timing tells nothing about them.
 */
public final class BearerKeys {
    private static final String PREFIX = "bearer ";

    private final List<byte[]> keys;

    public BearerKeys(List<String> keys) {
        this.keys = keys.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** Whether the request carries one of the keys. */
    public boolean admits(HttpEndpoint.Request request) {
        String header = request.headers().get("authorization");
        if (header == null || header.length() <= PREFIX.length()
                || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        byte[] presented = header.substring(PREFIX.length()).strip().getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] key : keys) {
            match |= MessageDigest.isEqual(key, presented);
        }
        return match;
    }

    /** The answer to a request without a valid key. */
    public static HttpEndpoint.Response unauthorized() {
        return JsonResponses.problem(401, "unauthorized", "missing or unknown API key",
                "send Authorization: Bearer <key> with a key from the server's configuration",
                Map.of("www-authenticate", "Bearer"));
    }
}
