package io.starling.presence.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

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
import io.starling.presence.PresenceConfig;
import io.starling.presence.PresenceNamespaces;
import io.starling.presence.api.PresenceChanged;
import io.starling.presence.block.BlockListRepository;
import io.starling.presence.member.MemberRepository;
import io.starling.presence.roster.RosterCodec;
import io.starling.presence.roster.RosterRepository;
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

    /**
     * Collaborators a running server provides.
     *
     * @param members reads a member's roster and block list together when its state is first needed
     * @param rosters roster writes
     * @param blocks  block list writes
     */
    public record Services(String domain, Router router, SessionRegistry registry, UserDirectory users,
                           MemberRepository members, RosterRepository rosters, BlockListRepository blocks) {
    }

    public PresenceEngine(Services services, PresenceConfig config, Consumer<PresenceChanged> events, Clock clock) {
        this.stripes = new Stripes(new StripedExecutor("presence", config.effectiveStripes(), config.stripeQueue()),
                i -> new MemberTable(services.members(), directory, config.cachedOfflineMembers()));
        PresenceBroadcaster broadcaster = new PresenceBroadcaster(services.router(), directory, services.registry());
        ResourcePushes pushes = new ResourcePushes();
        RosterWriter writer = new RosterWriter(services.rosters(), pushes);
        this.subscriptions = new Subscriptions(services.domain(), services.router(), stripes, writer, broadcaster,
                services.users(), config.maxRosterItems());
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
        ext.interceptor(new PresenceInterceptor(this, directory));
        ext.sessionListener(new PresenceSessionListener(this));
        ext.inboundGuard(new BlockingGuard(directory, stripes));
        // XEP-0237 §2 and RFC 6121 §3.4.1: advertised after authentication.
        ext.streamFeature(XmlElement.builder(PresenceNamespaces.ROSTER_VERSIONING_FEATURE, "ver").build());
        ext.streamFeature(XmlElement.builder(PresenceNamespaces.PRE_APPROVAL_FEATURE, "sub").build());
        ext.discoFeature(PresenceNamespaces.BLOCKING);
        ext.discoFeature(PresenceNamespaces.INVISIBLE);
        ext.discoFeature(PresenceNamespaces.INVISIBLE_LEGACY);
    }

    void bound(Session session) {
        stripes.run(member(session), m -> {
            sessions.bound(m, session);
            stripes.tableOf(m.bare).settle(m);
        });
    }

    void closed(Session session, CloseReason reason) {
        stripes.run(member(session), m -> {
            sessions.closed(m, session, reason);
            stripes.tableOf(m.bare).settle(m);
        });
    }

    void broadcast(Session session, Stanza presence) {
        stripes.run(member(session), m -> {
            if (presence.type() == null) {
                sessions.available(m, session, presence);
            } else {
                sessions.unavailable(m, session, presence);
            }
        });
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
