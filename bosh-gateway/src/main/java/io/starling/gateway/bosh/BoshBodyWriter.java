package io.starling.gateway.bosh;

import java.util.List;

import io.starling.core.stanza.Namespaces;
import io.starling.core.xml.XmlElement;
import io.starling.core.xml.XmlWriter;

/**
 * Writes response {@code <body/>} wrappers (XEP-0124 §7.2, §8, §17.2; XEP-0206 §4-5). Each child is written
 * standalone by {@link XmlWriter#toXml(XmlElement)}, declaring its namespace: stanzas carry
 * {@code xmlns='jabber:client'} as XEP-0206 requires; when a child is a {@code stream:} element the body declares
 * {@code xmlns:stream} as XEP-0206 asks (the child declares it again, which is harmless).
 */
final class BoshBodyWriter {
    /** The empty response: shared, so caching it for retransmissions costs nothing. */
    static final String EMPTY = "<body xmlns='" + BoshBody.NS + "'/>";
    static final String VERSION = "1.11";

    private BoshBodyWriter() {
    }

    /**
     * A response carrying {@code elements}.
     *
     * @param ack the highest rid processed in order when the client asked for acknowledgements and this response
     *            answers an older request (§9.1), or -1
     */
    static String payload(List<XmlElement> elements, long ack) {
        if (elements.isEmpty() && ack < 0) {
            return EMPTY;
        }
        StringBuilder sb = open();
        if (ack >= 0) {
            attribute(sb, "ack", Long.toString(ack));
        }
        return close(sb, elements);
    }

    /** {@code <body type='terminate'/>}, with a condition unless null, carrying {@code elements}. */
    static String terminate(BoshCondition condition, List<XmlElement> elements) {
        StringBuilder sb = open();
        attribute(sb, "type", "terminate");
        if (condition != null) {
            attribute(sb, "condition", condition.wireName());
        }
        return close(sb, elements);
    }

    /** The session creation response (§7.2, XEP-0206 §4), with the first stream features. */
    static String creation(String sid, BoshTerms terms, String authid, String from, long ack,
                           List<XmlElement> elements) {
        StringBuilder sb = open();
        attribute(sb, "sid", sid);
        attribute(sb, "wait", Integer.toString(terms.waitSeconds()));
        attribute(sb, "hold", Integer.toString(terms.hold()));
        attribute(sb, "requests", Integer.toString(terms.requests()));
        attribute(sb, "polling", Long.toString(terms.config().polling().toSeconds()));
        attribute(sb, "inactivity", Long.toString(terms.config().inactivity().toSeconds()));
        attribute(sb, "maxpause", Long.toString(terms.config().maxPause().toSeconds()));
        attribute(sb, "ver", VERSION);
        if (ack >= 0) {
            attribute(sb, "ack", Long.toString(ack));
        }
        if (authid != null) {
            attribute(sb, "authid", authid);
        }
        attribute(sb, "from", from);
        attribute(sb, "xmlns:xmpp", BoshBody.XBOSH);
        attribute(sb, "xmpp:version", "1.0");
        attribute(sb, "xmpp:restartlogic", "true");
        return close(sb, elements);
    }

    private static StringBuilder open() {
        StringBuilder sb = new StringBuilder(256);
        sb.append("<body xmlns='").append(BoshBody.NS).append('\'');
        return sb;
    }

    private static String close(StringBuilder sb, List<XmlElement> elements) {
        if (elements.isEmpty()) {
            return sb.append("/>").toString();
        }
        for (XmlElement e : elements) {
            if (Namespaces.STREAMS.equals(e.namespace())) {
                attribute(sb, "xmlns:stream", Namespaces.STREAMS);
                break;
            }
        }
        sb.append('>');
        for (XmlElement e : elements) {
            XmlWriter.toXml(e, sb);
        }
        return sb.append("</body>").toString();
    }

    private static void attribute(StringBuilder sb, String name, String value) {
        sb.append(' ').append(name).append("='");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '\'' -> sb.append("&apos;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        sb.append('\'');
    }
}
