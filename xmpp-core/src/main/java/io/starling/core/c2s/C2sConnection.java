package io.starling.core.c2s;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

import io.starling.core.session.Transport;
import io.starling.core.stanza.StreamErrorCondition;
import io.starling.core.stanza.StreamErrorException;
import io.starling.core.xml.XmlElement;

/**
 * Where the events of one client connection enter, whatever the transport: they go to the session this connection
 * carries. That is the {@link C2sSession} created with it, or, once the client resumed an older session on this
 * connection (XEP-0198 §5, see {@link StreamResumption}), that older session, on its own executor. Until the older
 * session has answered, events wait here in order (a client may send stanzas right behind {@code <resume/>});
 * then they are forwarded in the same order, or given back to this connection's own session if the resumption
 * failed. A session ignores events from a connection that no longer carries it. Confined to the connection's
 * executor.
 */
public final class C2sConnection {
    /** Events a client may send before the answer to its {@code <resume/>}; more ends the stream. */
    static final int MAX_WAITING = 256;

    private final C2sSession own;
    private final StreamTransport transport;
    /** The resumed session, from the {@code <resume/>} on; null otherwise. */
    private C2sSession target;
    /** Events waiting for the target's answer; null once answered. */
    private List<Consumer<C2sSession>> waiting;
    /** Too much waited: this stream is ending, and its events are dropped. */
    private boolean abandoned;

    /**
     * @param executor the executor owning the connection (an event loop); it also runs the session's timers
     */
    public C2sConnection(C2sContext context, StreamTransport transport, ScheduledExecutorService executor,
                         Transport kind) {
        this.transport = transport;
        this.own = new C2sSession(context, this, transport, executor, kind);
    }

    /** The session created with this connection (the one it carries unless it resumed another). */
    public C2sSession session() {
        return own;
    }

    /** True while stanzas flow on this connection: its session is bound, or it carries a resumed one. */
    public boolean established() {
        return own.established();
    }

    public void onStreamOpen(InboundStreamHeader header) {
        if (target == null) {
            if (own.carries(transport)) {
                own.streamOpened(header);
            }
        } else {
            forward(s -> s.streamOpened(header));
        }
    }

    public void onElement(XmlElement element) {
        if (target == null) {
            if (own.carries(transport)) {
                own.element(element);
            }
        } else {
            forward(s -> s.element(element));
        }
    }

    /** The client closed its stream (RFC 6120 §4.4). */
    public void onStreamClose() {
        if (target == null) {
            if (own.carries(transport)) {
                own.streamClosed();
            }
        } else {
            forward(C2sSession::streamClosed);
        }
    }

    /** The parser or the transport found a stream-level fault. */
    public void onStreamError(StreamErrorException error) {
        if (target == null) {
            if (own.carries(transport)) {
                own.streamError(error);
            }
        } else {
            forward(s -> s.streamError(error));
        }
    }

    /** The connection is gone, cleanly or not. Idempotent. */
    public void onDisconnected() {
        if (target == null) {
            if (own.carries(transport)) {
                own.disconnected();
            }
        } else {
            forward(C2sSession::disconnected);
        }
    }

    /**
     * Elements the transport accepted and will never hand to the client (a BOSH session's unread output at its end),
     * in the order they were sent; call before {@link #onDisconnected}. Without stream management the session routes
     * the messages among them again once it has ended (XEP-0198 holds them itself otherwise).
     */
    public void onUnsent(List<XmlElement> elements) {
        if (target == null) {
            if (own.carries(transport)) {
                own.unsent(elements);
            }
        } else {
            forward(s -> s.unsent(elements));
        }
    }

    /** Nothing was read for the idle timeout. */
    public void onIdleTimeout() {
        if (target == null) {
            if (own.carries(transport)) {
                own.idleTimeout();
            }
        } else {
            forward(C2sSession::idleTimeout);
        }
    }

    /** The negotiation timer ran out: a stream not yet bound, nor resuming, ends. */
    public void onNegotiationTimeout() {
        if (target == null && own.carries(transport)) {
            own.negotiationTimeout();
        }
    }

    /**
     * Authenticates this connection's stream without SASL, for a member who authenticated elsewhere: BOSH prebind,
     * where the web site vouches for a member logged in to it. The next stream header gets the post-authentication
     * features, and the client binds a resource as after SASL. Only before the first stream header.
     *
     * @throws IllegalStateException if a stream was opened already
     */
    public void preauthenticated(String username) {
        own.preauthenticated(username);
    }

    // ---- resumption ----------------------------------------------------------------------------------------------

    /** This connection's client asked to resume {@code session}: events wait for its answer. */
    void relayTo(C2sSession session) {
        target = session;
        waiting = new ArrayList<>();
        own.resuming();
    }

    /** The resumed session answered: null means it took this connection over; otherwise the refusal to send. */
    void answered(XmlElement refusal) {
        List<Consumer<C2sSession>> held = waiting;
        waiting = null;
        if (refusal == null) {
            if (abandoned) {
                // This stream is closing: the session must not wait on it, but detach (and stay resumable).
                deliver(C2sSession::disconnected);
                return;
            }
            own.relaying();
            held.forEach(this::deliver);
            return;
        }
        target = null;
        if (!abandoned) {
            own.resumeRefused(refusal);
            held.forEach(event -> event.accept(own));
        }
    }

    private void forward(Consumer<C2sSession> event) {
        if (abandoned) {
            return;
        }
        if (waiting == null) {
            deliver(event);
        } else if (waiting.size() < MAX_WAITING) {
            waiting.add(event);
        } else {
            abandoned = true;
            waiting.clear();
            own.fail(StreamErrorCondition.POLICY_VIOLATION, "wait for the answer to <resume/>");
        }
    }

    private void deliver(Consumer<C2sSession> event) {
        C2sSession s = target;
        s.executor().execute(() -> {
            if (s.carries(transport)) {
                event.accept(s);
            }
        });
    }
}
