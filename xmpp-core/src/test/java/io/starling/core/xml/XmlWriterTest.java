package io.starling.core.xml;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.starling.core.stanza.Namespaces;
import io.starling.core.stanza.StanzaErrors;
import io.starling.core.stanza.StreamErrorCondition;

import static io.starling.core.xml.XmlStreamDecoderTest.HEADER;
import static org.assertj.core.api.Assertions.assertThat;

class XmlWriterTest {
    private static final String STREAM_OPEN_NO_DEFAULT =
            "<stream:stream xmlns:stream='http://etherx.jabber.org/streams'>";

    private static String write(XmlElement e, String streamNamespace) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(16);
        try {
            XmlWriter.write(e, streamNamespace, buf);
            return buf.toString(StandardCharsets.UTF_8);
        } finally {
            buf.release();
        }
    }

    /** Parses top-level elements with the real decoder. */
    private static List<Object> parse(String stream) {
        List<Object> events = DecoderHarness.decode(XmlLimits.defaults(), DecoderHarness.utf8(stream));
        assertThat(events).noneMatch(Throwable.class::isInstance);
        return events.subList(1, events.size());
    }

    static List<XmlElement> trickyTrees() {
        String nasty = "a & b < c > d \" ' ]]> \r\n\t tab \uD83D\uDE00 你好 \u00e9 &amp; &#x41;";
        XmlElement message = XmlElement.builder(Namespaces.CLIENT, "message")
                .attribute("to", "ju'li\"et@example.com/b<a>l&c")
                .attribute("id", nasty)
                .attribute(new XmlAttribute(XmlElement.XML_NS, "lang", "en-GB"))
                .attribute(new XmlAttribute("urn:foreign", "attr", "v"))
                .attribute(new XmlAttribute("urn:other", "attr", "w"))
                .child(XmlElement.builder(Namespaces.CLIENT, "body").text(nasty).build())
                .child(XmlElement.builder("urn:x", "x")
                        .child(XmlElement.builder("urn:x", "same").text("t").build())
                        .child(XmlElement.builder("", "none").child("urn:y", "y").build())
                        .child(XmlElement.builder(Namespaces.CLIENT, "back").build())
                        .text("tail")
                        .build())
                .build();
        XmlElement iq = XmlElement.builder(Namespaces.CLIENT, "iq").attribute("type", "result").attribute("id", "1")
                .child(XmlElement.builder("jabber:iq:roster", "query")
                        .child(XmlElement.builder("jabber:iq:roster", "item").attribute("jid", "a@b")
                                .textChild("group", "Friends & <Family>").build())
                        .build())
                .build();
        XmlElement features = XmlElement.builder(Namespaces.STREAMS, "features")
                .child(XmlElement.builder(Namespaces.SASL, "mechanisms").textChild("mechanism", "PLAIN").build())
                .child(XmlElement.builder(Namespaces.STREAMS, "nested").text("n").build())
                .build();
        XmlElement error = StanzaErrors.streamError(StreamErrorCondition.NOT_WELL_FORMED, "bad <xml> & more");
        XmlElement sm = XmlElement.builder("urn:xmpp:sm:3", "a").attribute("h", "42").build();
        return List.of(message, iq, features, error, sm);
    }

    @Test
    void textEscaping_escapesMarkupAndCarriageReturn() {
        XmlElement e = XmlElement.builder("", "t").text("a&b<c>d\"e'f\r\n\tg").build();
        assertThat(XmlWriter.toXml(e)).isEqualTo("<t>a&amp;b&lt;c&gt;d\"e'f&#13;\n\tg</t>");
    }

    @Test
    void attributeEscaping_escapesQuotesAndWhitespace() {
        XmlElement e = XmlElement.builder("", "t").attribute("a", "a&b<c>d\"e'f\r\n\tg").build();
        assertThat(XmlWriter.toXml(e))
                .isEqualTo("<t a='a&amp;b&lt;c&gt;d&quot;e&apos;f&#13;&#10;&#9;g'/>");
    }

    @Test
    void charactersXmlCannotCarry_areReplaced() {
        XmlElement e = XmlElement.builder("", "t").attribute("a", "\u0001").text("x\u0000y\uD800z\uFFFE\uDC00")
                .build();
        assertThat(XmlWriter.toXml(e)).isEqualTo("<t a='\uFFFD'>x\uFFFDy\uFFFDz\uFFFD\uFFFD</t>");
    }

    @Test
    void surrogatePairs_areWrittenAsFourByteUtf8() {
        XmlElement e = XmlElement.builder(Namespaces.CLIENT, "body").text("\uD83D\uDE00").build();
        assertThat(write(e, Namespaces.CLIENT)).isEqualTo("<body>\uD83D\uDE00</body>");
    }

    @Test
    void standalone_declaresNamespacesWhereTheyChange() {
        XmlElement e = XmlElement.builder("urn:a", "a")
                .child(XmlElement.builder("urn:a", "b").child("", "c").build())
                .child(XmlElement.builder(Namespaces.STREAMS, "error").child(Namespaces.STREAM_ERRORS, "x").build())
                .build();
        assertThat(XmlWriter.toXml(e)).isEqualTo("<a xmlns='urn:a'><b><c xmlns=''/></b>"
                + "<stream:error xmlns:stream='http://etherx.jabber.org/streams'>"
                + "<x xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error></a>");
    }

    @Test
    void stanzaInTheStreamNamespace_hasNoXmlns() {
        XmlElement message = XmlElement.builder(Namespaces.CLIENT, "message").attribute("to", "a@b")
                .textChild("body", "hi").child("urn:xmpp:receipts", "request").build();
        assertThat(write(message, Namespaces.CLIENT))
                .isEqualTo("<message to='a@b'><body>hi</body><request xmlns='urn:xmpp:receipts'/></message>");
    }

    @Test
    void clientStanzaOnServerStream_isWrittenInTheServerNamespace() {
        XmlElement message = XmlElement.builder(Namespaces.CLIENT, "message")
                .textChild("body", "hi")
                .child(StanzaErrors.errorElement(Namespaces.CLIENT,
                        io.starling.core.stanza.StanzaErrorCondition.BAD_REQUEST, null))
                .build();
        String xml = write(message, Namespaces.SERVER);
        assertThat(xml).isEqualTo("<message><body>hi</body><error type='modify'>"
                + "<bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>");
        XmlElement parsed = (XmlElement) parse(HEADER.replace("jabber:client", "jabber:server") + xml).get(0);
        assertThat(parsed.namespace()).isEqualTo(Namespaces.SERVER);
        assertThat(parsed.element("body").text()).isEqualTo("hi");
    }

    @Test
    void streamNamespaceElements_useTheStreamPrefix() {
        XmlElement features = XmlElement.builder(Namespaces.STREAMS, "features")
                .child(XmlElement.builder(Namespaces.TLS, "starttls").child(Namespaces.TLS, "required").build())
                .child(Namespaces.BIND, "bind")
                .build();
        assertThat(write(features, Namespaces.CLIENT)).isEqualTo("<stream:features>"
                + "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>"
                + "<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>");
        assertThat(write(StanzaErrors.streamError(StreamErrorCondition.CONFLICT, null), Namespaces.CLIENT))
                .isEqualTo("<stream:error><conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>");
    }

    @Test
    void nonStanzaTopLevelElement_declaresItsNamespace() {
        XmlElement success = XmlElement.builder(Namespaces.SASL, "success").build();
        assertThat(write(success, Namespaces.CLIENT)).isEqualTo("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
        assertThat(write(success, null)).isEqualTo("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
    }

    @Test
    void streamHeader_writesDeclarationAndAttributes() {
        StreamHeader header = new StreamHeader(Namespaces.CLIENT, "example.com", "juliet@example.com", "s'1",
                "1.0", "en");
        String expected = "<?xml version='1.0'?><stream:stream xmlns='jabber:client'"
                + " xmlns:stream='http://etherx.jabber.org/streams' from='example.com' to='juliet@example.com'"
                + " id='s&apos;1' version='1.0' xml:lang='en'>";
        assertThat(XmlWriter.streamHeader(header)).isEqualTo(expected);
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.heapBuffer();
        XmlWriter.streamHeader(new StreamHeader(Namespaces.CLIENT, null, null, null, null, null), buf);
        XmlWriter.streamClose(buf);
        assertThat(buf.toString(StandardCharsets.UTF_8)).isEqualTo("<?xml version='1.0'?><stream:stream"
                + " xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'></stream:stream>");
        buf.release();
    }

    @Test
    void writtenToAStream_parsesBackToTheSameTree() {
        StringBuilder stream = new StringBuilder(HEADER);
        for (XmlElement e : trickyTrees()) {
            stream.append(write(e, Namespaces.CLIENT));
        }
        assertThat(parse(stream.toString())).containsExactlyElementsOf(trickyTrees());
    }

    @Test
    void standalone_parsesBackToTheSameTree() {
        StringBuilder stream = new StringBuilder(STREAM_OPEN_NO_DEFAULT);
        for (XmlElement e : trickyTrees()) {
            stream.append(XmlWriter.toXml(e));
        }
        assertThat(parse(stream.toString())).containsExactlyElementsOf(trickyTrees());
    }

    @Test
    void toStringAndByteBuf_agreeOutsideTheStreamsNamespace() {
        for (XmlElement e : trickyTrees()) {
            if (!e.namespace().equals(Namespaces.STREAMS)) { // in a stream the stream: prefix is already bound
                assertThat(write(e, null)).isEqualTo(XmlWriter.toXml(e));
            }
        }
    }
}
