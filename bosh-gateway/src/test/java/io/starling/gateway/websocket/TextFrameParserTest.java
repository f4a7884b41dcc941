package io.starling.gateway.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.starling.core.stanza.Namespaces;
import io.starling.core.stanza.StreamErrorCondition;
import io.starling.core.stanza.StreamErrorException;
import io.starling.core.xml.XmlElement;
import io.starling.core.xml.XmlLimits;
import io.starling.core.xml.XmlParserFactory;

class TextFrameParserTest {
    private static final int MAX = 4096;
    private final TextFrameParser parser = new TextFrameParser(new XmlParserFactory(),
            new XmlLimits(MAX, 33, 64, false));

    private XmlElement parse(String text) {
        return parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private XmlElement parse(byte[] bytes) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            return parser.parse(buf);
        } finally {
            buf.release();
        }
    }

    private void assertCondition(String text, StreamErrorCondition condition) {
        assertThatThrownBy(() -> parse(text)).isInstanceOfSatisfying(StreamErrorException.class,
                e -> assertThat(e.condition()).isEqualTo(condition));
    }

    @Test
    void open_isInTheFramingNamespace() {
        XmlElement open = parse("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='localhost' version='1.0'/>");
        assertThat(XmppFraming.isOpen(open)).isTrue();
        assertThat(open.attribute("to")).isEqualTo("localhost");
    }

    @Test
    void stanzaWithoutNamespace_defaultsToJabberClient() {
        XmlElement message = parse("<message to='bob@localhost'><body>hi</body></message>");
        assertThat(message.namespace()).isEqualTo(Namespaces.CLIENT);
        assertThat(message.element("body").text()).isEqualTo("hi");
    }

    @Test
    void whitespaceOnly_isNothing() {
        assertThat(parse(" \r\n\t")).isNull();
    }

    @Test
    void twoElements_isNotWellFormed() {
        assertCondition("<presence/><presence/>", StreamErrorCondition.NOT_WELL_FORMED);
    }

    @Test
    void unfinishedElement_isNotWellFormed() {
        assertCondition("<message><body>x</message>", StreamErrorCondition.NOT_WELL_FORMED);
        assertCondition("<message>", StreamErrorCondition.NOT_WELL_FORMED);
    }

    @Test
    void text_isNotWellFormed() {
        assertCondition("hello", StreamErrorCondition.NOT_WELL_FORMED);
    }

    @Test
    void invalidUtf8_isNotWellFormed() {
        assertThatThrownBy(() -> parse(new byte[] {'<', 'a', (byte) 0xC3, '/', '>'}))
                .isInstanceOfSatisfying(StreamErrorException.class,
                        e -> assertThat(e.condition()).isEqualTo(StreamErrorCondition.NOT_WELL_FORMED));
    }

    @Test
    void dtdCommentAndProcessingInstruction_areRestrictedXml() {
        assertCondition("<!DOCTYPE m [<!ENTITY a 'b'>]><message>&a;</message>", StreamErrorCondition.RESTRICTED_XML);
        assertCondition(" <!-- hi --><presence/>", StreamErrorCondition.RESTRICTED_XML);
        assertCondition("<?xml version='1.0'?><presence/>", StreamErrorCondition.RESTRICTED_XML);
        assertCondition("<presence><!-- hi --></presence>", StreamErrorCondition.RESTRICTED_XML);
    }

    @Test
    void undeclaredEntity_isRestrictedOrNotWellFormed() {
        assertThatThrownBy(() -> parse("<message><body>&lol;</body></message>"))
                .isInstanceOfSatisfying(StreamErrorException.class, e -> assertThat(e.condition())
                        .isIn(StreamErrorCondition.RESTRICTED_XML, StreamErrorCondition.NOT_WELL_FORMED));
    }

    @Test
    void pastTheLimit_isPolicyViolation() {
        assertCondition("<message><body>" + "a".repeat(MAX) + "</body></message>",
                StreamErrorCondition.POLICY_VIOLATION);
    }

    @Test
    void tooDeep_isPolicyViolation() {
        assertCondition("<a>".repeat(40) + "</a>".repeat(40), StreamErrorCondition.POLICY_VIOLATION);
    }
}
