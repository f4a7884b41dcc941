package io.starling.server.config;

import java.util.Objects;

import io.starling.core.config.CoreConfig;
import io.starling.gateway.GatewayConfig;
import io.starling.offline.OfflineConfig;
import io.starling.presence.PresenceConfig;

/**
 * The whole server's configuration, one record per module. The core's keys sit at the top level of the YAML file
 * ({@code domain}, {@code c2s}, {@code tls}…); a module added later gets its own top-level section.
 *
 * @param core     xmpp-core
 * @param presence the presence module ({@code presence:})
 * @param offline  offline messages ({@code offline:})
 * @param gateway  the HTTP gateway: BOSH, WebSocket, prebind, internal endpoints ({@code gateway:})
 */
public record StarlingConfig(CoreConfig core, PresenceConfig presence, OfflineConfig offline, GatewayConfig gateway) {
    public StarlingConfig {
        Objects.requireNonNull(core, "core");
        Objects.requireNonNull(presence, "presence");
        Objects.requireNonNull(offline, "offline");
        Objects.requireNonNull(gateway, "gateway");
    }

    public static StarlingConfig defaults() {
        return new StarlingConfig(CoreConfig.defaults(), PresenceConfig.defaults(), OfflineConfig.defaults(),
                GatewayConfig.defaults());
    }

    public StarlingConfig withCore(CoreConfig newCore) {
        return new StarlingConfig(newCore, presence, offline, gateway);
    }

    public StarlingConfig withPresence(PresenceConfig newPresence) {
        return new StarlingConfig(core, newPresence, offline, gateway);
    }

    public StarlingConfig withOffline(OfflineConfig newOffline) {
        return new StarlingConfig(core, presence, newOffline, gateway);
    }

    public StarlingConfig withGateway(GatewayConfig newGateway) {
        return new StarlingConfig(core, presence, offline, newGateway);
    }
}
