package io.starling.gateway;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.starling.gateway.notify.ApiKeyConfig;

/**
 * Settings of the HTTP gateway ({@code gateway:} in the YAML file).
 *
 * @param bindAddress              address of the public listener. Default {@code 0.0.0.0}
 * @param port                     public plain-HTTP port serving {@code /http-bind} and {@code /xmpp-websocket};
 *                                 0 turns it off. Default 5280
 * @param tlsPort                  public HTTPS port with the server's certificate; 0 turns it off. Default 5443
 * @param internalBindAddress      address of the internal listener (prebind, modules' endpoints). Default
 *                                 {@code 127.0.0.1}: never expose it
 * @param internalPort             internal port; 0 turns it off. Default 5290
 * @param corsOrigins              comma-separated origins allowed to call the public listener from a browser
 *                                 ({@code https://www.example.com}), or {@code *} for any; empty allows none.
 *                                 Default empty
 * @param securePlainFrom          comma-separated client addresses whose plain-HTTP requests count as encrypted:
 *                                 a TLS-terminating proxy in front of the gateway, or a browser on this machine
 *                                 during development. Default {@code 127.0.0.1, ::1}
 * @param maxBodyBytes             largest request body; larger gets 413. Default 327680
 * @param maxHeaderBytes           largest request head (request line and headers); larger gets 431. Default 8192
 * @param maxRequestsPerConnection requests served on one keep-alive connection before it is closed. Default 10000
 * @param connectionIdleTimeout    a keep-alive connection with no request in flight is closed after this long.
 *                                 Default 2 min
 * @param prebindKeys              comma-separated API keys allowed to call the prebind endpoint
 *                                 ({@code Authorization: Bearer <key>}); null turns prebind off. Default null
 * @param apiKeys                  keys of the notification API ({@code POST /api/v1/notifications} and
 *                                 {@code /api/v1/stanzas} on the internal listener), by a name the operator
 *                                 chooses; each key may send only as its {@code from} addresses. Empty turns the
 *                                 API off. Default empty
 * @param bosh                     BOSH limits
 */
public record GatewayConfig(String bindAddress, int port, int tlsPort, String internalBindAddress, int internalPort,
                            String corsOrigins, String securePlainFrom, int maxBodyBytes, int maxHeaderBytes,
                            int maxRequestsPerConnection, Duration connectionIdleTimeout, String prebindKeys,
                            Map<String, ApiKeyConfig> apiKeys, BoshConfig bosh) {
    public GatewayConfig {
        Objects.requireNonNull(bindAddress, "gateway.bindAddress");
        Objects.requireNonNull(internalBindAddress, "gateway.internalBindAddress");
        port(port, "gateway.port");
        port(tlsPort, "gateway.tlsPort");
        port(internalPort, "gateway.internalPort");
        corsOrigins = corsOrigins == null ? "" : corsOrigins;
        securePlainFrom = securePlainFrom == null ? "" : securePlainFrom;
        range(maxBodyBytes, 4096, 64 * 1024 * 1024, "gateway.maxBodyBytes");
        range(maxHeaderBytes, 1024, 1024 * 1024, "gateway.maxHeaderBytes");
        range(maxRequestsPerConnection, 1, Integer.MAX_VALUE, "gateway.maxRequestsPerConnection");
        positive(connectionIdleTimeout, "gateway.connectionIdleTimeout");
        if (prebindKeys != null && list(prebindKeys).stream().anyMatch(k -> k.length() < 16)) {
            throw new IllegalArgumentException("gateway.prebindKeys must be at least 16 characters each");
        }
        apiKeys = apiKeys == null ? Map.of() : Map.copyOf(apiKeys);
        Set<String> secrets = new HashSet<>();
        for (Map.Entry<String, ApiKeyConfig> e : apiKeys.entrySet()) {
            if (e.getValue() == null) {
                throw new IllegalArgumentException("gateway.api-keys." + e.getKey() + " must be a section");
            }
            if (!secrets.add(e.getValue().key())) {
                throw new IllegalArgumentException("gateway.api-keys." + e.getKey() + ".key is used twice");
            }
        }
        Objects.requireNonNull(bosh, "gateway.bosh");
    }

    public static GatewayConfig defaults() {
        return new GatewayConfig("0.0.0.0", 5280, 5443, "127.0.0.1", 5290, "", "127.0.0.1, ::1", 327_680, 8192,
                10_000, Duration.ofMinutes(2), null, Map.of(), BoshConfig.defaults());
    }

    /** {@link #corsOrigins()} as a list. */
    public List<String> corsOriginList() {
        return list(corsOrigins);
    }

    /** {@link #securePlainFrom()} as a list. */
    public List<String> securePlainFromList() {
        return list(securePlainFrom);
    }

    /** {@link #prebindKeys()} as a list, empty when prebind is off. */
    public List<String> prebindKeyList() {
        return prebindKeys == null ? List.of() : list(prebindKeys);
    }

    public GatewayConfig withPorts(int newPort, int newTlsPort, int newInternalPort) {
        return new GatewayConfig(bindAddress, newPort, newTlsPort, internalBindAddress, newInternalPort, corsOrigins,
                securePlainFrom, maxBodyBytes, maxHeaderBytes, maxRequestsPerConnection, connectionIdleTimeout,
                prebindKeys, apiKeys, bosh);
    }

    public GatewayConfig withBindAddress(String address) {
        return new GatewayConfig(address, port, tlsPort, internalBindAddress, internalPort, corsOrigins,
                securePlainFrom, maxBodyBytes, maxHeaderBytes, maxRequestsPerConnection, connectionIdleTimeout,
                prebindKeys, apiKeys, bosh);
    }

    public GatewayConfig withCorsOrigins(String origins) {
        return new GatewayConfig(bindAddress, port, tlsPort, internalBindAddress, internalPort, origins,
                securePlainFrom, maxBodyBytes, maxHeaderBytes, maxRequestsPerConnection, connectionIdleTimeout,
                prebindKeys, apiKeys, bosh);
    }

    public GatewayConfig withPrebindKeys(String keys) {
        return new GatewayConfig(bindAddress, port, tlsPort, internalBindAddress, internalPort, corsOrigins,
                securePlainFrom, maxBodyBytes, maxHeaderBytes, maxRequestsPerConnection, connectionIdleTimeout,
                keys, apiKeys, bosh);
    }

    public GatewayConfig withApiKeys(Map<String, ApiKeyConfig> keys) {
        return new GatewayConfig(bindAddress, port, tlsPort, internalBindAddress, internalPort, corsOrigins,
                securePlainFrom, maxBodyBytes, maxHeaderBytes, maxRequestsPerConnection, connectionIdleTimeout,
                prebindKeys, keys, bosh);
    }

    public GatewayConfig withBosh(BoshConfig newBosh) {
        return new GatewayConfig(bindAddress, port, tlsPort, internalBindAddress, internalPort, corsOrigins,
                securePlainFrom, maxBodyBytes, maxHeaderBytes, maxRequestsPerConnection, connectionIdleTimeout,
                prebindKeys, apiKeys, newBosh);
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    static void port(int port, String name) {
        range(port, 0, 65535, name);
    }

    static void range(int value, int min, int max, String name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ": " + value);
        }
    }

    static void positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration");
        }
    }
}
