package io.starling.core.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of xmpp-core, validated once and then frozen.
 *
 * @param domain   the served XMPP domain (default {@code localhost})
 * @param dataDir  where the server keeps state: embedded PostgreSQL, generated TLS keys (default {@code data})
 * @param c2s      client-to-server listener
 * @param tls      certificate and key
 * @param database PostgreSQL
 * @param auth     SASL and throttling
 */
public record CoreConfig(String domain, Path dataDir, C2sConfig c2s, TlsConfig tls, DatabaseConfig database,
                         AuthConfig auth) {
    public CoreConfig {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(c2s, "c2s");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(auth, "auth");
        if (domain.isBlank()) {
            throw new IllegalArgumentException("domain must not be blank");
        }
    }

    public static CoreConfig defaults() {
        return new CoreConfig("localhost", Path.of("data"), C2sConfig.defaults(), TlsConfig.defaults(),
                DatabaseConfig.defaults(), AuthConfig.defaults());
    }
}
