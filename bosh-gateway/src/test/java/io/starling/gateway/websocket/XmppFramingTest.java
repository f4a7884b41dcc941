package io.starling.gateway.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.starling.core.c2s.InboundStreamHeader;
import io.starling.core.stanza.Namespaces;
import io.starling.core.xml.XmlAttribute;
import io.starling.core.xml.XmlElement;

class XmppFramingTest {
    @Test
    void open_becomesAnRfc6120Header() {
        XmlElement open = new XmlElement(XmppFraming.NAMESPACE, "open", List.of(XmlAttribute.of("to", "localhost"),
                XmlAttribute.of("version", "1.0"), new XmlAttribute(XmlElement.XML_NS, "lang", "de")), List.of());
        assertThat(XmppFraming.header(open)).isEqualTo(new InboundStreamHeader(Namespaces.STREAMS, "stream",
                Namespaces.CLIENT, true, "localhost", null, "1.0", "de"));
    }

    @Test
    void openInAnotherNamespace_keepsIt() {
        XmlElement open = new XmlElement(Namespaces.CLIENT, "open", List.of(XmlAttribute.of("to", "localhost"),
                XmlAttribute.of("version", "1.0")), List.of());
        InboundStreamHeader header = XmppFraming.header(open);
        assertThat(header.namespace()).isEqualTo(Namespaces.CLIENT);
        assertThat(header.localName()).isEqualTo("open");
    }

    @Test
    void serverOpen_declaresTheFramingNamespace() {
        assertThat(XmppFraming.open("s1", "localhost", "en")).isEqualTo("<open xmlns='urn:ietf:params:xml:ns:"
                + "xmpp-framing' from='localhost' id='s1' version='1.0' xml:lang='en'/>");
        assertThat(XmppFraming.close()).isEqualTo("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>");
    }
}
