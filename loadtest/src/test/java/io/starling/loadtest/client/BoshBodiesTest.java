package io.starling.loadtest.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.starling.core.xml.XmlElement;

class BoshBodiesTest {
    private static final String NS = "xmlns='http://jabber.org/protocol/httpbind'";

    @Test
    void creation_carriesXep0206Attributes() {
        XmlElement body = parseRaw(BoshBodies.creation(1234, "example.org"));
        assertThat(body.attribute("rid")).isEqualTo("1234");
        assertThat(body.attribute("to")).isEqualTo("example.org");
        assertThat(body.attribute("ver")).isEqualTo("1.6");
        assertThat(body.attribute("wait")).isEqualTo("60");
        assertThat(body.attribute("hold")).isEqualTo("1");
        assertThat(body.attribute(XmlElement.XML_NS, "lang")).isEqualTo("en");
        assertThat(body.attribute(BoshBodies.XBOSH, "version")).isEqualTo("1.0");
        assertThat(body.attribute("sid")).isNull();
    }

    @Test
    void restart_namesTheSessionAndCarriesNoPayload() {
        XmlElement body = parseRaw(BoshBodies.restart(7, "s1", "example.org"));
        assertThat(body.attribute(BoshBodies.XBOSH, "restart")).isEqualTo("true");
        assertThat(body.attribute("sid")).isEqualTo("s1");
        assertThat(body.elements()).isEmpty();
    }

    @Test
    void payload_batchesElementsInOrder() {
        String xml = BoshBodies.payload(9, "s1", List.of("<presence xmlns='jabber:client'/>",
                "<message xmlns='jabber:client' to='a@b'><body>hi</body></message>"));
        XmlElement body = parseRaw(xml);
        assertThat(body.elements()).extracting(XmlElement::name).containsExactly("presence", "message");
        assertThat(body.attribute("type")).isNull();
    }

    @Test
    void emptyPayload_isASelfClosedPoll() {
        assertThat(BoshBodies.payload(10, "s'1", List.of())).isEqualTo("<body " + NS + " rid='10' sid='s&apos;1'/>");
    }

    @Test
    void terminate_isTypedTerminate() {
        assertThat(parseRaw(BoshBodies.terminate(11, "s1", List.of())).attribute("type")).isEqualTo("terminate");
    }

    @Test
    void creationResponse_yieldsSidAndFeatures() {
        BoshBodies.Response response = BoshBodies.parse("<body " + NS + " xmlns:stream='http://etherx.jabber.org/streams'"
                + " sid='abc' wait='60' hold='1'><stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
                + "<mechanism>PLAIN</mechanism></mechanisms></stream:features></body>");
        assertThat(response.sid()).isEqualTo("abc");
        assertThat(response.terminate()).isFalse();
        assertThat(response.elements()).singleElement()
                .satisfies(e -> assertThat(e.is("http://etherx.jabber.org/streams", "features")).isTrue());
    }

    @Test
    void stanzaWithoutNamespace_isJabberClient() {
        BoshBodies.Response response = BoshBodies.parse("<body " + NS + "><message to='a@b'/>"
                + "<iq xmlns='jabber:client' type='result' id='1'/></body>");
        assertThat(response.elements()).extracting(XmlElement::namespace)
                .containsExactly("jabber:client", "jabber:client");
    }

    @Test
    void terminateResponse_carriesTheCondition() {
        BoshBodies.Response response = BoshBodies.parse("<body " + NS + " type='terminate' condition='item-not-found'/>");
        assertThat(response.terminate()).isTrue();
        assertThat(response.condition()).isEqualTo("item-not-found");
        assertThat(response.elements()).isEmpty();
    }

    @Test
    void notABody_isRejected() {
        assertThatThrownBy(() -> BoshBodies.parse("<html/>")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BoshBodies.parse("<body " + NS + ">")).isInstanceOf(IllegalArgumentException.class);
    }

    private static XmlElement parseRaw(String xml) {
        return new io.starling.core.xml.XmlElementParser(new io.starling.core.xml.XmlParserFactory(),
                io.starling.core.xml.XmlLimits.defaults()).parse(xml);
    }
}
