package io.starling.server.config;

import java.util.Objects;

import io.starling.core.config.CoreConfig;

/**
 * The whole server's configuration, one record per module. The core's keys sit at the top level of the YAML file
 * ({@code domain}, {@code c2s}, {@code tls}…); a module added later gets its own top-level section.
 *
 * @param core xmpp-core
 */
public record StarlingConfig(CoreConfig core) {
    public StarlingConfig {
        Objects.requireNonNull(core, "core");
    }

    public static StarlingConfig defaults() {
        return new StarlingConfig(CoreConfig.defaults());
    }
}
