package io.starling.core.c2s;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.starling.core.jid.Jid;
import io.starling.core.session.PresenceState;
import io.starling.core.session.Router;
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
 * {@link C2sState}, independent of the transport, with XEP-0198 stream management ({@link StreamManagement}). Every
 * method that changes state runs on {@link #executor()}; state is confined there, so nothing here locks. Fields are
 * few on purpose: idle sessions must stay small.
 *
 * <p>A resumable session outlives its connection: it detaches when the connection drops and a new stream may take
 * it over (§5). Events arrive through a {@link C2sConnection}, only from the stream that carries the session now.
 */
public final class C2sSession implements Session {
    private static final Logger LOG = LoggerFactory.getLogger(C2sSession.class);

    private final C2sContext context;
    private final C2sConnection connection;
    private final ScheduledExecutorService executor;
    private final Transport kind;

    /** The stream carrying the session now: its connection's, a resumed stream's, or the detached stand-in. */
    private StreamTransport transport;
    private C2sState state = C2sState.AWAITING_STREAM;
    private boolean headerSent;
    private String username;
    /** Until bound: headers, features, STARTTLS and SASL. */
    private StreamNegotiation negotiation;
    private CloseReason closeReason;
    private volatile Jid jid;
    private volatile PresenceState presence = PresenceState.UNAVAILABLE;
    /** Non-null while the backlog loads at initial presence. */
    private BacklogGate backlog;
    /** Non-null once the client enabled stream management. */
    private StreamManagement sm;
    /** Messages to route again once the session has ended. */
    private Leftovers leftovers;

    C2sSession(C2sContext context, C2sConnection connection, StreamTransport transport,
               ScheduledExecutorService executor, Transport kind) {
        this.context = context;
        this.connection = connection;
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
    public ScheduledExecutorService executor() {
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
        executor.execute(() -> dispatch(stanza));
    }

    private void dispatch(Stanza stanza) {
        if (backlog != null) {
            backlog.hold(stanza); // behind the backlog being loaded
            return;
        }
        switch (state) {
            case ESTABLISHED, DETACHED, RESUMPTION_PENDING -> writeStanza(stanza.element());
            // Still registered while closing, so routing now would come straight back: held until unbound.
            case CLOSING, CLOSED -> leftovers().add(stanza);
            default -> {
                // Not bound, so not routable: nothing arrives here.
            }
        }
    }

    /**
     * The one way a stanza reaches the client. With stream management it is kept until acknowledged, and a
     * detached session only keeps it, to write on resumption.
     */
    private void writeStanza(XmlElement stanza) {
        if (sm == null) {
            transport.send(stanza);
        } else if (!sm.keep(stanza)) {
            overflow();
        } else if (state == C2sState.ESTABLISHED) {
            transport.send(stanza);
            sm.written();
        }
    }

    private void overflow() {
        LOG.warn("{} has {} unacknowledged stanzas; closing", describe(), sm.unacked());
        fail(StreamErrorCondition.POLICY_VIOLATION, "too many unacknowledged stanzas");
    }

    private Leftovers leftovers() {
        if (leftovers == null) {
            leftovers = new Leftovers(context.router(), context.leftovers());
            if (state == C2sState.CLOSED) {
                leftovers.close(); // ended already: route at once
            }
        }
        return leftovers;
    }

    /**
     * The transport accepted these elements and will never hand them to the client: a BOSH session's output that no
     * request fetched before the session ended. With stream management they are among the unacknowledged stanzas
     * already, which {@link #end} routes again (or a resumption writes again); without it, the messages among them
     * are routed again here, in order, ahead of anything held since (they were written before it), once the
     * session has ended — so they reach another resource or offline storage (the durability contract).
     */
    void unsent(List<XmlElement> elements) {
        if (sm == null && jid != null) {
            List<Stanza> messages = Leftovers.messages(elements, describe());
            if (!messages.isEmpty()) {
                leftovers().addFirst(messages);
            }
        }
    }

    /**
     * Initial presence (XEP-0160): takes what was kept for the member and delivers it before anything that arrives
     * meanwhile. Called on the executor before the session becomes available for routing.
     */
    void takeBacklog() {
        if (backlog == null) {
            backlog = new BacklogGate();
            backlog.open(context.backlog(), this, executor, () -> backlog = null, this::dispatch);
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

    /** True while stanzas flow on this stream: bound here, or carrying a resumed session. */
    boolean established() {
        return state == C2sState.ESTABLISHED || state == C2sState.RELAYED;
    }

    // ---- events from the stream carrying the session (see C2sConnection) ----------------------------------------

    /** Whether {@code t} is the stream carrying this session now; events from any other are stale. */
    boolean carries(StreamTransport t) {
        return transport == t;
    }

    void streamOpened(InboundStreamHeader header) {
        if (state != C2sState.AWAITING_STREAM) {
            fail(StreamErrorCondition.NOT_WELL_FORMED, "unexpected stream header");
            return;
        }
        if (negotiation == null) {
            negotiation = new StreamNegotiation(this, context);
        }
        negotiation.streamOpened(header);
    }

    void element(XmlElement element) {
        try {
            switch (state) {
                case NEGOTIATING -> negotiation.negotiate(element);
                case SASL -> negotiation.saslElement(element);
                case BINDING -> ResourceBinder.element(this, context, element);
                case ESTABLISHED -> established(element);
                case AWAITING_STREAM, RESUMING, RELAYED, DETACHED, RESUMPTION_PENDING, CLOSING, CLOSED -> {
                    // AWAITING_STREAM cannot see elements (the parser reports them as not well-formed); RESUMING and
                    // RELAYED hand theirs to the relay; no stream feeds DETACHED, and the one taking a session over
                    // (RESUMPTION_PENDING) holds its events until answered; the others drop what arrives after our
                    // close.
                }
            }
        } catch (StreamErrorException e) {
            fail(e.condition(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("failed to handle an element from {}", describe(), e);
            fail(StreamErrorCondition.INTERNAL_SERVER_ERROR, null);
        }
    }

    void streamClosed() {
        if (state == C2sState.CLOSING || state == C2sState.CLOSED) {
            transport.disconnect();
            return;
        }
        if (closeReason == null) {
            closeReason = CloseReason.LOGOUT; // XEP-0198 §5: a closed stream cannot be resumed
        }
        state = C2sState.CLOSING;
        transport.closeStream();
        transport.disconnect();
    }

    void streamError(StreamErrorException error) {
        LOG.warn("stream error {} from {}: {}", error.condition().wireName(), describe(), error.getMessage());
        fail(error.condition(), error.getMessage());
    }

    void disconnected() {
        if (state == C2sState.CLOSED || state == C2sState.DETACHED || state == C2sState.RESUMPTION_PENDING) {
            return;
        }
        if (state == C2sState.ESTABLISHED && sm != null && sm.resumable()) {
            detach(); // dropped without a stream close: XEP-0198 §5 keeps the session for a resumption
        } else {
            end();
        }
    }

    void idleTimeout() {
        if (state == C2sState.ESTABLISHED && sm != null && sm.resumable()) {
            // Silent this long, the client is most likely gone without a FIN (a phone out of coverage): treated
            // like a dropped connection, so the session stays resumable.
            transport.send(StanzaErrors.streamError(StreamErrorCondition.CONNECTION_TIMEOUT, "idle too long"));
            transport.disconnect();
            detach();
        } else {
            closeReason = CloseReason.TIMEOUT;
            fail(StreamErrorCondition.CONNECTION_TIMEOUT, "idle too long");
        }
    }

    void negotiationTimeout() {
        switch (state) {
            case AWAITING_STREAM, NEGOTIATING, SASL, BINDING -> {
                closeReason = CloseReason.TIMEOUT;
                fail(StreamErrorCondition.CONNECTION_TIMEOUT, "negotiation took too long");
            }
            default -> {
                // bound, resuming or carrying a resumed session, or already closing
            }
        }
    }

    // ---- negotiation ---------------------------------------------------------------------------------------------

    /** Called by {@link StreamNegotiation} once {@code <success/>} is out. */
    void authenticated(String user) {
        username = user;
        state = C2sState.AWAITING_STREAM;
        transport.restartStream(); // RFC 6120 §6.4.6: a new stream follows
    }

    /** See {@link C2sConnection#preauthenticated}. */
    void preauthenticated(String user) {
        if (state != C2sState.AWAITING_STREAM || negotiation != null || username != null) {
            throw new IllegalStateException("preauthentication comes before the first stream header");
        }
        username = user;
    }

    // ---- resource binding (RFC 6120 §7) and resumption (XEP-0198 §5) ----------------------------------------------

    C2sConnection connection() {
        return connection;
    }

    /** This stream asked to resume an older session; its events wait in the connection. */
    void resuming() {
        state = C2sState.RESUMING;
    }

    /** This stream now carries the older session. */
    void relaying() {
        state = C2sState.RELAYED;
        negotiation = null;
    }

    /** The resumption failed: a {@code <failed/>} (the client may bind now) or a stream error. */
    void resumeRefused(XmlElement refusal) {
        state = C2sState.BINDING;
        if (Namespaces.STREAMS.equals(refusal.namespace())) {
            failWith(refusal);
        } else {
            send(refusal);
        }
    }

    /**
     * On the resumed session: a new stream carries it from now on, but stanzas queue unsent until
     * {@link #resumed()}. An old connection still open (its death went unnoticed) ends with {@code conflict}
     * (XEP-0198 §5); its late events are ignored.
     */
    void takenOver(StreamTransport newTransport) {
        if (state == C2sState.ESTABLISHED) {
            transport.send(StanzaErrors.streamError(StreamErrorCondition.CONFLICT, "resumed on another stream"));
            transport.closeStream();
        }
        transport = newTransport;
        state = C2sState.RESUMPTION_PENDING;
    }

    /** {@code <resumed/>} is out on the stream that took this session over: stanzas flow again. */
    void resumed() {
        state = C2sState.ESTABLISHED;
    }

    /** The resumption could not complete (see {@link StreamResumption}): the session ends for good. */
    void resumptionAbandoned() {
        if (closeReason == null) {
            closeReason = CloseReason.TIMEOUT;
        }
        end();
    }

    /** Called by {@link ResourceBinder} once the session is registered under {@link #jid()}. */
    void bound() {
        state = C2sState.ESTABLISHED;
        negotiation = null;
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
    void refuseBeforeBind(XmlElement element) {
        if (Namespaces.isStanzaNamespace(element.namespace())) {
            throw new StreamErrorException(StreamErrorCondition.NOT_AUTHORIZED, "authenticate and bind first");
        }
        throw new StreamErrorException(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE,
                "unexpected element " + element.name());
    }

    // ---- established ---------------------------------------------------------------------------------------------

    private void established(XmlElement element) {
        if (SmElements.is(element)) {
            if (sm != null) {
                sm.element(element);
            } else {
                sm = StreamManagement.beforeEnable(this, context, element);
            }
            return;
        }
        CompletionStage<Void> handled = EstablishedStanzaHandler.handle(this, context, element);
        if (sm != null) {
            sm.received(handled);
        }
    }

    StreamManagement sm() {
        return sm;
    }

    /** True while a stream carries this bound session (not detached, not closing). */
    boolean attached() {
        return state == C2sState.ESTABLISHED;
    }

    /** The connection dropped: the session stays bound and routable, its stanzas queued, until resumed or expired. */
    private void detach() {
        state = C2sState.DETACHED;
        transport = DetachedTransport.INSTANCE;
        sm.detach(() -> {
            if (state == C2sState.DETACHED) {
                closeReason = CloseReason.TIMEOUT;
                end();
            }
        });
        LOG.debug("{} detached; resumable", describe());
    }

    /**
     * The session ends for good, whatever the reason: unregistered, then the messages it was sent and the client did
     * not acknowledge are routed again, in order, followed by what it held and whatever arrives later, ahead of
     * anything routed to the member meanwhile (XEP-0198 durability, see {@link Leftovers}); then listeners are told.
     */
    private void end() {
        if (state == C2sState.CLOSED) {
            return;
        }
        state = C2sState.CLOSED;
        negotiation = null;
        List<Stanza> unacked = sm == null ? List.of() : sm.end(context.resumptions());
        if (jid == null) {
            return;
        }
        // The member's place in routing order first, then the unbinding: whatever other threads route to the member
        // from now on waits behind this session's messages (see Leftovers). Counted in LeftoverRoutings across the
        // unbinding, so that a shutdown waiting for an empty registry and then for no leftovers cannot miss them.
        Router.Rerouting place = context.router().rerouting(jid);
        context.leftovers().added(1);
        context.registry().unbind(this);
        presence = PresenceState.UNAVAILABLE;
        if (leftovers == null) {
            leftovers = new Leftovers(context.router(), context.leftovers());
        }
        Leftovers ending = leftovers;
        ending.release(unacked, place); // each message handed in is counted on its own
        context.leftovers().completed();
        try {
            executor.execute(ending::close); // after the deliveries queued before the unbinding
        } catch (RejectedExecutionException e) {
            ending.close(); // the loop is shutting down: nothing queued will run
        }
        CloseReason reason = closeReason == null ? CloseReason.CONNECTION_LOST : closeReason;
        for (SessionListener l : context.listeners()) {
            try {
                l.closed(this, reason);
            } catch (RuntimeException e) {
                LOG.error("session listener failed on close of {}", jid, e);
            }
        }
    }

    // ---- output helpers ------------------------------------------------------------------------------------------

    /** The stream carrying the session now. */
    StreamTransport stream() {
        return transport;
    }

    C2sState state() {
        return state;
    }

    void state(C2sState newState) {
        state = newState;
    }

    /** Writes a non-stanza element (negotiation, stream management); not counted by stream management. */
    void send(XmlElement element) {
        transport.send(element);
    }

    /** Writes a stanza the session itself answers with (an error reply): counted like every stanza. */
    void sendStanza(XmlElement stanza) {
        writeStanza(stanza);
    }

    /** Sends a stanza error straight back to this client for an element that could not become a stanza. */
    void replyError(XmlElement original, StanzaErrorException error) {
        if (!"error".equals(original.attribute("type"))) {
            sendStanza(StanzaErrors.reply(original, error.condition(), error.getMessage()));
        }
    }

    void sendHeader(String lang) {
        transport.openStream(UUID.randomUUID().toString(), context.domain(), lang == null ? "en" : lang);
        headerSent = true;
    }

    /** Sends a stream error (when a condition is given) and closes the stream (RFC 6120 §4.9.1.1). */
    void fail(StreamErrorCondition condition, String text) {
        failWith(condition == null ? null : StanzaErrors.streamError(condition, text));
    }

    /** Like {@link #fail} with a ready {@code <stream:error/>} (one carrying an application condition). */
    void failWith(XmlElement streamError) {
        if (state == C2sState.CLOSING || state == C2sState.CLOSED) {
            return;
        }
        if (closeReason == null) {
            closeReason = CloseReason.STREAM_ERROR;
        }
        if (state == C2sState.DETACHED || state == C2sState.RESUMPTION_PENDING) {
            end(); // no stream to write to (a resuming one is answered by StreamResumption)
            return;
        }
        if (!headerSent) {
            sendHeader(null); // §4.9.1.2: the header goes first even when the error is about it
        }
        if (streamError != null) {
            transport.send(streamError);
        }
        closeStream();
    }

    private void closeStream() {
        state = C2sState.CLOSING;
        transport.closeStream();
    }

    String describe() {
        Jid j = jid;
        return j != null ? j.toString() : transport.remoteAddress();
    }
}
