package io.starling.core.xml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.starling.core.stanza.Namespaces;

import static io.starling.core.xml.DecoderHarness.utf8;
import static org.assertj.core.api.Assertions.assertThat;

class XmlStreamDecoderTest {
    static final String HEADER = "<?xml version='1.0' encoding='UTF-8'?>\n"
            + "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'"
            + " to='example.com' version='1.0' xml:lang='en'>";
    static final String STANZAS = "\n <message to='juliet@example.com/balcony' type='chat' id='m1' xml:lang='fr'>"
            + "<body>Bonjour &amp; &lt;salut&gt; \uD83D\uDE00 你好 — ünïcödé&#x1F44B;\r\nligne</body>"
            + "<active xmlns='http://jabber.org/protocol/chatstates'/>"
            + "<x xmlns='urn:x' xmlns:q='urn:q' q:attr='v&apos;&quot;&#9;'><q:inner>a<![CDATA[<b>]]>c</q:inner>"
            + "<plain xmlns=''/></x></message>\n\t "
            + "<iq type='get' id='i1'><query xmlns='jabber:iq:roster'/></iq>"
            + "<presence><show>away</show><status>Zzz \uD83D\uDECC</status></presence>   "
            + "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>"
            + "</stream:features>\n";
    static final String CLOSE = "</stream:stream>";
    static final byte[] STREAM = utf8(HEADER + STANZAS + CLOSE);

    static final XmlLimits HIBERNATING = XmlLimits.defaults();
    static final XmlLimits AWAKE = XmlLimits.defaults().withHibernate(false);

    static List<Object> expectedEvents() {
        XmlElement message = XmlElement.builder(Namespaces.CLIENT, "message")
                .attribute("to", "juliet@example.com/balcony").attribute("type", "chat").attribute("id", "m1")
                .attribute(new XmlAttribute(XmlElement.XML_NS, "lang", "fr"))
                .child(XmlElement.builder(Namespaces.CLIENT, "body")
                        .text("Bonjour & <salut> \uD83D\uDE00 你好 — ünïcödé\uD83D\uDC4B\nligne").build())
                .child("http://jabber.org/protocol/chatstates", "active")
                .child(XmlElement.builder("urn:x", "x")
                        .attribute(new XmlAttribute("urn:q", "attr", "v'\"\t"))
                        .child(XmlElement.builder("urn:q", "inner").text("a<b>c").build())
                        .child("", "plain")
                        .build())
                .build();
        XmlElement iq = XmlElement.builder(Namespaces.CLIENT, "iq").attribute("type", "get").attribute("id", "i1")
                .child("jabber:iq:roster", "query").build();
        XmlElement presence = XmlElement.builder(Namespaces.CLIENT, "presence")
                .textChild("show", "away").textChild("status", "Zzz \uD83D\uDECC").build();
        XmlElement features = XmlElement.builder(Namespaces.STREAMS, "features")
                .child(XmlElement.builder(Namespaces.TLS, "starttls").child(Namespaces.TLS, "required").build())
                .build();
        StreamOpen open = new StreamOpen(Namespaces.STREAMS, "stream", "stream", Namespaces.CLIENT,
                Map.of("", Namespaces.CLIENT, "stream", Namespaces.STREAMS),
                List.of(XmlAttribute.of("to", "example.com"), XmlAttribute.of("version", "1.0"),
                        new XmlAttribute(XmlElement.XML_NS, "lang", "en")));
        return List.of(open, message, iq, presence, features, StreamClose.INSTANCE);
    }

