package io.starling.loadtest.client;

import java.net.InetSocketAddress;
import java.net.URI;

/** Maps a {@link TransportKind} and its target to the {@link Transport} that speaks it. */
public final class Transports {
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private Transports() {
    }

    /**
     * @param server host and port for the TCP kinds
     * @param url the HTTP endpoint for BOSH and WebSocket (ignored by the TCP kinds)
     */
    public static Transport create(TransportKind kind, InetSocketAddress server, URI url, String domain) {
        return switch (kind) {
            case TCP -> new TcpTransport(server, domain, false, false, CONNECT_TIMEOUT_MILLIS);
            case STARTTLS -> new TcpTransport(server, domain, false, true, CONNECT_TIMEOUT_MILLIS);
            case TLS -> new TcpTransport(server, domain, true, false, CONNECT_TIMEOUT_MILLIS);
            case BOSH -> new BoshTransport(url, domain);
            case WEBSOCKET -> new WebSocketTransport(url, domain);
        };
    }
}
