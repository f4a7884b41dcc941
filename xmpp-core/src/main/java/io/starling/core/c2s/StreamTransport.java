package io.starling.core.c2s;

import io.starling.core.xml.XmlElement;

/**
 * What a {@link C2sSession} needs from whatever carries its stream (TCP now; BOSH and WebSocket frame the same
 * stream differently); the transport reports its events to a {@link C2sConnection}. Methods are called on the
 * executor of the session the stream carries: normally the transport's own, but a stream that resumed an older
 * session (XEP-0198 §5) is written by that session from its executor. So {@link #send}, {@link #closeStream} and
 * {@link #disconnect} must accept calls from any thread, keeping the order of the calls from each thread (Netty's
 * channel writes do).
 */
public interface StreamTransport {
    /** Sends the server's stream header (or its framing's equivalent) for a new stream. */
    void openStream(String streamId, String from, String lang);

    /** Sends one top-level element; flushes unless more are known to follow. */
    void send(XmlElement element);

    /** Sends the closing tag of the stream; the transport closes the connection once the peer closes too. */
    void closeStream();

    /** Drops the connection at once. */
    void disconnect();

    /** The next bytes start a new stream (RFC 6120 §4.3.3): a fresh parser. */
    void restartStream();

    boolean tlsActive();

    /**
     * Whether the SCRAM -PLUS mechanisms may be offered: the client's TLS session ends at this server, so the
     * certificate's tls-server-end-point binding means something. True for TLS over TCP; false for HTTP transports,
     * whose TLS a proxy may terminate.
     */
    default boolean channelBindingPossible() {
        return tlsActive();
    }

    /** Whether STARTTLS can be offered now (TLS configured, not yet active, transport supports it). */
    boolean canStartTls();

    /** Sends {@code <proceed/>} and then starts the TLS handshake over the same connection (RFC 6120 §5.4.2.3). */
    void startTls(XmlElement proceed);

    /** The client's IP address, for throttling and logs. */
    String remoteAddress();
}
