package io.starling.core.component;

import io.starling.core.xml.XmlElement;

/**
 * What a {@link ComponentStream} needs from the connection that carries it (TCP: {@link TcpComponentHandler}).
 * Called on the connection's executor, except {@link #offer}, which any thread may call.
 */
interface ComponentTransport {
    /** Sends the server's {@code jabber:component:accept} stream header with this id, {@code from} the domain. */
    void openStream(String streamId, String from);

    /** Sends one element: the handshake answer, a stanza error, a stream error. */
    void send(XmlElement element);

    /**
     * Sends a stanza to the component unless its output is backed up beyond the connection's bound; never blocks.
     *
     * @return false, sending nothing, if backed up
     */
    boolean offer(XmlElement stanza);

    /** Sends the closing tag of the stream, then closes the connection. */
    void closeStream();

    /** Closes the connection at once, sending nothing more. */
    void disconnect();

    /** The peer's address, for logs. */
    String remoteAddress();
}
