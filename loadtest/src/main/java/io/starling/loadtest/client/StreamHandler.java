package io.starling.loadtest.client;

import io.starling.core.xml.XmlElement;

/** Receives what a {@link StreamLink} reads, on the link's event loop. */
public interface StreamHandler {
    /** The server opened (or restarted) the stream; {@code streamId} may be null where the transport has none. */
    void opened(String streamId);

    /**
     * One top-level element from the server (features, SASL answers, stanzas, stream errors as
     * {@code stream:error}), with the {@link System#nanoTime()} at which it was decoded.
     */
    void element(XmlElement element, long receivedNanos);

    /** The link is gone: closed by either side ({@code cause} null) or failed (connect, TLS, HTTP, I/O). */
    void closed(Throwable cause);
}
