package io.starling.offline;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.starling.core.stanza.Stanza;
import io.starling.core.xml.XmlElement;

/**
 * The XEP-0203 delayed-delivery notice a stored message carries, as XEP-0160 §2 recommends:
 * {@code <delay xmlns='urn:xmpp:delay' from='<domain>' stamp='<UTC, XEP-0082>'>Offline Storage</delay>}.
 */
public final class DelayStamp {
    public static final String NAMESPACE = "urn:xmpp:delay";
    static final String REASON = "Offline Storage";

    private DelayStamp() {
    }

    /**
     * The message with the server's delay notice added, unless it already carries one from {@code domain} (a message
     * taken from storage and stored again — the session it was delivered to ended first — keeps its first stamp).
     *
     * @param at when the message was stored; written in UTC to the millisecond (XEP-0082 DateTime)
     */
    public static Stanza stamp(Stanza message, String domain, Instant at) {
        XmlElement element = message.element();
        for (XmlElement child : element.elements()) {
            if (child.is(NAMESPACE, "delay") && domain.equals(child.attribute("from"))) {
                return message;
            }
        }
        XmlElement delay = XmlElement.builder(NAMESPACE, "delay")
                .attribute("from", domain)
                .attribute("stamp", at.truncatedTo(ChronoUnit.MILLIS).toString())
                .text(REASON)
                .build();
        return Stanza.of(element.withChild(delay));
    }
}
