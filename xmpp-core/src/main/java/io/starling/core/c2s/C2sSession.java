package io.starling.core.c2s;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.starling.core.jid.Jid;
import io.starling.core.sasl.ChannelBinding;
import io.starling.core.sasl.SaslEncoding;
import io.starling.core.sasl.SaslFailure;
import io.starling.core.sasl.SaslMechanism;
import io.starling.core.sasl.SaslMechanisms;
import io.starling.core.sasl.SaslStep;
import io.starling.core.session.PresenceState;
import io.starling.core.session.Session;
import io.starling.core.session.Transport;
import io.starling.core.spi.CloseReason;
import io.starling.core.spi.SessionListener;
import io.starling.core.stanza.Namespaces;
import io.starling.core.stanza.Stanza;
import io.starling.core.stanza.StanzaErrorException;
import io.starling.core.stanza.StanzaErrors;
import io.starling.core.stanza.StreamErrorCondition;
import io.starling.core.stanza.StreamErrorException;
import io.starling.core.xml.XmlElement;

/**
 * One client stream and, once bound, the member's session: the RFC 6120 negotiation as a state machine over
 * {@link C2sState}, independent of the transport. Every {@code on…} method runs on {@link #executor()}; state is
 * confined there, so nothing here locks. Fields are few on purpose: idle sessions must stay small.
 */
public final class C2sSession implements Session {
    private static final Logger LOG = LoggerFactory.getLogger(C2sSession.class);

    private final C2sContext context;
    private final StreamTransport transport;
    private final Executor executor;
    private final Transport kind;

    private C2sState state = C2sState.AWAITING_STREAM;
    private boolean headerSent;
    private String username;
    private SaslNegotiation sasl;
    private boolean saslBusy;
    private int authFailures;
    private CloseReason closeReason;
    private volatile Jid jid;
    private volatile PresenceState presence = PresenceState.UNAVAILABLE;
    /** Non-null while the backlog loads at initial presence: stanzas delivered meanwhile, in order. */
    private List<Stanza> held;

    public C2sSession(C2sContext context, StreamTransport transport, Executor executor, Transport kind) {
        this.context = context;
        this.transport = transport;
        this.executor = executor;
        this.kind = kind;
    }

    // ---- Session ------------------------------------------------------------------------------------------------

    @Override
    public Jid jid() {
        return jid;
    }

    @Override
    public Executor executor() {
        return executor;
    }

    @Override
    public Transport transport() {
        return kind;
    }

    @Override
    public PresenceState presence() {
        return presence;
    }

    @Override
    public void deliver(Stanza stanza) {
        executor.execute(() -> {
            if (held != null) {
                held.add(stanza); // behind the backlog being loaded
            } else if (state == C2sState.ESTABLISHED) {
                writeStanza(stanza);
            } else {
                reroute(stanza); // closing or closed
            }
        });
    }

    /** The one way a stanza reaches the client. */
    private void writeStanza(Stanza stanza) {
        transport.send(stanza.element());
    }

    /**
     * A stanza for a session that has just ended goes back to the router, which no longer finds this session: a
     * message then reaches another resource or offline storage instead of vanishing.
     */
    private void reroute(Stanza stanza) {
        if (stanza.kind() == Stanza.Kind.MESSAGE) {
            context.router().route(stanza);
        }
    }

    /**
     * Initial presence (XEP-0160): takes what was kept for the member and delivers it before anything that arrives
     * meanwhile. Called on the executor before the session becomes available for routing.
     */
    void takeBacklog() {
        if (held != null) {
            return;
        }
        held = new ArrayList<>();
        CompletionStage<List<Stanza>> backlog;
        try {
            backlog = context.backlog().take(this);
        } catch (RuntimeException e) {
            backlog = CompletableFuture.failedFuture(e);
        }
        backlog.whenComplete((kept, failure) -> executor.execute(() -> releaseBacklog(kept, failure)));
    }

    private void releaseBacklog(List<Stanza> kept, Throwable failure) {
        if (failure != null) {
            LOG.error("loading kept stanzas for {} failed; they stay stored for the next login", jid, failure);
        }
        List<Stanza> waiting = held;
        held = null;
        List<Stanza> all = new ArrayList<>((kept == null ? 0 : kept.size()) + waiting.size());
        if (kept != null) {
            all.addAll(kept);
        }
        all.addAll(waiting);
        for (Stanza stanza : all) {
            if (state == C2sState.ESTABLISHED) {
                writeStanza(stanza);
            } else {
                reroute(stanza);
            }
        }
    }

    @Override
    public void close(StreamErrorCondition condition, String text) {
        executor.execute(() -> {
            if (condition == StreamErrorCondition.CONFLICT) {
                closeReason = CloseReason.REPLACED;
            } else if (condition == StreamErrorCondition.SYSTEM_SHUTDOWN) {
                closeReason = CloseReason.SHUTDOWN;
            } else if (condition == StreamErrorCondition.CONNECTION_TIMEOUT) {
                closeReason = CloseReason.TIMEOUT;
            }
            fail(condition, text);
        });
    }

