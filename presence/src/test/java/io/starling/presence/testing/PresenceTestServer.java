package io.starling.presence.testing;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import io.starling.core.iq.IqDispatcher;
import io.starling.core.jid.Jid;
import io.starling.core.session.DeferredRouter;
import io.starling.core.session.LocalRouter;
import io.starling.core.session.LocalSessionRegistry;
import io.starling.core.session.PresenceState;
import io.starling.core.session.Session;
import io.starling.core.session.UserDirectory;
import io.starling.core.spi.CloseReason;
import io.starling.core.spi.CollectedExtensions;
import io.starling.core.spi.SessionListener;
import io.starling.core.spi.StanzaInterceptor;
import io.starling.core.stanza.Namespaces;
import io.starling.core.stanza.Stanza;
import io.starling.core.store.Database;
import io.starling.core.testing.RecordingSession;
import io.starling.core.user.UserService;
import io.starling.core.xml.XmlElement;
import io.starling.core.xml.XmlParserFactory;
import io.starling.presence.PresenceConfig;
import io.starling.presence.PresenceNamespaces;
import io.starling.presence.api.PresenceListener;
import io.starling.presence.block.PostgresBlockListRepository;
import io.starling.presence.engine.PresenceEngine;
import io.starling.presence.events.PresenceEventDispatcher;
import io.starling.presence.member.MemberRepository;
import io.starling.presence.member.PostgresMemberRepository;
import io.starling.presence.roster.PostgresRosterRepository;
import io.starling.presence.roster.PostgresSubscriptionRequestRepository;
import io.starling.core.testing.Await;

/**
 * The presence engine assembled the way {@code StarlingServer} assembles it (PostgreSQL repositories, a
 * {@link LocalSessionRegistry}, a {@link DeferredRouter} bound to a {@link LocalRouter} built from the collected
 * extensions with the engine's inbound guard and IQ handlers), with {@link RecordingSession}s for clients, driven
 * the way core's c2s code drives a connection: {@link #connect} as {@code ResourceBinder} plus
 * {@code C2sSession.bound}, {@link #send} as {@code EstablishedStanzaHandler}, {@link #disconnect} as
 * {@code C2sSession.onDisconnected}. No sockets, no c2s state machine; everything else is the production code.
 *
 * <p>The event dispatcher is built here rather than through {@code PresenceModule} (which does exactly the same
 * two lines) so that tests can read its counters: how many events were published, coalesced and delivered.
 */
public final class PresenceTestServer implements AutoCloseable {
    public static final String DOMAIN = "example.com";

    private final LocalSessionRegistry registry = new LocalSessionRegistry(10);
    private final PresenceEventDispatcher events;
    private final PresenceEngine engine;
    private final LocalRouter router;
    private final List<StanzaInterceptor> interceptors;
    private final List<SessionListener> listeners;
    private final AtomicInteger ids = new AtomicInteger();

    public PresenceTestServer(Database db, UserService users, PresenceConfig config, Clock clock,
                              List<? extends PresenceListener> presenceListeners) {
        this(db, users, config, clock, presenceListeners, UnaryOperator.identity());
    }

    /**
     * @param members wraps the PostgreSQL member repository the engine loads members with, e.g. to hold a stripe
     *                inside a load ({@link PausingMemberRepository})
     */
    public PresenceTestServer(Database db, UserService users, PresenceConfig config, Clock clock,
                              List<? extends PresenceListener> presenceListeners,
                              UnaryOperator<MemberRepository> members) {
        UserDirectory directory = bare -> users.exists(bare.local());
        DeferredRouter moduleRouter = new DeferredRouter();
        this.events = new PresenceEventDispatcher(presenceListeners);
        this.engine = new PresenceEngine(new PresenceEngine.Services(DOMAIN, moduleRouter, registry, directory,
                members.apply(new PostgresMemberRepository(db.dataSource())),
                new PostgresRosterRepository(db.dataSource()), new PostgresBlockListRepository(db.dataSource()),
                new PostgresSubscriptionRequestRepository(db.dataSource()), new XmlParserFactory()),
                config, events::publish, clock);
        CollectedExtensions extensions = new CollectedExtensions();
        engine.contribute(extensions);
        this.router = new LocalRouter(DOMAIN, registry, directory, new IqDispatcher(extensions.iqHandlers()),
                extensions.deliveryFallback(), extensions.inboundGuard());
        moduleRouter.bind(router);
        this.interceptors = extensions.interceptors();
        this.listeners = extensions.sessionListeners();
    }

    /** The event counters: published, coalesced, delivered, pending. */
    public PresenceEventDispatcher events() {
        return events;
    }

    /** A client that authenticated and bound {@code fullJid}; it has not sent presence yet. */
    public RecordingSession connect(String fullJid) {
        RecordingSession session = new RecordingSession(fullJid, false, 0);
        Session replaced = registry.bind(session);
        if (replaced != null) {
            throw new IllegalStateException(fullJid + " is already connected");
        }
        for (SessionListener l : listeners) {
            l.bound(session);
        }
        return session;
    }

