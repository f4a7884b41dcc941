package io.starling.core.config;

import java.util.Objects;

/**
 * The XEP-0114 component listener. Stream limits and timeouts are those of {@link C2sConfig}.
 *
 * @param bindAddress listen address (default {@code 127.0.0.1}: components usually run next to the server)
 * @param port        listen port, 0 = off (default 5347)
 */
public record ComponentListenerConfig(String bindAddress, int port) {
    public ComponentListenerConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        C2sConfig.requirePort(port, "port");
    }

    public static ComponentListenerConfig defaults() {
        return new ComponentListenerConfig("127.0.0.1", 5347);
    }
}
