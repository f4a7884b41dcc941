package io.starling.loadtest.session;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * SCRAM salted passwords (RFC 5802 §3, {@code Hi(password, salt, i)}) of one load run, computed once per
 * (mechanism, salt, iterations, password).
 *
 * <p>A run logs thousands of members in with one password; where the server stores them with one salt (as
 * Starling's benchmark setup does) the PBKDF2 result is the same for all, so the generator's CPU goes to the
 * network instead of PBKDF2 and a login storm measures the server. Bounded: past {@code maxEntries} results are
 * computed and not kept. Shared by the run's event loops, hence the concurrent map.
 */
public final class SaltedPasswordCache {
    private final int maxEntries;
    private final ConcurrentHashMap<String, byte[]> salted = new ConcurrentHashMap<>();

    public SaltedPasswordCache(int maxEntries) {
        if (maxEntries < 0) {
            throw new IllegalArgumentException("maxEntries must be >= 0: " + maxEntries);
        }
        this.maxEntries = maxEntries;
    }

    /** The cached salted password, or {@code compute}'s result (kept while the cache has room). */
    public byte[] get(String mechanism, String salt, int iterations, String password, Supplier<byte[]> compute) {
        String key = mechanism + '\0' + salt + '\0' + iterations + '\0' + password;
        byte[] known = salted.get(key);
        if (known != null) {
            return known;
        }
        byte[] computed = compute.get();
        if (salted.size() < maxEntries) {
            salted.putIfAbsent(key, computed);
        }
        return computed;
    }

    /** Entries kept. */
    public int size() {
        return salted.size();
    }
}
