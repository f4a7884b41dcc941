package io.starling.gateway.bosh;

import java.util.ArrayList;
import java.util.List;

import io.starling.core.c2s.InboundStreamHeader;
import io.starling.core.stanza.Namespaces;
import io.starling.core.xml.XmlElement;
import io.starling.core.xml.XmlElementParser;
import io.starling.core.xml.XmlNode;
import io.starling.core.xml.XmlText;

/**
 * One client request: the attributes of its {@code <body/>} wrapper (XEP-0124 §6, §7.1; XEP-0206 §4-5) and the
 * elements it carries, in order. Immutable.
 *
 * @param rid       request id (§14), 1 to 2<sup>53</sup>-1
 * @param sid       session id, null in a creation request
 * @param type      'type' ({@code terminate}), or null
 * @param to        'to': the domain the client wants (creation, restart), or null
 * @param lang      'xml:lang', or null
 * @param version   'xmpp:version' (XEP-0206 §4), or null
 * @param restart   'xmpp:restart' is true (XEP-0206 §5)
 * @param waitSeconds    'wait' in seconds, or -1 when absent
 * @param hold      'hold', or -1 when absent
 * @param pause     'pause' in seconds (§10), or -1 when absent
 * @param ack       'ack' was present (at creation: the client wants acknowledgements, §9)
 * @param payload   the child elements, stanzas in {@code jabber:client}
 */
record BoshBody(long rid, String sid, String type, String to, String lang, String version, boolean restart,
                int waitSeconds, int hold, int pause, boolean ack, List<XmlElement> payload) {
    static final String NS = "http://jabber.org/protocol/httpbind";
    static final String XBOSH = "urn:xmpp:xbosh";
    /** §14.1: a rid never exceeds 2^53 - 1 (JavaScript's largest exact integer). */
    static final long MAX_RID = (1L << 53) - 1;

    BoshBody {
        payload = List.copyOf(payload);
    }

    boolean terminate() {
        return "terminate".equals(type);
    }

    /** Nothing to process but the request itself: the client is only giving the server a request to answer. */
    boolean empty() {
        return payload.isEmpty() && !restart && pause < 0 && type == null;
    }

    /**
     * The stream header this request stands for: the creation request's (XEP-0206 §4) or a restart's (§5).
     *
     * @param domain the server's domain: the 'to' of a restart that names none
     */
    InboundStreamHeader streamHeader(String domain) {
        String header = to == null && restart ? domain : to;
        // A client that does not say xmpp:version is a pre-XEP-0206 one; this server speaks only 1.0 (SASL).
        return new InboundStreamHeader(Namespaces.STREAMS, "stream", Namespaces.CLIENT, true, header, null,
                version == null ? "1.0" : version, lang);
    }

    /**
     * Parses a request body with the gateway's XML rules (no DTD, entities, processing instructions; the limits).
     *
     * @throws BoshRequestException {@code bad-request} for anything but one {@code <body/>} in the BOSH namespace
     *                              with a valid rid and valid numeric attributes
     */
    static BoshBody parse(XmlElementParser parser, String xml) {
        XmlElement body;
        try {
            body = parser.parse(xml);
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
        if (!body.is(NS, "body")) {
            throw bad("expected <body xmlns='" + NS + "'>");
        }
        long rid = rid(body.attribute("rid"));
        String sid = body.attribute("sid");
        if (sid != null && sid.isEmpty()) {
            throw bad("empty sid");
        }
        return new BoshBody(rid, sid, body.attribute("type"), body.attribute("to"),
                body.attribute(XmlElement.XML_NS, "lang"), body.attribute(XBOSH, "version"),
                "true".equals(body.attribute(XBOSH, "restart")) || "1".equals(body.attribute(XBOSH, "restart")),
                seconds(body, "wait"), seconds(body, "hold"), seconds(body, "pause"), body.attribute("ack") != null,
                payload(body));
    }

    private static long rid(String value) {
        if (value == null) {
            throw bad("missing rid");
        }
        long rid = number(value, "rid");
        if (rid < 1 || rid > MAX_RID) {
            throw bad("rid out of range");
        }
        return rid;
    }

    private static int seconds(XmlElement body, String name) {
        String value = body.attribute(name);
        if (value == null) {
            return -1;
        }
        long n = number(value, name);
        return (int) Math.min(n, Integer.MAX_VALUE);
    }

    private static long number(String value, String name) {
        if (value.isEmpty() || value.length() > 16) {
            throw bad("invalid " + name);
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                throw bad("invalid " + name);
            }
        }
        return Long.parseLong(value);
    }

    /**
     * The child elements. XEP-0206 requires stanzas to declare {@code jabber:client}; some clients leave them in
     * the body's namespace, so elements in the BOSH namespace are read as {@code jabber:client}.
     */
    private static List<XmlElement> payload(XmlElement body) {
        List<XmlElement> out = new ArrayList<>(body.children().size());
        for (XmlNode n : body.children()) {
            if (n instanceof XmlElement e) {
                out.add(requalified(e));
            } else if (!((XmlText) n).text().isBlank()) {
                throw bad("text in <body/>");
            }
        }
        return out;
    }

    private static XmlElement requalified(XmlElement e) {
        boolean inBosh = e.namespace().equals(NS);
        boolean descendants = false;
        for (XmlNode n : e.children()) {
            if (n instanceof XmlElement c && c.namespace().equals(NS)) {
                descendants = true;
                break;
            }
        }
        if (!inBosh && !descendants) {
            return e;
        }
        List<XmlNode> children = new ArrayList<>(e.children().size());
        for (XmlNode n : e.children()) {
            children.add(n instanceof XmlElement c ? requalified(c) : n);
        }
        return new XmlElement(inBosh ? Namespaces.CLIENT : e.namespace(), e.name(), e.attributes(), children);
    }

    private static BoshRequestException bad(String message) {
        return new BoshRequestException(BoshCondition.BAD_REQUEST, message);
    }
}
