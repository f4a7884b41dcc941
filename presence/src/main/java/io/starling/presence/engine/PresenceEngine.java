package io.starling.presence.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.starling.core.concurrent.ExecutorOverloadedException;
import io.starling.core.concurrent.StripedExecutor;
import io.starling.core.jid.Jid;
import io.starling.core.session.Router;
import io.starling.core.session.Session;
import io.starling.core.session.SessionRegistry;
import io.starling.core.session.UserDirectory;
import io.starling.core.spi.CloseReason;
import io.starling.core.spi.Extensions;
import io.starling.core.stanza.Stanza;
import io.starling.core.stanza.StanzaErrorCondition;
import io.starling.core.xml.XmlElement;
import io.starling.core.xml.XmlParserFactory;
import io.starling.presence.PresenceConfig;
import io.starling.presence.PresenceNamespaces;
import io.starling.presence.api.PresenceChanged;
import io.starling.presence.block.BlockListRepository;
import io.starling.presence.member.MemberRepository;
import io.starling.presence.roster.RosterCodec;
import io.starling.presence.roster.RosterRepository;
import io.starling.presence.roster.SubscriptionRequestRepository;
import io.starling.presence.roster.SubscriptionType;

/**
 * The presence machinery assembled: stripes owning member state, and the core extension points that feed them.
 * Entry points hop to the member's stripe and return at once.
 */
public final class PresenceEngine {
    private final Stripes stripes;
    private final PresenceDirectory directory = new PresenceDirectory();
    private final SessionPresence sessions;
    private final Subscriptions subscriptions;
    private final PresenceIqHandlers iqHandlers;
    private final Probes probes;
    private final String domain;
    private final Router router;
    /** Sessions whose unavailable presence waits on a full stripe as release work; see {@link #broadcast}. */
    private final Set<Session> unavailableWaiting = ConcurrentHashMap.newKeySet();

    /**
     * Collaborators a running server provides.
     *
     * @param members  reads a member's roster and block list together when its state is first needed
     * @param rosters  roster writes
     * @param blocks   block list writes
     * @param requests subscription requests kept whole until answered (RFC 6121 §3.1.3)
     * @param parsers  reads kept requests back
     */
    public record Services(String domain, Router router, SessionRegistry registry, UserDirectory users,
                           MemberRepository members, RosterRepository rosters, BlockListRepository blocks,
                           SubscriptionRequestRepository requests, XmlParserFactory parsers) {
    }

    public PresenceEngine(Services services, PresenceConfig config, Consumer<PresenceChanged> events, Clock clock) {
        this.stripes = new Stripes(new StripedExecutor("presence", config.effectiveStripes(), config.stripeQueue()),
                i -> new MemberTable(services.members(), directory, config.cachedOfflineMembers()));
        PresenceBroadcaster broadcaster = new PresenceBroadcaster(services.router(), directory, services.registry());
        ResourcePushes pushes = new ResourcePushes();
        PendingRequests pending = new PendingRequests(services.domain(), services.requests(), services.parsers(),
                clock);
        RosterWriter writer = new RosterWriter(services.rosters(), pushes, pending);
        this.subscriptions = new Subscriptions(services.domain(), services.router(), stripes, writer, broadcaster,
                services.users(), pending, config.maxRosterItems());
        this.probes = new Probes(services.router());
        this.domain = services.domain();
        this.router = services.router();
        this.sessions = new SessionPresence(services.router(), broadcaster, new AggregateTracker(events, clock),
                directory, subscriptions);
        RosterCodec codec = new RosterCodec(new RosterCodec.Limits(RosterCodec.Limits.DEFAULT_MAX_NAME_LENGTH,
                config.maxGroupNameLength(), RosterCodec.Limits.DEFAULT_MAX_GROUPS_PER_ITEM));
        this.iqHandlers = new PresenceIqHandlers(stripes, services.registry(), codec,
                new RosterRequests(writer, subscriptions, config.maxRosterItems()),
                new BlockingRequests(services.blocks(), directory, broadcaster, pushes), sessions);
    }

