package io.starling.server.config;

import java.util.Objects;

import io.starling.core.config.CoreConfig;
import io.starling.presence.PresenceConfig;

/**
 * The whole server's configuration, one record per module. The core's keys sit at the top level of the YAML file
 * ({@code domain}, {@code c2s}, {@code tls}…); a module added later gets its own top-level section.
 *
 * @param core     xmpp-core
 * @param presence the presence module ({@code presence:})
 */
public record StarlingConfig(CoreConfig core, PresenceConfig presence) {
    public StarlingConfig {
        Objects.requireNonNull(core, "core");
        Objects.requireNonNull(presence, "presence");
    }

    public static StarlingConfig defaults() {
        return new StarlingConfig(CoreConfig.defaults(), PresenceConfig.defaults());
    }

    public StarlingConfig withCore(CoreConfig newCore) {
        return new StarlingConfig(newCore, presence);
    }

    public StarlingConfig withPresence(PresenceConfig newPresence) {
        return new StarlingConfig(core, newPresence);
    }
}