    /**
     * What {@code EstablishedStanzaHandler} does with a stanza the client sent: 'from' stamped, the session's own
     * broadcast presence noted (routing state and session listeners), interceptors asked, then routed unless it is
     * broadcast presence.
     */
    public void send(RecordingSession session, Stanza sent) {
        Stanza stanza = sent.withFrom(session.jid());
        boolean broadcast = stanza.kind() == Stanza.Kind.PRESENCE && stanza.to() == null;
        if (broadcast) {
            ownPresence(session, stanza);
        }
        for (StanzaInterceptor interceptor : interceptors) {
            StanzaInterceptor.Outcome outcome = interceptor.outbound(session, stanza);
            if (outcome instanceof StanzaInterceptor.Pass pass) {
                stanza = pass.stanza();
            } else {
                return;
            }
        }
        if (!broadcast) {
            router.route(stanza);
        }
    }

    private void ownPresence(RecordingSession session, Stanza presence) {
        if (presence.type() == null) {
            XmlElement priority = presence.element().element(Namespaces.CLIENT, "priority");
            session.presence(new PresenceState(true, priority == null ? 0 : Integer.parseInt(priority.text())));
            for (SessionListener l : listeners) {
                l.available(session, presence);
            }
        } else if ("unavailable".equals(presence.type())) {
            session.presence(PresenceState.UNAVAILABLE);
            for (SessionListener l : listeners) {
                l.unavailable(session, presence);
            }
        }
    }

    /** The connection is gone: unregistered, unavailable for routing, then the session listeners hear why. */
    public void disconnect(RecordingSession session, CloseReason reason) {
        registry.unbind(session);
        session.presence(PresenceState.UNAVAILABLE);
        for (SessionListener l : listeners) {
            l.closed(session, reason);
        }
    }

    /** Sends an IQ with this payload to the member's own account and waits for the answer (result or error). */
    public Stanza request(RecordingSession session, String type, XmlElement payload) {
        String id = "iq-" + ids.incrementAndGet();
        send(session, Stanza.build(Stanza.Kind.IQ, null, null, type, id, List.of(payload)));
        Stanza[] answer = new Stanza[1];
        Await.until("an answer to IQ " + id + " at " + session.jid(), () -> {
            for (Stanza s : session.delivered()) {
                if (s.kind() == Stanza.Kind.IQ && id.equals(s.id()) && !s.isIqRequest()) {
                    answer[0] = s;
                    return true;
                }
            }
            return false;
        });
        return answer[0];
    }

    /**
     * Waits until the work queued so far on {@code session}'s stripe has run (a roster get is answered from the
     * member's stripe, after every earlier task of that stripe), then until every listener has been handed every
     * event published so far or had it coalesced.
     */
    public void settle(RecordingSession session) {
        Stanza answer = request(session, "get", XmlElement.builder(PresenceNamespaces.ROSTER, "query").build());
        if (!"result".equals(answer.type())) {
            throw new AssertionError("roster get failed: " + answer);
        }
        awaitListenersIdle();
    }

    /** Waits until no listener holds or waits for an event. */
    public void awaitListenersIdle() {
        Await.until("presence listeners idle", () -> events.listeners().stream()
                .allMatch(q -> q.pending() == 0 && q.published() == q.delivered() + q.coalesced()));
    }

    /** The presence stanzas {@code to} has been handed from {@code from}, oldest first. */
    public static List<Stanza> presencesFrom(RecordingSession to, Jid from) {
        List<Stanza> out = new ArrayList<>();
        for (Stanza s : to.delivered()) {
            if (s.kind() == Stanza.Kind.PRESENCE && from.equals(s.from())) {
                out.add(s);
            }
        }
        return out;
    }

    /** The {@code <show/>} of a presence stanza, or null. */
    public static String show(Stanza presence) {
        XmlElement show = presence.element().element(Namespaces.CLIENT, "show");
        return show == null ? null : show.text();
    }

    /** Broadcast available presence, with {@code <show/>} unless {@code show} is null. */
    public static Stanza presence(String show) {
        List<XmlElement> children = new ArrayList<>();
        if (show != null) {
            children.add(XmlElement.builder(Namespaces.CLIENT, "show").text(show).build());
        }
        return Stanza.build(Stanza.Kind.PRESENCE, null, null, null, null, children);
    }

    /** Broadcast available presence with a show and a status text. */
    public static Stanza presence(String show, String status) {
        return Stanza.build(Stanza.Kind.PRESENCE, null, null, null, null, List.of(
                XmlElement.builder(Namespaces.CLIENT, "show").text(show).build(),
                XmlElement.builder(Namespaces.CLIENT, "status").text(status).build()));
    }

    /** Broadcast unavailable presence. */
    public static Stanza unavailable() {
        return Stanza.build(Stanza.Kind.PRESENCE, null, null, "unavailable", null, List.of());
    }

    /** XEP-0186 §3.1 payload: {@code <invisible xmlns='urn:xmpp:invisible:1'/>}. */
    public static XmlElement invisible() {
        return XmlElement.builder(PresenceNamespaces.INVISIBLE, "invisible").build();
    }

    /** XEP-0186 §3.2 payload: {@code <visible xmlns='urn:xmpp:invisible:1'/>}. */
    public static XmlElement visible() {
        return XmlElement.builder(PresenceNamespaces.INVISIBLE, "visible").build();
    }

    /** Lets queued presence work finish, then drains the listeners (as {@code PresenceModule.stop}). */
    @Override
    public void close() {
        engine.stop(Duration.ofSeconds(2));
        events.close();
    }
}
