package io.starling.core.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

import io.starling.core.jid.Jid;

/**
 * Settings of xmpp-core, validated once and then frozen.
 *
 * @param domain   the served XMPP domain (default {@code localhost})
 * @param dataDir  where the server keeps state: embedded PostgreSQL, generated TLS keys (default {@code data})
 * @param c2s      client-to-server listener
 * @param tls      certificate and key
 * @param database PostgreSQL
 * @param auth       SASL and throttling
 * @param component  the XEP-0114 component listener
 * @param components the components allowed to connect, by domain; each domain is a subdomain of {@code domain}
 *                   (default none)
 */
public record CoreConfig(String domain, Path dataDir, C2sConfig c2s, TlsConfig tls, DatabaseConfig database,
                         AuthConfig auth, ComponentListenerConfig component, Map<String, ComponentConfig> components) {
    public CoreConfig {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(c2s, "c2s");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(component, "component");
        if (domain.isBlank()) {
            throw new IllegalArgumentException("domain must not be blank");
        }
        components = Map.copyOf(Objects.requireNonNull(components, "components"));
        for (String name : components.keySet()) {
            requireSubdomain(name, domain);
        }
    }

    /** The same settings with other components. */
    public CoreConfig withComponents(Map<String, ComponentConfig> newComponents) {
        return new CoreConfig(domain, dataDir, c2s, tls, database, auth, component, newComponents);
    }

    /** The same settings with another component listener. */
    public CoreConfig withComponent(ComponentListenerConfig newComponent) {
        return new CoreConfig(domain, dataDir, c2s, tls, database, auth, newComponent, components);
    }

    private static void requireSubdomain(String name, String domain) {
        Jid jid = Jid.parseOrNull(name);
        if (jid == null || !jid.isDomain() || !jid.domain().equals(name)
                || !name.endsWith("." + Jid.domain(domain).domain())) {
            throw new IllegalArgumentException("component '" + name + "' must be a subdomain of " + domain);
        }
    }

    public static CoreConfig defaults() {
        return new CoreConfig("localhost", Path.of("data"), C2sConfig.defaults(), TlsConfig.defaults(),
                DatabaseConfig.defaults(), AuthConfig.defaults(), ComponentListenerConfig.defaults(), Map.of());
    }
}
