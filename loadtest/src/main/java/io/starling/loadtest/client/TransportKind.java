package io.starling.loadtest.client;

/** The transports the load generator and probe speak: {@code --transport} on the command line. */
public enum TransportKind {
    /** Plain TCP, port 5222 by default, no TLS. */
    TCP,
    /** TCP with STARTTLS (RFC 6120 §5), port 5222; certificates are not verified (load testing). */
    STARTTLS,
    /** Direct TLS (XEP-0368), port 5223. */
    TLS,
    /** BOSH (XEP-0124/0206) over HTTP, e.g. http://host:5280/http-bind. */
    BOSH,
    /** WebSocket (RFC 7395) with the {@code xmpp} subprotocol, e.g. ws://host:5280/xmpp-websocket. */
    WEBSOCKET
}
