package io.starling.loadtest.client;

import java.util.ArrayList;
import java.util.List;

import io.starling.core.xml.XmlElement;
import io.starling.core.xml.XmlWriter;
import io.starling.core.xml.XmlElementParser;
import io.starling.core.xml.XmlLimits;
import io.starling.core.xml.XmlParserFactory;

/**
 * Writes the client's {@code <body/>} wrappers (XEP-0124 §7, §11, §12; XEP-0206 §4, §5) and parses the server's.
 * Stateless; the parser is shared and thread-safe.
 */
final class BoshBodies {
    static final String NS = "http://jabber.org/protocol/httpbind";
    static final String XBOSH = "urn:xmpp:xbosh";
    static final String CLIENT = "jabber:client";
    /** Long-poll time asked for at creation (XEP-0124 §7.1). */
    static final int WAIT_SECONDS = 60;
    /** XEP-0124 §7.1: 'hold' 1, so at most hold+1 = 2 requests outstanding (§11). */
    static final int HOLD = 1;
    private static final XmlElementParser PARSER = new XmlElementParser(new XmlParserFactory(),
            new XmlLimits(4 * XmlLimits.DEFAULT_MAX_STANZA_BYTES, XmlLimits.DEFAULT_MAX_DEPTH + 1,
                    XmlLimits.DEFAULT_MAX_ATTRIBUTES, false));

    private BoshBodies() {
    }

    /** XEP-0124 §7.1, XEP-0206 §4: the session creation request. */
    static String creation(long rid, String domain) {
        return "<body xmlns='" + NS + "' xmlns:xmpp='" + XBOSH + "' content='text/xml; charset=utf-8' to='"
                + XmlWriter.escapeAttribute(domain) + "' xml:lang='en' ver='1.6' wait='" + WAIT_SECONDS
                + "' hold='" + HOLD
                + "' xmpp:version='1.0' rid='" + rid + "'/>";
    }

    /** XEP-0206 §5: the stream restart after SASL success; carries no payload. */
    static String restart(long rid, String sid, String domain) {
        return "<body xmlns='" + NS + "' xmlns:xmpp='" + XBOSH + "' rid='" + rid + "' sid='"
                + XmlWriter.escapeAttribute(sid)
                + "' to='" + XmlWriter.escapeAttribute(domain) + "' xml:lang='en' xmpp:restart='true'/>";
    }

    /** XEP-0124 §8: a request carrying {@code payload} (already serialised elements), or none (a poll). */
    static String payload(long rid, String sid, List<String> payload) {
        return wrap(rid, sid, "", payload);
    }

    /** XEP-0124 §13: the terminate request, with any payload still queued. */
    static String terminate(long rid, String sid, List<String> payload) {
        return wrap(rid, sid, " type='terminate'", payload);
    }

    private static String wrap(long rid, String sid, String extra, List<String> payload) {
        int size = 96;
        for (String element : payload) {
            size += element.length();
        }
        StringBuilder sb = new StringBuilder(size);
        sb.append("<body xmlns='").append(NS).append("' rid='").append(rid).append("' sid='")
                .append(XmlWriter.escapeAttribute(sid))
                .append('\'').append(extra);
        if (payload.isEmpty()) {
            return sb.append("/>").toString();
        }
        sb.append('>');
        for (String element : payload) {
            sb.append(element);
        }
        return sb.append("</body>").toString();
    }

    /**
     * Parses a response.
     *
     * @throws IllegalArgumentException if it is not one well-formed {@code <body/>} in the BOSH namespace
     */
    static Response parse(String xml) {
        XmlElement body = PARSER.parse(xml);
        if (!body.is(NS, "body")) {
            throw new IllegalArgumentException("expected <body xmlns='" + NS + "'>, got <" + body.name() + ">");
        }
        List<XmlElement> children = body.elements();
        List<XmlElement> elements = new ArrayList<>(children.size());
        for (XmlElement child : children) {
            // XEP-0206 §3: stanzas declare jabber:client; a server that leaves them in the body's namespace
            // still means jabber:client.
            elements.add(NS.equals(child.namespace()) ? child.withNamespace(CLIENT) : child);
        }
        return new Response(body.attribute("sid"), "terminate".equals(body.attribute("type")),
                body.attribute("condition"), elements);
    }


    /**
     * One parsed response body.
     *
     * @param sid       'sid' (in the creation response), or null
     * @param terminate 'type' is {@code terminate}: the session is over (XEP-0124 §13, §17)
     * @param condition the terminal condition, or null
     * @param elements  the payload, in order
     */
    record Response(String sid, boolean terminate, String condition, List<XmlElement> elements) {
    }
}
