package io.starling.gateway.bosh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.starling.core.stanza.Namespaces;
import io.starling.core.xml.XmlElementParser;
import io.starling.core.xml.XmlLimits;
import io.starling.core.xml.XmlParserFactory;
import io.starling.gateway.BoshConfig;

class BoshBodyTest {
    private static final XmlElementParser PARSER = new XmlElementParser(new XmlParserFactory(), XmlLimits.defaults());

    private static BoshBody parse(String xml) {
        return BoshBody.parse(PARSER, xml);
    }

    @Test
    void creationRequest_readsEveryAttribute() {
        BoshBody b = parse("<body xmlns='http://jabber.org/protocol/httpbind' xmlns:xmpp='urn:xmpp:xbosh'"
                + " content='text/xml; charset=utf-8' hold='1' rid='1573741820' to='example.com' route='xmpp:x:9999'"
                + " ver='1.6' wait='60' ack='1' xml:lang='en' xmpp:version='1.0'/>");
        assertThat(b.rid()).isEqualTo(1573741820L);
        assertThat(b.sid()).isNull();
        assertThat(b.to()).isEqualTo("example.com");
        assertThat(b.lang()).isEqualTo("en");
        assertThat(b.version()).isEqualTo("1.0");
        assertThat(b.waitSeconds()).isEqualTo(60);
        assertThat(b.hold()).isEqualTo(1);
        assertThat(b.ack()).isTrue();
        assertThat(b.pause()).isEqualTo(-1);
        assertThat(b.restart()).isFalse();
        assertThat(b.empty()).isTrue();
    }

    @Test
    void restartTerminateAndPause_areRecognised() {
        assertThat(parse("<body xmlns='http://jabber.org/protocol/httpbind' xmlns:xmpp='urn:xmpp:xbosh' rid='2'"
                + " sid='s' xmpp:restart='true'/>").restart()).isTrue();
        BoshBody t = parse("<body xmlns='http://jabber.org/protocol/httpbind' rid='3' sid='s' type='terminate'>"
                + "<presence xmlns='jabber:client' type='unavailable'/></body>");
        assertThat(t.terminate()).isTrue();
        assertThat(t.empty()).isFalse();
        assertThat(t.payload()).hasSize(1);
        assertThat(parse("<body xmlns='http://jabber.org/protocol/httpbind' rid='4' sid='s' pause='30'/>").pause())
                .isEqualTo(30);
    }

    @Test
    void stanzasLeftInTheBoshNamespace_areReadAsJabberClient() {
        BoshBody b = parse("<body xmlns='http://jabber.org/protocol/httpbind' rid='5' sid='s'>"
                + "<message to='a@b'><body>hi</body></message>"
                + "<iq xmlns='jabber:client' type='get' id='1'><ping xmlns='urn:xmpp:ping'/></iq></body>");
        assertThat(b.payload()).hasSize(2);
        assertThat(b.payload().get(0).is(Namespaces.CLIENT, "message")).isTrue();
        assertThat(b.payload().get(0).element(Namespaces.CLIENT, "body").text()).isEqualTo("hi");
        assertThat(b.payload().get(1).element("urn:xmpp:ping", "ping")).isNotNull();
    }

    @Test
    void malformedRequests_areBadRequest() {
        for (String xml : new String[] {
                "<body xmlns='http://jabber.org/protocol/httpbind' rid='1'",
                "<body xmlns='urn:wrong' rid='1'/>",
                "<body xmlns='http://jabber.org/protocol/httpbind'/>",
                "<body xmlns='http://jabber.org/protocol/httpbind' rid='-1'/>",
                "<body xmlns='http://jabber.org/protocol/httpbind' rid='0'/>",
                "<body xmlns='http://jabber.org/protocol/httpbind' rid='9007199254740992'/>",
                "<body xmlns='http://jabber.org/protocol/httpbind' rid='1x'/>",
                "<body xmlns='http://jabber.org/protocol/httpbind' rid='1' wait='soon'/>",
                "<body xmlns='http://jabber.org/protocol/httpbind' rid='1' sid=''/>",
                "<body xmlns='http://jabber.org/protocol/httpbind' rid='1'>text</body>",
                "<!DOCTYPE body [<!ENTITY x 'y'>]><body xmlns='http://jabber.org/protocol/httpbind' rid='1'/>",
                "<body xmlns='http://jabber.org/protocol/httpbind' rid='1'/><body/>",
                ""}) {
            assertThatThrownBy(() -> parse(xml)).as(xml).isInstanceOfSatisfying(BoshRequestException.class,
                    e -> assertThat(e.condition()).isEqualTo(BoshCondition.BAD_REQUEST));
        }
    }

    @Test
    void terms_areTheClientsCappedByTheServers() {
        BoshConfig config = BoshConfig.defaults();
        BoshTerms t = BoshTerms.negotiate(parse("<body xmlns='http://jabber.org/protocol/httpbind' rid='1'"
                + " wait='300' hold='5'/>"), config);
        assertThat(t.waitSeconds()).isEqualTo(60);
        assertThat(t.hold()).isEqualTo(2);
        assertThat(t.requests()).isEqualTo(3);
        BoshTerms polling = BoshTerms.negotiate(parse("<body xmlns='http://jabber.org/protocol/httpbind' rid='1'"
                + " wait='10' hold='0'/>"), config.withMaxWait(Duration.ofSeconds(30)));
        assertThat(polling.waitSeconds()).isEqualTo(10);
        assertThat(polling.hold()).isZero();
        assertThat(polling.requests()).isEqualTo(1);
    }

    @Test
    void writer_declaresStreamPrefix_andEscapesAttributes() {
        String features = BoshBodyWriter.payload(java.util.List.of(io.starling.core.xml.XmlElement
                .builder(Namespaces.STREAMS, "features").build()), -1);
        assertThat(features).startsWith("<body xmlns='http://jabber.org/protocol/httpbind' xmlns:stream=")
                .contains("<stream:features");
        assertThat(BoshBodyWriter.terminate(BoshCondition.ITEM_NOT_FOUND, java.util.List.of()))
                .isEqualTo("<body xmlns='http://jabber.org/protocol/httpbind' type='terminate'"
                        + " condition='item-not-found'/>");
        assertThat(BoshBodyWriter.payload(java.util.List.of(), -1)).isSameAs(BoshBodyWriter.EMPTY);
    }
}
