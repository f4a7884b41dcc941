package io.starling.loadtest.client;

/**
 * A transport's side of one client XMPP stream: TCP (plain, STARTTLS or direct TLS), BOSH (XEP-0124/0206) or
 * WebSocket (RFC 7395). The transport-neutral {@link StreamHandler} (stream negotiation, then a scenario) drives
 * it; the link only moves elements and knows how its transport opens, restarts and closes a stream.
 *
 * <p>Threading: every method is called on the link's event loop, and the link calls its handler only on that
 * loop. A link never blocks.
 */
public interface StreamLink {
    /**
     * Opens the stream, or restarts it after STARTTLS or SASL success (RFC 6120 §4.3.3): TCP sends a new stream
     * header and resets its parser; WebSocket sends {@code <open/>}; BOSH creates the session the first time and
     * sends {@code xmpp:restart='true'} afterwards. The handler gets {@link StreamHandler#opened} when the
     * server's answer (header, {@code <open/>} or session creation response) arrives, then the features.
     */
    void open();

    /** Sends one top-level element (a stanza or a nonza such as {@code <auth/>}), already serialised. */
    void send(String xml);

    /** True if this link can start TLS in-band (TCP without direct TLS). */
    boolean canStartTls();

    /**
     * After {@code <proceed/>}: runs the TLS handshake, then calls {@code done} (on the event loop) so the
     * negotiator can {@link #open()} again; a failed handshake ends with {@link StreamHandler#closed}.
     */
    void startTls(Runnable done);

    /** Closes the stream gracefully ({@code </stream:stream>}, {@code <close/>}, BOSH terminate) and the link. */
    void close();

    /** Drops the connection at once with no stream close, as a crashed client would. */
    void abort();
}
