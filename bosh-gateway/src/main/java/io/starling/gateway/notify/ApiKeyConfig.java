package io.starling.gateway.notify;

import java.util.Arrays;
import java.util.List;

import io.starling.core.jid.Jid;
import io.starling.core.jid.JidFormatException;

/**
 * One API key of the notification API ({@code gateway.api-keys.<name>:} in the YAML file; the operator names the
 * entry, the name shows in logs, never the key).
 *
 * @param key  the secret presented as {@code Authorization: Bearer <key>}, at least 16 characters. No default:
 *             an entry without one fails at start
 * @param from comma-separated addresses the key may send as, e.g. {@code notify@example.org}; the first one is
 *             used when a request names none. No default: at least one is required
 * @param rate requests per second the key may make (a token bucket holding one second's worth); more get 429.
 *             Default 50
 */
public record ApiKeyConfig(String key, String from, int rate) {
    /** The default of {@link #rate}. */
    public static final int DEFAULT_RATE = 50;

    public ApiKeyConfig {
        if (key == null || key.length() < 16) {
            throw new IllegalArgumentException("key must be at least 16 characters");
        }
        if (from == null || list(from).isEmpty()) {
            throw new IllegalArgumentException("from must list at least one address");
        }
        for (String address : list(from)) {
            try {
                Jid.parse(address);
            } catch (JidFormatException e) {
                throw new IllegalArgumentException("from: not a valid address: " + address, e);
            }
        }
        if (rate < 1 || rate > 100_000) {
            throw new IllegalArgumentException("rate must be between 1 and 100000: " + rate);
        }
    }

    /** {@link #from()} as addresses, in the order written. */
    public List<Jid> fromList() {
        return list(from).stream().map(Jid::parse).toList();
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "ApiKeyConfig[from=" + from + ", rate=" + rate + "]";
    }
}
