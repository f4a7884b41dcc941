package io.starling.gateway.websocket;

import io.starling.core.c2s.InboundStreamHeader;
import io.starling.core.stanza.Namespaces;
import io.starling.core.xml.XmlAttribute;
import io.starling.core.xml.XmlElement;
import io.starling.core.xml.XmlWriter;

/**
 * The framing elements of XMPP over WebSocket (RFC 7395 §3.3): {@code <open/>} and {@code <close/>} in
 * {@code urn:ietf:params:xml:ns:xmpp-framing} stand for the RFC 6120 stream header and closing tag. An inbound
 * {@code <open/>} becomes the equivalent {@link InboundStreamHeader}, so the stream header validation of TCP
 * applies unchanged. Stateless.
 */
final class XmppFraming {
    static final String NAMESPACE = "urn:ietf:params:xml:ns:xmpp-framing";
    private static final String CLOSE = XmlWriter.toXml(XmlElement.builder(NAMESPACE, "close").build());

    private XmppFraming() {
    }

    static boolean isOpen(XmlElement element) {
        return element.is(NAMESPACE, "open");
    }

    static boolean isClose(XmlElement element) {
        return element.is(NAMESPACE, "close");
    }

    /**
     * The stream header a client's first element on a stream means. An {@code <open/>} in the framing namespace
     * is an RFC 6120 header in the streams namespace with content namespace {@code jabber:client} (RFC 7395
     * §3.3.1); its 'to', 'from', 'version' and 'xml:lang' are passed on as they are, for the validator to judge
     * (a missing version is unsupported-version, a foreign 'to' host-unknown). Anything else (an {@code <open/>}
     * in another namespace, a stanza before any {@code <open/>}) keeps its own name and namespace, which the
     * validator refuses with invalid-namespace, as it refuses such a root element on TCP (RFC 6120 §4.9.3.10).
     */
    static InboundStreamHeader header(XmlElement first) {
        String lang = first.attribute(XmlElement.XML_NS, "lang");
        if (isOpen(first)) {
            return new InboundStreamHeader(Namespaces.STREAMS, "stream", Namespaces.CLIENT, true,
                    first.attribute("to"), first.attribute("from"), first.attribute("version"), lang);
        }
        return new InboundStreamHeader(first.namespace(), first.name(), null, true, first.attribute("to"),
                first.attribute("from"), first.attribute("version"), lang);
    }

    /** The server's {@code <open/>} (RFC 7395 §3.3.2): from, id, version 1.0 and xml:lang. */
    static String open(String streamId, String from, String lang) {
        XmlElement.Builder open = XmlElement.builder(NAMESPACE, "open")
                .attribute("from", from)
                .attribute("id", streamId)
                .attribute("version", "1.0");
        if (lang != null) {
            open.attribute(new XmlAttribute(XmlElement.XML_NS, "lang", lang));
        }
        return XmlWriter.toXml(open.build());
    }

    /** {@code <close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>} (RFC 7395 §3.6). */
    static String close() {
        return CLOSE;
    }
}