    @Test
    void fullStreamInOneBuffer_emitsOpenElementsAndClose() {
        List<Object> events = DecoderHarness.decode(HIBERNATING, STREAM);

        assertThat(events).containsExactlyElementsOf(expectedEvents());
        StreamOpen open = (StreamOpen) events.get(0);
        assertThat(open.prefixCorrect()).isTrue();
        assertThat(open.lang()).isEqualTo("en");
        assertThat(open.to()).isEqualTo("example.com");
        assertThat(open.version()).isEqualTo("1.0");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void splitAtEveryByteBoundary_emitsIdenticalEvents(boolean hibernate) {
        XmlLimits limits = XmlLimits.defaults().withHibernate(hibernate);
        List<Object> expected = expectedEvents();
        for (int split = 1; split < STREAM.length; split++) {
            assertThat(DecoderHarness.decode(limits, STREAM, split)).as("split at %d", split)
                    .containsExactlyElementsOf(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void oneBytePerBuffer_emitsIdenticalEvents(boolean hibernate) {
        int[] splits = new int[STREAM.length - 1];
        for (int i = 0; i < splits.length; i++) {
            splits[i] = i + 1;
        }
        assertThat(DecoderHarness.decode(XmlLimits.defaults().withHibernate(hibernate), STREAM, splits))
                .containsExactlyElementsOf(expectedEvents());
    }

    @Test
    void compositeBuffers_emitIdenticalEvents() {
        for (int chunk : new int[] {1, 3, 7, 64}) {
            DecoderHarness h = new DecoderHarness(HIBERNATING).feedComposite(STREAM, chunk);
            assertThat(h.finish()).as("chunk %d", chunk).containsExactlyElementsOf(expectedEvents());
        }
    }

    @Test
    void splitAfterEveryStanza_hibernationOnAndOffEmitIdenticalEvents() {
        byte[] bytes = STREAM;
        List<Integer> boundaries = new ArrayList<>();
        String text = HEADER + STANZAS + CLOSE;
        for (int i = text.indexOf('>'); i >= 0; i = text.indexOf('>', i + 1)) {
            boundaries.add(utf8(text.substring(0, i + 1)).length);
        }
        int[] splits = boundaries.stream().filter(b -> b < bytes.length).mapToInt(Integer::intValue).toArray();

        assertThat(DecoderHarness.decode(HIBERNATING, bytes, splits))
                .isEqualTo(DecoderHarness.decode(AWAKE, bytes, splits))
                .containsExactlyElementsOf(expectedEvents());
    }

    @Test
    void stanzaBoundary_hibernatesOnlyWhenNothingIsPending() {
        DecoderHarness h = new DecoderHarness(HIBERNATING);
        h.feed(HEADER);
        assertThat(h.decoder.isHibernating()).isTrue();
        h.feed("<message><body>hel");
        assertThat(h.decoder.isHibernating()).isFalse();
        h.feed("lo</body></message>");
        assertThat(h.decoder.isHibernating()).isTrue();
        h.feed(" \n ");
        assertThat(h.decoder.isHibernating()).isTrue();
        h.feed("<pres");
        assertThat(h.decoder.isHibernating()).isFalse();
        h.feed("ence/>");
        assertThat(h.decoder.isHibernating()).isTrue();

        assertThat(h.finish()).hasSize(3).element(2)
                .isEqualTo(XmlElement.builder(Namespaces.CLIENT, "presence").build());
    }

    @Test
    void readBatch_hibernatesOnlyWhenTheBatchCompletes() {
        DecoderHarness h = new DecoderHarness(HIBERNATING).feed(HEADER);
        for (int i = 0; i < 3; i++) {
            h.channel.pipeline().fireChannelRead(io.netty.buffer.Unpooled.copiedBuffer(utf8("<presence/>")));
            assertThat(h.decoder.isHibernating()).isFalse();
        }
        h.channel.pipeline().fireChannelReadComplete();
        assertThat(h.decoder.isHibernating()).isTrue();
        assertThat(h.finish()).hasSize(4);
    }

    @Test
    void hibernationDisabled_keepsTheReader() {
        DecoderHarness h = new DecoderHarness(AWAKE).feed(HEADER).feed("<presence/>");
        assertThat(h.decoder.isHibernating()).isFalse();
        assertThat(h.finish()).hasSize(2);
    }

    @Test
    void serverStreamWithPrefixedChildren_resolvesPrefixesDeclaredOnTheRootAfterHibernation() {
        DecoderHarness h = new DecoderHarness(HIBERNATING)
                .feed("<stream:stream xmlns='jabber:server' xmlns:db='jabber:server:dialback'"
                        + " xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>")
                .feed("<db:result from='a.example' to='b.example'>key</db:result>")
                .feed("<message><body>x</body></message>");

        List<Object> events = h.finish();

        assertThat(((StreamOpen) events.get(0)).namespaces()).containsEntry("db", "jabber:server:dialback");
        assertThat(events.get(1)).isEqualTo(XmlElement.builder("jabber:server:dialback", "result")
                .attribute("from", "a.example").attribute("to", "b.example").text("key").build());
        assertThat(((XmlElement) events.get(2)).namespace()).isEqualTo(Namespaces.SERVER);
    }

    @Test
    void whitespaceKeepalives_areIgnored() {
        DecoderHarness h = new DecoderHarness(HIBERNATING).feed(HEADER);
        for (int i = 0; i < 100; i++) {
            h.feed(i % 2 == 0 ? " " : "\r\n");
        }
        h.feed("<presence/>");
        assertThat(h.finish()).hasSize(2);
    }

    @Test
    void resetAfterSaslSuccess_parsesTheNewStreamHeader() {
        DecoderHarness h = new DecoderHarness(HIBERNATING).feed(HEADER)
                .feed("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGEAYg==</auth>");
        h.decoder.reset();
        h.feed(HEADER.replace("xml:lang='en'", "xml:lang='de'")).feed("<iq type='set' id='b'/>");

        List<Object> events = h.finish();

        assertThat(events).hasSize(4);
        assertThat(((StreamOpen) events.get(2)).lang()).isEqualTo("de");
        assertThat(((XmlElement) events.get(3)).attribute("id")).isEqualTo("b");
    }

    @Test
    void resetWithoutHibernation_discardsPartialInputAndParsesTheNewHeader() {
        DecoderHarness h = new DecoderHarness(AWAKE).feed(HEADER).feed("<message><bo");
        h.decoder.reset();
        h.feed(HEADER).feed("<presence/>");

        assertThat(h.finish()).extracting(Object::getClass)
                .containsExactly(StreamOpen.class, StreamOpen.class, XmlElement.class);
    }

    @Test
    void resetFromInsideThePipeline_dropsTheRestOfTheBuffer() {
        DecoderHarness h = new DecoderHarness(HIBERNATING);
        h.channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof XmlElement e && e.name().equals("starttls")) {
                    h.decoder.reset(); // RFC 6120 §5.4.3.3: nothing sent before TLS may count
                }
            }
        });
        h.feed(HEADER + "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/><message><body>injected</body></message>");
        h.feed(HEADER + "<presence/>");

        assertThat(h.finish()).extracting(Object::getClass)
                .containsExactly(StreamOpen.class, XmlElement.class, StreamOpen.class, XmlElement.class);
    }

    @Test
    void nonByteBufMessages_passThrough() {
        DecoderHarness h = new DecoderHarness(HIBERNATING);
        h.channel.writeInbound("not bytes");
        assertThat(h.finish()).containsExactly("not bytes");
    }
}