    /** Registers handlers, the interceptor, the session listener, the inbound guard and the stream features. */
    public void contribute(Extensions ext) {
        iqHandlers.contribute(ext);
        ext.interceptor(new PresenceInterceptor(this, directory, stripes, router));
        ext.sessionListener(new PresenceSessionListener(this));
        ext.inboundGuard(new BlockingGuard(directory, stripes));
        // XEP-0237 §2 and RFC 6121 §3.4.1: advertised after authentication.
        ext.streamFeature(XmlElement.builder(PresenceNamespaces.ROSTER_VERSIONING_FEATURE, "ver").build());
        ext.streamFeature(XmlElement.builder(PresenceNamespaces.PRE_APPROVAL_FEATURE, "sub").build());
        ext.discoFeature(PresenceNamespaces.BLOCKING);
        ext.discoFeature(PresenceNamespaces.INVISIBLE);
        ext.discoFeature(PresenceNamespaces.INVISIBLE_LEGACY);
    }

    /*
     * A session's start and end are release tasks (Stripes.runRelease): never refused for a full stripe, because a
     * lost close leaves contacts seeing a ghost forever (RFC 6121 §4.5.2 has the server send unavailable "whatever
     * the reason"), and a lost start leaves a session that can never become available. They are bounded all the
     * same, by the sessions the server holds: one start and one end per session, and sessions are limited by
     * c2s.max-resources-per-user per member, the sockets the system grants and gateway.bosh.max-sessions.
     */

    void bound(Session session) {
        stripes.runRelease(member(session), m -> {
            sessions.bound(m, session);
            stripes.tableOf(m.bare).settle(m);
        });
    }

    void closed(Session session, CloseReason reason) {
        stripes.runRelease(member(session), m -> {
            sessions.closed(m, session, reason);
            stripes.tableOf(m.bare).settle(m);
        });
    }

    /**
     * Broadcast presence (RFC 6121 §4.2, §4.4, §4.5). Available presence is ordinary work, refused with
     * {@code resource-constraint} when the stripe is full. Unavailable is not to be lost either: past a full stripe it
     * goes as release work, at most one per session at a time. While it waits, the session's available presence is
     * refused, so that the waiting unavailable stays the session's last broadcast and a further one can be dropped as
     * redundant: the bound stays one per session.
     */
    void broadcast(Session session, Stanza presence) {
        Jid member = member(session);
        if (presence.type() == null) {
            if (unavailableWaiting.contains(session)) {
                throw new ExecutorOverloadedException("presence", false);
            }
            stripes.run(member, m -> sessions.available(m, session, presence));
            return;
        }
        try {
            stripes.run(member, m -> sessions.unavailable(m, session, presence));
        } catch (ExecutorOverloadedException full) {
            if (!unavailableWaiting.add(session)) {
                return; // the one waiting already leaves the session unavailable
            }
            try {
                stripes.runRelease(member, m -> {
                    unavailableWaiting.remove(session);
                    sessions.unavailable(m, session, presence);
                });
            } catch (ExecutorOverloadedException shutDown) {
                unavailableWaiting.remove(session);
                throw shutDown;
            }
        }
    }

    void directed(Session session, Stanza presence) {
        stripes.run(member(session), m -> sessions.directed(m, session, presence));
    }

    void subscription(Session session, Stanza presence, SubscriptionType type) {
        stripes.run(member(session), m -> {
            StanzaErrorCondition error = subscriptions.outbound(m, presence, type);
            if (error != null) {
                session.deliver(presence.errorReply(error, "the roster is full"));
            }
        });
    }

    /** A client's probe (RFC 6121 §4.3.2), to a member of this domain: answered on that member's stripe. */
    void probe(Stanza probe) {
        stripes.run(probe.to().asBare(), c -> probes.answer(c, probe));
    }

    /** Whether the JID belongs to this server's domain. */
    boolean isLocal(Jid jid) {
        return domain.equals(jid.domain());
    }

    /** Tasks waiting on the stripes, for a gauge. */
    public int queueDepth() {
        return stripes.queueDepth();
    }

    /** Lets queued presence work finish (sessions closing at shutdown broadcast unavailable), then stops. */
    public void stop(Duration grace) {
        stripes.shutdown(grace);
    }

    private static Jid member(Session session) {
        return session.jid().asBare();
    }
}
