package io.starling.gateway;

import java.time.Duration;

/**
 * BOSH limits (XEP-0124), {@code gateway.bosh:} in the YAML file. A client asks for its values at session
 * creation; the server grants at most these.
 *
 * @param maxWait    longest a request is held waiting for something to send ({@code wait}). Default 60 s
 * @param maxHold    most requests held at once ({@code hold}); a client may then have {@code hold + 1} requests
 *                   open ({@code requests}). Default 2
 * @param inactivity longest the client may leave the server with no request before the session ends
 *                   ({@code inactivity}). Default 60 s
 * @param maxPause   longest a client may ask to pause for ({@code maxpause}). Default 120 s
 * @param polling    shortest interval between polls of a session holding no requests ({@code polling}).
 *                   Default 2 s
 * @param maxSessions BOSH sessions this node keeps at once; creation beyond answers
 *                   {@code remote-connection-failed} (XEP-0124 has no service-unavailable). Default 100000
 */
public record BoshConfig(Duration maxWait, int maxHold, Duration inactivity, Duration maxPause, Duration polling,
                         int maxSessions) {
    public BoshConfig {
        GatewayConfig.positive(maxWait, "gateway.bosh.maxWait");
        GatewayConfig.range(maxHold, 1, 10, "gateway.bosh.maxHold");
        GatewayConfig.positive(inactivity, "gateway.bosh.inactivity");
        GatewayConfig.positive(maxPause, "gateway.bosh.maxPause");
        GatewayConfig.positive(polling, "gateway.bosh.polling");
        GatewayConfig.range(maxSessions, 1, Integer.MAX_VALUE, "gateway.bosh.maxSessions");
    }

    public static BoshConfig defaults() {
        return new BoshConfig(Duration.ofSeconds(60), 2, Duration.ofSeconds(60), Duration.ofSeconds(120),
                Duration.ofSeconds(2), 100_000);
    }

    public BoshConfig withInactivity(Duration newInactivity) {
        return new BoshConfig(maxWait, maxHold, newInactivity, maxPause, polling, maxSessions);
    }

    public BoshConfig withMaxWait(Duration newMaxWait) {
        return new BoshConfig(newMaxWait, maxHold, inactivity, maxPause, polling, maxSessions);
    }
}
