package io.starling.core.component;

import java.util.UUID;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.starling.core.config.ComponentConfig;
import io.starling.core.jid.Jid;
import io.starling.core.session.Router;
import io.starling.core.stanza.Namespaces;
import io.starling.core.stanza.Stanza;
import io.starling.core.stanza.StanzaErrorException;
import io.starling.core.stanza.StanzaErrors;
import io.starling.core.stanza.StreamErrorCondition;
import io.starling.core.stanza.StreamErrorException;
import io.starling.core.xml.StreamOpen;
import io.starling.core.xml.XmlElement;

/**
 * The protocol of one component connection (XEP-0114): stream header (§2 steps 1–2), handshake (§2 steps 3–4),
 * then stanzas both ways, checked against the component's {@link ComponentFromPolicy} and handed to the router;
 * the connection is in the {@link ComponentRegistry} while established. The transport reports its events here and
 * carries what this class writes. Confined to the connection's executor, except {@link #deliver} and
 * {@link #close}, which any thread may call.
 */
final class ComponentStream implements ComponentLink {
    private static final Logger LOG = LoggerFactory.getLogger(ComponentStream.class);

    private enum State { AWAIT_HEADER, AWAIT_HANDSHAKE, ESTABLISHED, CLOSED }

    private final ComponentRegistry registry;
    private final Router router;
    private final String servedDomain;
    private final ComponentTransport transport;
    private final Executor executor;
    private State state = State.AWAIT_HEADER;
    private boolean headerSent;
    private String streamId;
    private String domain;
    private ComponentConfig config;
    private ComponentFromPolicy fromPolicy;

    /** @param executor the connection's executor, where {@link #close} hops to */
    ComponentStream(ComponentRegistry registry, Router router, String servedDomain, ComponentTransport transport,
                    Executor executor) {
        this.registry = registry;
        this.router = router;
        this.servedDomain = servedDomain;
        this.transport = transport;
        this.executor = executor;
    }

    boolean established() {
        return state == State.ESTABLISHED;
    }

    void onStreamOpen(StreamOpen open) {
        if (state == State.CLOSED) {
            return;
        }
        if (state != State.AWAIT_HEADER) {
            fail(StreamErrorCondition.POLICY_VIOLATION, "the stream was already opened");
            return;
        }
        streamId = UUID.randomUUID().toString();
        if (!open.prefixCorrect() || !Namespaces.COMPONENT.equals(open.defaultNamespace())) {
            fail(StreamErrorCondition.INVALID_NAMESPACE, "expected a " + Namespaces.COMPONENT + " stream");
            return;
        }
        Jid to = open.to() == null ? null : Jid.parseOrNull(open.to());
        config = to == null || !to.isDomain() ? null : registry.config(to.domain());
        if (config == null) {
            // XEP-0114 §2: "If the server does not know the component, it MUST return a <host-unknown/> error".
            LOG.warn("component connection from {} for unknown domain {}", transport.remoteAddress(), open.to());
            fail(StreamErrorCondition.HOST_UNKNOWN, "no component is configured for this domain");
            return;
        }
        domain = to.domain();
        fromPolicy = new ComponentFromPolicy(domain, servedDomain, config.trusted());
        transport.openStream(streamId, domain);
        headerSent = true;
        state = State.AWAIT_HANDSHAKE;
    }

    void onElement(XmlElement element) {
        switch (state) {
            case AWAIT_HEADER -> fail(StreamErrorCondition.NOT_AUTHORIZED, "open the stream first");
            case AWAIT_HANDSHAKE -> onHandshake(element);
            case ESTABLISHED -> {
                if (Namespaces.isStanzaNamespace(element.namespace()) && Stanza.Kind.of(element.name()) != null) {
                    onStanza(element);
                } else {
                    fail(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, "expected message, presence or iq");
                }
            }
            case CLOSED -> {
                // after the stream error: the rest of the input is ignored
            }
        }
    }

    private void onHandshake(XmlElement element) {
        if (!element.is(Namespaces.COMPONENT, "handshake")) {
            fail(StreamErrorCondition.NOT_AUTHORIZED, "send <handshake/> first");
        } else if (!HandshakeDigest.matches(streamId, config.secret(), element.text())) {
            // XEP-0114 §2: a wrong handshake is answered with not-authorized and the stream is closed.
            LOG.warn("component {} from {}: wrong handshake", domain, transport.remoteAddress());
            fail(StreamErrorCondition.NOT_AUTHORIZED, null);
        } else {
            state = State.ESTABLISHED;
            transport.send(XmlElement.builder(Namespaces.COMPONENT, "handshake").build());
            registry.add(domain, this);
            LOG.info("component {} connected from {}", domain, transport.remoteAddress());
        }
    }

    private void onStanza(XmlElement element) {
        Stanza stanza;
        try {
            stanza = Stanza.of(element);
        } catch (StanzaErrorException e) {
            if (!"error".equals(element.attribute("type"))) {
                transport.send(StanzaErrors.reply(element, e.condition(), e.getMessage()));
            }
            return;
        }
        if (!fromPolicy.allows(stanza.from())) {
            // XEP-0114 §3 leaves the check to the server; RFC 6120 §4.9.3.9: invalid-from ends the stream.
            LOG.warn("component {}: stanza with a 'from' outside its domain", domain);
            fail(StreamErrorCondition.INVALID_FROM, "'from' must be an address of " + domain);
            return;
        }
        router.route(stanza);
    }

    void onStreamClose() {
        close();
    }

    /** The handshake did not complete in time; nothing once established. */
    void onNegotiationTimeout() {
        if (state == State.AWAIT_HEADER || state == State.AWAIT_HANDSHAKE) {
            fail(StreamErrorCondition.CONNECTION_TIMEOUT, "no handshake in time");
        }
    }

    /** Nothing was read for the idle timeout. */
    void onIdleTimeout() {
        fail(StreamErrorCondition.CONNECTION_TIMEOUT, null);
    }

    /** The decoder or the transport found a stream-level error (not well-formed, over a limit, internal). */
    void onStreamError(StreamErrorException e) {
        if (state != State.CLOSED) {
            LOG.warn("component stream from {}: {}", transport.remoteAddress(), e.getMessage());
        }
        fail(e.condition(), e.getMessage());
    }

    /** The connection is gone. */
    void onDisconnected() {
        if (state == State.ESTABLISHED) {
            LOG.info("component {} disconnected", domain);
        }
        state = State.CLOSED;
        if (domain != null) {
            registry.remove(domain, this);
        }
    }

    // ---- ComponentLink ---------------------------------------------------------------------------------------------

    @Override
    public boolean deliver(Stanza stanza) {
        return transport.offer(stanza.element());
    }

    @Override
    public void close(StreamErrorCondition condition, String text) {
        executor.execute(() -> fail(condition, text));
    }

    // ---- closing ---------------------------------------------------------------------------------------------------

    /** RFC 6120 §4.9.1: the stream error, then the closing tag, then the TCP connection; a header first if none. */
    private void fail(StreamErrorCondition condition, String text) {
        if (state == State.CLOSED) {
            return;
        }
        if (!headerSent) {
            transport.openStream(streamId == null ? UUID.randomUUID().toString() : streamId, domain);
            headerSent = true;
        }
        transport.send(StanzaErrors.streamError(condition, text));
        close();
    }

    private void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        if (domain != null) {
            registry.remove(domain, this);
        }
        if (headerSent) {
            transport.closeStream();
        } else {
            transport.disconnect();
        }
    }
}