    /** True once a resource is bound; the transport's negotiation timer checks it. */
    public boolean established() {
        return state == C2sState.ESTABLISHED;
    }

    // ---- events from the transport -------------------------------------------------------------------------------

    public void onStreamOpen(InboundStreamHeader header) {
        if (state != C2sState.AWAITING_STREAM) {
            fail(StreamErrorCondition.NOT_WELL_FORMED, "unexpected stream header");
            return;
        }
        try {
            new StreamHeaderValidator(context.domain()).validate(header);
        } catch (StreamErrorException e) {
            fail(e.condition(), e.getMessage());
            return;
        }
        sendHeader(header.lang());
        if (username == null) {
            boolean offerTls = transport.canStartTls();
            boolean saslAllowed = transport.tlsActive() || !context.config().tlsRequired();
            transport.send(StreamFeatures.beforeAuth(offerTls, context.config().tlsRequired() && offerTls,
                    saslAllowed ? SaslMechanisms.available(transport.tlsActive(), binding()) : List.of(),
                    saslAllowed ? binding() : null));
            state = C2sState.NEGOTIATING;
        } else {
            transport.send(StreamFeatures.afterAuth(context.streamFeatures()));
            state = C2sState.BINDING;
        }
    }

    public void onElement(XmlElement element) {
        try {
            switch (state) {
                case NEGOTIATING -> negotiate(element);
                case SASL -> saslElement(element);
                case BINDING -> bindElement(element);
                case ESTABLISHED -> EstablishedStanzaHandler.handle(this, context, element);
                case AWAITING_STREAM, CLOSING, CLOSED -> {
                    // AWAITING_STREAM cannot see elements (the parser reports them as not well-formed); the
                    // others drop what arrives after our close.
                }
            }
        } catch (StreamErrorException e) {
            fail(e.condition(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("failed to handle an element from {}", describe(), e);
            fail(StreamErrorCondition.INTERNAL_SERVER_ERROR, null);
        }
    }

    /** The client closed its stream (RFC 6120 §4.4). */
    public void onStreamClose() {
        if (state == C2sState.CLOSING || state == C2sState.CLOSED) {
            transport.disconnect();
            return;
        }
        if (closeReason == null) {
            closeReason = CloseReason.LOGOUT;
        }
        state = C2sState.CLOSING;
        transport.closeStream();
        transport.disconnect();
    }

    /** The parser or the transport found a stream-level fault. */
    public void onStreamError(StreamErrorException error) {
        LOG.warn("stream error {} from {}: {}", error.condition().wireName(), describe(), error.getMessage());
        fail(error.condition(), error.getMessage());
    }

    /** The connection is gone, cleanly or not. Idempotent. */
    public void onDisconnected() {
        if (state == C2sState.CLOSED) {
            return;
        }
        state = C2sState.CLOSED;
        sasl = null;
        if (jid != null) {
            context.registry().unbind(this);
            presence = PresenceState.UNAVAILABLE;
            CloseReason reason = closeReason == null ? CloseReason.CONNECTION_LOST : closeReason;
            for (SessionListener l : context.listeners()) {
                try {
                    l.closed(this, reason);
                } catch (RuntimeException e) {
                    LOG.error("session listener failed on close of {}", jid, e);
                }
            }
        }
    }

    // ---- negotiation ---------------------------------------------------------------------------------------------

    private void negotiate(XmlElement element) {
        if (element.is(Namespaces.TLS, "starttls")) {
            if (!transport.canStartTls()) {
                // RFC 6120 §5.4.2.2: failure, then close.
                transport.send(XmlElement.builder(Namespaces.TLS, "failure").build());
                closeStream();
                return;
            }
            state = C2sState.AWAITING_STREAM;
            transport.startTls(XmlElement.builder(Namespaces.TLS, "proceed").build());
        } else if (element.is(Namespaces.SASL, "auth")) {
            startSasl(element);
        } else {
            refuseBeforeBind(element);
        }
    }

    private void startSasl(XmlElement auth) {
        String address = transport.remoteAddress();
        if (!transport.tlsActive() && context.config().tlsRequired()) {
            transport.send(SaslNegotiation.failure(SaslFailure.ENCRYPTION_REQUIRED, "STARTTLS first"));
            return;
        }
        if (!context.throttle().allowed(address)) {
            transport.send(SaslNegotiation.failure(SaslFailure.TEMPORARY_AUTH_FAILURE, "too many failed attempts"));
            return;
        }
        String name = auth.attribute("mechanism");
        SaslMechanism mechanism = name == null ? null
                : context.mechanisms().create(name, transport.tlsActive(), binding(), context.domain());
        if (mechanism == null) {
            transport.send(SaslNegotiation.failure(SaslFailure.INVALID_MECHANISM, null));
            return;
        }
        sasl = new SaslNegotiation(mechanism);
        state = C2sState.SASL;
        evaluate(auth.text(), true);
    }

    /** Channel binding only exists under TLS. */
    private ChannelBinding binding() {
        return transport.tlsActive() ? context.channelBinding() : null;
    }

    private void saslElement(XmlElement element) {
        if (saslBusy) {
            throw new StreamErrorException(StreamErrorCondition.POLICY_VIOLATION, "wait for the server's answer");
        }
        if (element.is(Namespaces.SASL, "response")) {
            evaluate(element.text(), false);
        } else if (element.is(Namespaces.SASL, "abort")) {
            sasl = null;
            state = C2sState.NEGOTIATING;
            transport.send(SaslNegotiation.failure(SaslFailure.ABORTED, null));
        } else {
            refuseBeforeBind(element);
        }
    }

    private void evaluate(String text, boolean initial) {
        byte[] data;
        try {
            data = SaslNegotiation.decode(text, initial);
        } catch (SaslEncoding.IncorrectEncodingException e) {
            saslFailed(SaslFailure.INCORRECT_ENCODING, "bad base64");
            return;
        }
        saslBusy = true;
        sasl.evaluate(data).whenComplete((step, failure) -> executor.execute(() -> onSaslStep(step, failure)));
    }

    private void onSaslStep(SaslStep step, Throwable failure) {
        if (state != C2sState.SASL) {
            return; // closed meanwhile
        }
        saslBusy = false;
        if (failure != null) {
            LOG.error("SASL mechanism failed for {}", describe(), failure);
            saslFailed(SaslFailure.TEMPORARY_AUTH_FAILURE, null);
        } else if (step instanceof SaslStep.Challenge c) {
            transport.send(SaslNegotiation.challenge(c.data()));
        } else if (step instanceof SaslStep.Success s) {
            sasl = null;
            username = s.username();
            context.throttle().succeeded(transport.remoteAddress());
            transport.send(SaslNegotiation.success(s.additionalData()));
            state = C2sState.AWAITING_STREAM;
            transport.restartStream(); // RFC 6120 §6.4.6: a new stream follows
        } else if (step instanceof SaslStep.Failure f) {
            saslFailed(f.condition(), f.text());
        }
    }

    private void saslFailed(SaslFailure condition, String text) {
        sasl = null;
        saslBusy = false;
        state = C2sState.NEGOTIATING;
        context.throttle().failed(transport.remoteAddress());
        transport.send(SaslNegotiation.failure(condition, text));
        if (++authFailures >= context.auth().maxFailuresPerStream()) {
            // RFC 6120 §6.4.5: a configurable number of retries, then the stream ends.
            fail(StreamErrorCondition.POLICY_VIOLATION, "too many failed authentication attempts");
        }
    }

    // ---- resource binding (RFC 6120 §7) -------------------------------------------------------------------------

    private void bindElement(XmlElement element) {
        XmlElement payload = "iq".equals(element.name()) && element.elements().size() == 1
                ? element.elements().get(0) : null;
        if (payload == null || !payload.is(Namespaces.BIND, "bind")) {
            refuseBeforeBind(element);
            return;
        }
        ResourceBinder.bind(this, context, element, payload);
    }

    /** Called by {@link ResourceBinder} once the session is registered under {@link #jid()}. */
    void bound() {
        state = C2sState.ESTABLISHED;
        for (SessionListener l : context.listeners()) {
            l.bound(this);
        }
    }

    String username() {
        return username;
    }

    /** Set before registration (the registry keys on it); reset to null if registration fails. */
    void setJid(Jid fullJid) {
        this.jid = fullJid;
    }

    void setPresence(PresenceState newPresence) {
        this.presence = newPresence;
    }

    /** Stanzas before the stream is bound are refused (RFC 6120 §4.9.3.12 not-authorized). */
    private void refuseBeforeBind(XmlElement element) {
        if (Namespaces.isStanzaNamespace(element.namespace())) {
            throw new StreamErrorException(StreamErrorCondition.NOT_AUTHORIZED, "authenticate and bind first");
        }
        throw new StreamErrorException(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE,
                "unexpected element " + element.name());
    }

    // ---- output helpers ------------------------------------------------------------------------------------------

    void send(XmlElement element) {
        transport.send(element);
    }

    /** Sends a stanza error straight back to this client for an element that could not become a stanza. */
    void replyError(XmlElement original, StanzaErrorException error) {
        if (!"error".equals(original.attribute("type"))) {
            transport.send(StanzaErrors.reply(original, error.condition(), error.getMessage()));
        }
    }

    private void sendHeader(String lang) {
        transport.openStream(UUID.randomUUID().toString(), context.domain(), lang == null ? "en" : lang);
        headerSent = true;
    }

    /** Sends a stream error (when a condition is given) and closes the stream (RFC 6120 §4.9.1.1). */
    void fail(StreamErrorCondition condition, String text) {
        if (state == C2sState.CLOSING || state == C2sState.CLOSED) {
            return;
        }
        if (closeReason == null) {
            closeReason = CloseReason.STREAM_ERROR;
        }
        if (!headerSent) {
            sendHeader(null); // §4.9.1.2: the header goes first even when the error is about it
        }
        if (condition != null) {
            transport.send(StanzaErrors.streamError(condition, text));
        }
        closeStream();
    }

    private void closeStream() {
        state = C2sState.CLOSING;
        transport.closeStream();
    }

    private String describe() {
        Jid j = jid;
        return j != null ? j.toString() : transport.remoteAddress();
    }
}
