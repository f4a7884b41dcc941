package io.starling.loadtest.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.netty.channel.DefaultEventLoop;
import io.starling.core.xml.XmlElement;
import io.starling.loadtest.client.StreamLink;
import io.starling.loadtest.metrics.LoadMetrics;

/** The negotiation sequence against scripted server answers, through a recording link (no network). */
class NegotiatorTest {
    private static final String STREAM = Negotiator.NS_STREAM;
    private final DefaultEventLoop loop = new DefaultEventLoop();
    private final LoadMetrics metrics = new LoadMetrics();
    private final RecordingLink link = new RecordingLink();
    private final List<String> events = new ArrayList<>();

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
    }

    private Negotiator negotiator(String sasl) {
        LoginSettings settings = new LoginSettings("localhost", "pw", sasl, false, false, "res",
                Duration.ofSeconds(30));
        return new Negotiator(settings, new SaltedPasswordCache(10), "load1", metrics, new SessionListener() {
            @Override
            public void bound(String fullJid) {
                events.add("bound " + fullJid);
            }

            @Override
            public void stanza(XmlElement stanza, long receivedNanos) {
                events.add("stanza " + stanza.name());
            }

            @Override
            public void failed(String kind) {
                events.add("failed " + kind);
            }

            @Override
            public void ended() {
                events.add("ended");
            }
        }, loop);
    }

    private static XmlElement features(XmlElement... children) {
        XmlElement.Builder b = XmlElement.builder(STREAM, "features");
        for (XmlElement c : children) {
            b.child(c);
        }
        return b.build();
    }

    private static XmlElement mechanisms(String... names) {
        XmlElement.Builder b = XmlElement.builder(Negotiator.NS_SASL, "mechanisms");
        for (String n : names) {
            b.child(XmlElement.builder(Negotiator.NS_SASL, "mechanism").text(n).build());
        }
        return b.build();
    }

    @Test
    void plainThenRequiredSession_bindsAfterSessionIq() {
        Negotiator n = negotiator("auto");
        n.start(link);
        n.opened("s1");
        n.element(features(mechanisms("PLAIN")), 0);
        assertThat(link.last()).isEqualTo("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                + Base64.getEncoder().encodeToString("\0load1\0pw".getBytes(StandardCharsets.UTF_8)) + "</auth>");
        n.element(XmlElement.builder(Negotiator.NS_SASL, "success").build(), 0);
        assertThat(link.opens).isEqualTo(2);
        n.opened("s2");
        n.element(features(XmlElement.builder(Negotiator.NS_BIND, "bind").build(),
                XmlElement.builder(Negotiator.NS_SESSION, "session").build()), 0);
        assertThat(link.last()).contains("<resource>res</resource>");
        n.element(XmlElement.builder("jabber:client", "iq").attribute("type", "result").attribute("id", "bind")
                .child(XmlElement.builder(Negotiator.NS_BIND, "bind")
                        .child(XmlElement.builder(Negotiator.NS_BIND, "jid").text("load1@localhost/res").build())
                        .build()).build(), 0);
        assertThat(link.last()).contains("xmpp-session");
        assertThat(events).isEmpty();
        n.element(XmlElement.builder("jabber:client", "iq").attribute("type", "result").attribute("id", "sess")
                .build(), 0);
        assertThat(events).containsExactly("bound load1@localhost/res");
        assertThat(metrics.loginsOk()).isEqualTo(1);
        assertThat(metrics.connectOk()).isEqualTo(1);
    }

    @Test
    void optionalSession_boundRightAfterBind() {
        Negotiator n = negotiator("PLAIN");
        n.start(link);
        n.element(features(mechanisms("PLAIN")), 0);
        n.element(XmlElement.builder(Negotiator.NS_SASL, "success").build(), 0);
        n.element(features(XmlElement.builder(Negotiator.NS_BIND, "bind").build(),
                XmlElement.builder(Negotiator.NS_SESSION, "session")
                        .child(Negotiator.NS_SESSION, "optional").build()), 0);
        n.element(XmlElement.builder("jabber:client", "iq").attribute("type", "result").attribute("id", "bind")
                .build(), 0);
        assertThat(events).containsExactly("bound null");
        n.element(XmlElement.builder("jabber:client", "message").build(), 0);
        assertThat(events).containsExactly("bound null", "stanza message");
    }

    @Test
    void saslFailure_reportsAuthFailedAndAborts() {
        Negotiator n = negotiator("auto");
        n.start(link);
        n.element(features(mechanisms("SCRAM-SHA-1", "PLAIN")), 0);
        assertThat(link.last()).contains("mechanism='SCRAM-SHA-1'");
        n.element(XmlElement.builder(Negotiator.NS_SASL, "failure").child(Negotiator.NS_SASL, "not-authorized")
                .build(), 0);
        assertThat(events).containsExactly("failed auth-failed");
        assertThat(link.aborted).isTrue();
        n.closed(null);
        assertThat(events).hasSize(1);
    }

    @Test
    void streamError_namesItsCondition() {
        Negotiator n = negotiator("auto");
        n.start(link);
        n.element(XmlElement.builder(STREAM, "error")
                .child("urn:ietf:params:xml:ns:xmpp-streams", "host-unknown").build(), 0);
        assertThat(events).containsExactly("failed stream-error:host-unknown");
    }

    @Test
    void closeThenServerCloses_endsWithoutError() {
        Negotiator n = negotiator("PLAIN");
        n.start(link);
        n.close();
        n.closed(new java.io.IOException("reset"));
        assertThat(events).containsExactly("ended");
    }

    @Test
    void connectionRefused_isNamed() {
        Negotiator n = negotiator("PLAIN");
        n.start(link);
        n.closed(new java.net.ConnectException("Connection refused"));
        assertThat(events).containsExactly("failed connect-refused");
    }

    /** Records what the negotiator sends; does no I/O. */
    private static final class RecordingLink implements StreamLink {
        final List<String> sent = new ArrayList<>();
        int opens;
        boolean aborted;

        String last() {
            return sent.get(sent.size() - 1);
        }

        @Override
        public void open() {
            opens++;
        }

        @Override
        public void send(String xml) {
            sent.add(xml);
        }

        @Override
        public boolean canStartTls() {
            return false;
        }

        @Override
        public void startTls(Runnable done) {
            done.run();
        }

        @Override
        public void close() {
            sent.add("</stream:stream>");
        }

        @Override
        public void abort() {
            aborted = true;
        }
    }
}
