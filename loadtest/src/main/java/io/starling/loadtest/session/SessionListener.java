package io.starling.loadtest.session;

import io.starling.core.xml.XmlElement;

/** What a {@link Negotiator} reports to the member that owns it, on the member's event loop. */
public interface SessionListener {
    /** Resource bound (and legacy session established where required): the member may send stanzas. */
    void bound(String fullJid);

    /** A stanza after {@link #bound}. */
    void stanza(XmlElement stanza, long receivedNanos);

    /** The session failed: login error, stream error or unexpected close; {@code kind} is the error's name. */
    void failed(String kind);

    /** The stream ended after {@link Negotiator#close()}. */
    void ended();
}
