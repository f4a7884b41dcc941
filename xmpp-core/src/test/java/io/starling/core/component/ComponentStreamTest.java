package io.starling.core.component;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.starling.core.config.ComponentConfig;
import io.starling.core.session.ComponentRoutes.Delivery;
import io.starling.core.stanza.Namespaces;
import io.starling.core.stanza.Stanza;
import io.starling.core.stanza.StreamErrorCondition;
import io.starling.core.testing.RecordingRouter;
import io.starling.core.testing.Stanzas;
import io.starling.core.xml.StreamOpen;
import io.starling.core.xml.XmlAttribute;
import io.starling.core.xml.XmlElement;

/**
 * {@link ComponentStream} against a recording transport: the XEP-0114 §2 header and handshake, the 'from' check
 * and routing, without a socket or Netty.
 */
class ComponentStreamTest {
    private static final String SECRET = "0123456789abcdef";
    private static final String DOMAIN = "notify.localhost";

    private final ComponentRegistry registry = new ComponentRegistry(Map.of(DOMAIN, new ComponentConfig(SECRET, false),
            "trusted.localhost", new ComponentConfig(SECRET, true)));
    private final RecordingRouter router = new RecordingRouter();
    private final List<Stanza> routed = router.routed();
    private final Recording transport = new Recording();
    private final ComponentStream stream = new ComponentStream(registry, router, "localhost", transport,
            Runnable::run);

    @Test
    void rightHandshake_isConfirmed_registered_andStanzasFlowBothWays() {
        stream.onStreamOpen(open(DOMAIN));
        assertThat(transport.headerFrom).isEqualTo(DOMAIN);

        stream.onElement(handshake(HandshakeDigest.of(transport.streamId, SECRET).toUpperCase()));

        assertThat(transport.sent).containsExactly(XmlElement.builder(Namespaces.COMPONENT, "handshake").build());
        assertThat(stream.established()).isTrue();
        assertThat(registry.connections(DOMAIN)).isEqualTo(1);

        stream.onElement(Stanzas.message("bot@notify.localhost", "alice@localhost", "chat", "hi").element());
        assertThat(routed).extracting(s -> s.to().toString()).containsExactly("alice@localhost");

        Stanza toComponent = Stanzas.message("alice@localhost", "bot@notify.localhost", "chat", "hello");
        assertThat(registry.deliver(toComponent)).isEqualTo(Delivery.DELIVERED);
        assertThat(transport.offered).containsExactly(toComponent.element());

        stream.onStreamClose();
        assertThat(transport.closedStream).isTrue();
        assertThat(registry.connections(DOMAIN)).isZero();
    }

    @Test
    void wrongDigest_isNotAuthorized_andNeverRegistered() {
        stream.onStreamOpen(open(DOMAIN));

        stream.onElement(handshake(HandshakeDigest.of(transport.streamId, "another secret of 16+")));

        assertThat(transport.errorCondition()).isEqualTo("not-authorized");
        assertThat(transport.closedStream).isTrue();
        assertThat(registry.connections(DOMAIN)).isZero();
        stream.onElement(Stanzas.message("bot@notify.localhost", "alice@localhost", "chat", "hi").element());
        assertThat(routed).as("nothing is read after the stream error").isEmpty();
    }

    @Test
    void stanzaBeforeTheHandshake_isNotAuthorized() {
        stream.onStreamOpen(open(DOMAIN));

        stream.onElement(Stanzas.message("bot@notify.localhost", "alice@localhost", "chat", "hi").element());

        assertThat(transport.errorCondition()).isEqualTo("not-authorized");
        assertThat(routed).isEmpty();
    }

    @Test
    void unknownDomain_isHostUnknown_withAHeaderFirst() {
        stream.onStreamOpen(open("other.localhost"));

        assertThat(transport.streamId).as("RFC 6120 §4.9.1.1: a header before the error").isNotNull();
        assertThat(transport.errorCondition()).isEqualTo("host-unknown");
        assertThat(transport.closedStream).isTrue();
    }

