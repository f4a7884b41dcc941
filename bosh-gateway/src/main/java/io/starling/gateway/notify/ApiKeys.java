package io.starling.gateway.notify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.starling.core.spi.HttpEndpoint;

/**
 * The notification API's keys ({@code gateway.api-keys}), presented as {@code Authorization: Bearer <key>}
 * (RFC 6750 §2.1) and compared in constant time against every key, and each key's rate limit.
 */
public final class ApiKeys {
    private static final String PREFIX = "bearer ";

    private final List<byte[]> secrets = new ArrayList<>();
    private final List<ApiKey> keys = new ArrayList<>();

    public ApiKeys(Map<String, ApiKeyConfig> config) {
        config.forEach((name, key) -> {
            secrets.add(key.key().getBytes(StandardCharsets.UTF_8));
            keys.add(new ApiKey(name, key.fromList(), new TokenBucket(key.rate(), System::nanoTime)));
        });
    }

    /** The key the request carries, after its rate limit. */
    ApiKey admit(HttpEndpoint.Request request) {
        ApiKey key = find(request.headers().get("authorization"));
        if (key == null) {
            throw new ApiProblem(401, "unauthorized", "missing or unknown API key",
                    "send Authorization: Bearer <key> with a key from gateway.api-keys",
                    Map.of("www-authenticate", "Bearer"));
        }
        long wait = key.bucket().tryTake();
        if (wait > 0) {
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait + TimeUnit.SECONDS.toNanos(1) - 1));
            throw new ApiProblem(429, "rate-limited", "too many requests for this API key",
                    "retry after " + seconds + " s", Map.of("retry-after", Long.toString(seconds)));
        }
        return key;
    }

    private ApiKey find(String header) {
        if (header == null || header.length() <= PREFIX.length()
                || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return null;
        }
        byte[] presented = header.substring(PREFIX.length()).strip().getBytes(StandardCharsets.UTF_8);
        ApiKey found = null;
        for (int i = 0; i < secrets.size(); i++) {
            // Every key is compared, so the time taken tells nothing about which one matched.
            if (MessageDigest.isEqual(secrets.get(i), presented)) {
                found = keys.get(i);
            }
        }
        return found;
    }
}