    @Test
    void wrongNamespace_isInvalidNamespace() {
        stream.onStreamOpen(new StreamOpen(Namespaces.STREAMS, "stream", "stream", Namespaces.CLIENT,
                Map.of("", Namespaces.CLIENT), List.of(XmlAttribute.of("to", DOMAIN))));

        assertThat(transport.errorCondition()).isEqualTo("invalid-namespace");
    }

    @Test
    void spoofedFrom_isInvalidFrom_andNotRouted() {
        establish(DOMAIN);

        stream.onElement(Stanzas.message("notify@localhost", "alice@localhost", "chat", "hi").element());

        assertThat(transport.errorCondition()).isEqualTo("invalid-from");
        assertThat(routed).isEmpty();
        assertThat(registry.connections(DOMAIN)).isZero();
    }

    @Test
    void trustedComponent_mayUseALocalAddress_butNotTheServerDomain() {
        establish("trusted.localhost");

        stream.onElement(Stanzas.message("notify@localhost", "alice@localhost", "chat", "hi").element());
        assertThat(routed).hasSize(1);

        stream.onElement(Stanzas.message("localhost", "alice@localhost", "chat", "hi").element());
        assertThat(transport.errorCondition()).isEqualTo("invalid-from");
        assertThat(routed).hasSize(1);
    }

    @Test
    void negotiationTimeout_endsAPendingHandshake_butNotAnEstablishedStream() {
        stream.onStreamOpen(open(DOMAIN));
        stream.onNegotiationTimeout();
        assertThat(transport.errorCondition()).isEqualTo("connection-timeout");

        Recording other = new Recording();
        ComponentStream established = new ComponentStream(registry, router, "localhost", other, Runnable::run);
        established.onStreamOpen(open(DOMAIN));
        established.onElement(handshake(HandshakeDigest.of(other.streamId, SECRET)));
        established.onNegotiationTimeout();
        assertThat(other.closedStream).isFalse();
        assertThat(established.established()).isTrue();
    }

    @Test
    void registryClose_sendsTheStreamError() {
        establish(DOMAIN);

        registry.closeAll(StreamErrorCondition.SYSTEM_SHUTDOWN, null);

        assertThat(transport.errorCondition()).isEqualTo("system-shutdown");
        assertThat(transport.closedStream).isTrue();
    }

    private void establish(String domain) {
        stream.onStreamOpen(open(domain));
        stream.onElement(handshake(HandshakeDigest.of(transport.streamId, SECRET)));
        assertThat(stream.established()).isTrue();
    }


    private static StreamOpen open(String to) {
        return new StreamOpen(Namespaces.STREAMS, "stream", "stream", Namespaces.COMPONENT,
                Map.of("", Namespaces.COMPONENT, "stream", Namespaces.STREAMS), List.of(XmlAttribute.of("to", to)));
    }

    private static XmlElement handshake(String digest) {
        return XmlElement.builder(Namespaces.COMPONENT, "handshake").text(digest).build();
    }

    /** Records what the stream writes. */
    private static final class Recording implements ComponentTransport {
        String streamId;
        String headerFrom;
        final List<XmlElement> sent = new ArrayList<>();
        final List<XmlElement> offered = new ArrayList<>();
        boolean closedStream;
        boolean disconnected;

        @Override
        public void openStream(String id, String from) {
            streamId = id;
            headerFrom = from;
        }

        @Override
        public void send(XmlElement element) {
            sent.add(element);
        }

        @Override
        public boolean offer(XmlElement stanza) {
            offered.add(stanza);
            return true;
        }

        @Override
        public void closeStream() {
            closedStream = true;
        }

        @Override
        public void disconnect() {
            disconnected = true;
        }

        @Override
        public String remoteAddress() {
            return "127.0.0.1";
        }

        /** The condition of the stream error sent last, or null. */
        String errorCondition() {
            for (int i = sent.size() - 1; i >= 0; i--) {
                XmlElement e = sent.get(i);
                if (e.is(Namespaces.STREAMS, "error")) {
                    return e.elements().get(0).name();
                }
            }
            return null;
        }
    }
}
