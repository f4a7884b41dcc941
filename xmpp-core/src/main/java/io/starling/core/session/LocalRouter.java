package io.starling.core.session;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.starling.core.iq.IqDispatcher;
import io.starling.core.jid.Jid;
import io.starling.core.spi.DeliveryFallback;
import io.starling.core.spi.InboundGuard;
import io.starling.core.stanza.Namespaces;
import io.starling.core.stanza.Stanza;
import io.starling.core.stanza.StanzaErrorCondition;
import io.starling.core.xml.XmlElement;

/**
 * Routes stanzas between the sessions of this node by the rules of RFC 6121 §8.5 (local domain) and RFC 6120
 * §10.4 (other domains: there is no server-to-server yet, so {@code remote-server-not-found}). Never blocks: a
 * member with no session is looked up through {@link UserDirectory}, which completes later.
 *
 * <p><b>Order.</b> RFC 6120 §10.1 requires in-order processing of the stanzas one entity sends another. Most stanzas
 * are decided at once (delivered to a session's queue, answered, dropped). A few wait before the decision — for the
 * {@link InboundGuard} to load a block list, for the account lookup — and those waits may finish in any order. So
 * the router keeps, per member, the decisions still pending; a later stanza to the same member is decided only
 * after them. Internally each step returns a <em>decision</em>: a future that completes once the stanza has been
 * handed on (to a session, to the delivery fallback's queue, or answered), carrying the stage that completes when
 * the server has taken responsibility (for offline storage: committed). Later stanzas wait for the decision only,
 * not for the commit, so storage can still batch a burst to one member — except while the member has sessions of
 * which none is available: one of them may be logging in and taking its backlog, so there the decision waits for
 * the commit.
 *
 * <p><b>Outcomes.</b> Each step also says what became of the stanza ({@link RouteOutcome}). {@link #route} answers
 * refusals with a stanza error to the sender; {@link #routeReporting} routes no error reply and reports the refusal
 * instead. The error reply is sent where the refusal is decided, so that errors keep the order of what they answer.
 * Outcomes are shared constants and the decisions for a delivery or a drop are preallocated: the common path
 * allocates nothing for them.
 */
public final class LocalRouter implements Router {
    private static final Logger LOG = LoggerFactory.getLogger(LocalRouter.class);
    /** The decisions for stanzas delivered or dropped at once. */
    private static final CompletableFuture<CompletionStage<RouteOutcome>> DELIVERED_NOW =
            CompletableFuture.completedFuture(RouteOutcome.DELIVERED.asStage());
    private static final CompletableFuture<CompletionStage<RouteOutcome>> DROPPED_NOW =
            CompletableFuture.completedFuture(RouteOutcome.DROPPED.asStage());

    /** How a stanza came to the router: whether a refusal is answered, and when the stanza counts as decided. */
    private enum Mode {
        /** {@link #route}: a refusal is answered with a stanza error. */
        ANSWERED,
        /** An ended session's message ({@link #rerouting}): answered, and decided only once taken. */
        LEFTOVER,
        /** {@link #routeReporting}: a refusal is reported, not answered. */
        REPORTED
    }

    private final String domain;
    private final SessionRegistry registry;
    private final UserDirectory users;
    private final IqDispatcher iqDispatcher;
    private final DeliveryFallback fallback;
    private final InboundGuard guard;
    private final ComponentRoutes components;
    /** Per member (local part): the decisions not yet made for stanzas routed to it; absent when none. */
    private final ConcurrentHashMap<String, CompletableFuture<?>> undecided = new ConcurrentHashMap<>();

    public LocalRouter(String domain, SessionRegistry registry, UserDirectory users, IqDispatcher iqDispatcher,
                       DeliveryFallback fallback, InboundGuard guard) {
        this(domain, registry, users, iqDispatcher, fallback, guard, ComponentRoutes.NONE);
    }

    /** @param components the external components' domains (XEP-0114), consulted for domains other than ours */
    public LocalRouter(String domain, SessionRegistry registry, UserDirectory users, IqDispatcher iqDispatcher,
                       DeliveryFallback fallback, InboundGuard guard, ComponentRoutes components) {
        this.components = components;
        this.domain = Jid.domain(domain).domain();
        this.registry = registry;
        this.users = users;
        this.iqDispatcher = iqDispatcher;
        this.fallback = fallback;
        this.guard = guard;
    }

    @Override
    public CompletionStage<Void> route(Stanza stanza) {
        return done(route(stanza, Mode.ANSWERED));
    }

    @Override
    public CompletionStage<RouteOutcome> routeReporting(Stanza stanza) {
        return route(stanza, Mode.REPORTED);
    }

    /** The outcome's stage without the outcome; nothing allocated when it is already complete. */
    private static CompletionStage<Void> done(CompletionStage<RouteOutcome> outcome) {
        CompletableFuture<RouteOutcome> f = outcome.toCompletableFuture();
        return f.isDone() && !f.isCompletedExceptionally() ? DONE : f.thenAccept(o -> { });
    }

    /**
     * An ended session's messages (see {@link Router#rerouting}) keep their place: everything routed to the member
     * after the place was taken waits until they are all decided. Each counts as decided only once the server has
     * taken responsibility for it (for storage: committed), so they enter storage one at a time, without a burst
     * into the writer's lanes; and {@link #toFull} lets a headline that asks to be stored go to the bare JID too.
     */
    @Override
    public Rerouting rerouting(Jid ending) {
        return new Place(ending.local());
    }

    /** See {@link #rerouting}. Its chain of decisions is confined to the ending session's executor. */
    private final class Place implements Rerouting {
        private final String member;
        /** Completes once the place is closed and its last message decided: others to the member wait for it. */
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        /** The last decision in this place, or what was pending for the member when the place was taken. */
        private CompletableFuture<?> last;
        private boolean closed;

        Place(String member) {
            this.member = member;
            CompletableFuture<?> ahead = undecided.get(member);
            last = ahead == null ? DONE.toCompletableFuture() : ahead;
            CompletableFuture<?> tail = undecided.merge(member, done,
                    (old, mine) -> old.isDone() ? mine : CompletableFuture.allOf(old, mine));
            tail.whenComplete((r, e) -> undecided.remove(member, tail));
        }

        @Override
        public CompletionStage<Void> reroute(Stanza message) {
            Jid to = message.to() != null ? message.to() : message.from().asBare();
            if (closed || !domain.equals(to.domain()) || !member.equals(to.local())) {
                // not this member's, or too late for the place: in order from now
                return done(route(message, Mode.LEFTOVER));
            }
            CompletableFuture<CompletionStage<RouteOutcome>> decision =
                    last.handle((r, e) -> null).thenCompose(r -> decide(message, to, Mode.LEFTOVER));
            last = decision;
            // A leftover's decision completes once the server has taken it (see decide).
            return decision.thenApply(responsibility -> null);
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                last.handle((r, e) -> done.complete(null));
            }
        }
    }

    private CompletionStage<RouteOutcome> route(Stanza stanza, Mode mode) {
        Jid to = stanza.to();
        if (to == null) {
            // RFC 6120 §10.3: no 'to' means the sender's own account (bare JID).
            to = stanza.from().asBare();
        }
        if (!to.domain().equals(domain)) {
            return toOtherDomain(stanza, to, mode).asStage();
        } else if (to.local() == null) {
            return toServer(stanza, mode).asStage();
        } else if (stanza.kind() == Stanza.Kind.PRESENCE && registry.sessionsOf(to).isEmpty()) {
            // RFC 6121 §8.5.1, §8.5.2.2.2, §8.5.3.2.2: presence to a member without sessions is dropped whether or
            // not the account exists or blocks the sender, so neither the guard nor the account lookup is asked.
            // Otherwise every broadcast to an offline contact costs a query (and a stripe hop on first use).
            return RouteOutcome.DROPPED.asStage();
        }
        CompletableFuture<CompletionStage<RouteOutcome>> decision = inOrder(stanza, to, mode);
        if (decision.isDone() && !decision.isCompletedExceptionally()) {
            return decision.join();
        }
        return decision.thenCompose(responsibility -> responsibility);
    }

    /** A component's domain (XEP-0114), or else no route: there is no server-to-server (RFC 6120 §10.4). */
    private RouteOutcome toOtherDomain(Stanza stanza, Jid to, Mode mode) {
        return switch (components.deliver(stanza)) {
            case DELIVERED -> RouteOutcome.DELIVERED;
            case NOT_CONNECTED -> refuse(stanza, StanzaErrorCondition.SERVICE_UNAVAILABLE,
                    to.domain() + " is offline", mode);
            case CONGESTED -> refuse(stanza, StanzaErrorCondition.RESOURCE_CONSTRAINT,
                    to.domain() + " is overloaded", mode);
            case NOT_A_COMPONENT -> refuse(stanza, StanzaErrorCondition.REMOTE_SERVER_NOT_FOUND,
                    "no route to " + to.domain(), mode);
        };
    }

    /**
     * Decides the stanza after every stanza to the same member still undecided (RFC 6120 §10.1). The fast path —
     * nothing pending for the member, decided at once — costs one map lookup.
     */
    private CompletableFuture<CompletionStage<RouteOutcome>> inOrder(Stanza stanza, Jid to, Mode mode) {
        String member = to.local();
        CompletableFuture<?> ahead = undecided.get(member);
        CompletableFuture<CompletionStage<RouteOutcome>> decision = ahead == null ? decide(stanza, to, mode)
                : ahead.handle((r, e) -> null).thenCompose(r -> decide(stanza, to, mode));
        if (!decision.isDone()) {
            // Concurrent senders each add their decision; the entry completes when all of them have.
            CompletableFuture<?> tail = undecided.merge(member, decision,
                    (old, mine) -> old.isDone() ? mine : CompletableFuture.allOf(old, mine));
            tail.whenComplete((r, e) -> undecided.remove(member, tail));
        }
        return decision;
    }

    /** A leftover (see {@link #rerouting}) is decided only once the server has taken responsibility for it. */
    private CompletableFuture<CompletionStage<RouteOutcome>> decide(Stanza stanza, Jid to, Mode mode) {
        CompletableFuture<CompletionStage<RouteOutcome>> decision = guarded(stanza, to, mode);
        return mode == Mode.LEFTOVER ? decision.thenCompose(LocalRouter::settled) : decision;
    }

    /** Asks the {@link InboundGuard} first (XEP-0191 §3.3); the common answer is already complete. */
    private CompletableFuture<CompletionStage<RouteOutcome>> guarded(Stanza stanza, Jid to, Mode mode) {
        CompletableFuture<InboundGuard.Verdict> verdict = guard.check(to.asBare(), stanza).toCompletableFuture();
        if (verdict.isDone() && !verdict.isCompletedExceptionally()) {
            return toMember(stanza, to, verdict.join(), mode);
        }
        return verdict.handle((v, failure) -> {
            if (failure != null) {
                LOG.error("inbound guard failed for a stanza to a local member", failure);
                return decided(refuse(stanza, StanzaErrorCondition.INTERNAL_SERVER_ERROR, null, mode));
            }
            return toMember(stanza, to, v, mode);
        }).thenCompose(decision -> decision);
    }

    private CompletableFuture<CompletionStage<RouteOutcome>> toMember(Stanza stanza, Jid to, InboundGuard.Verdict verdict,
                                                                     Mode mode) {
        if (verdict == InboundGuard.Verdict.REFUSE) {
            // XEP-0191 §3.3: messages and IQ requests get service-unavailable; presence is dropped.
            return stanza.kind() == Stanza.Kind.PRESENCE ? DROPPED_NOW
                    : decided(refuse(stanza, StanzaErrorCondition.SERVICE_UNAVAILABLE, null, mode));
        }
        return to.isBare() ? toBare(stanza, to, mode) : toFull(stanza, to, mode);
    }

    /** A decision made now, with its outcome. */
    private static CompletableFuture<CompletionStage<RouteOutcome>> decided(RouteOutcome outcome) {
        return decided(outcome.asStage());
    }

    /** A decision made now, with the stage that completes when the server has taken responsibility. */
    private static CompletableFuture<CompletionStage<RouteOutcome>> decided(CompletionStage<RouteOutcome> outcome) {
        if (outcome == RouteOutcome.DELIVERED.asStage()) {
            return DELIVERED_NOW;
        }
        return outcome == RouteOutcome.DROPPED.asStage() ? DROPPED_NOW : CompletableFuture.completedFuture(outcome);
    }

    /** RFC 6120 §10.3: stanzas to the server's own domain are handled by the server. */
    private RouteOutcome toServer(Stanza stanza, Mode mode) {
        switch (stanza.kind()) {
            case IQ -> {
                iqDispatcher.dispatchToServer(stanza, this);
                return RouteOutcome.DELIVERED;
            }
            case MESSAGE -> {
                if (wantsError(stanza)) {
                    return refuse(stanza, StanzaErrorCondition.SERVICE_UNAVAILABLE, null, mode);
                }
            }
            case PRESENCE -> {
                // Presence to the server itself carries nothing for it (§8.5 has no rule); dropped.
            }
        }
        return RouteOutcome.DROPPED;
    }

    /** RFC 6121 §8.5.2: a local bare JID. */
    private CompletableFuture<CompletionStage<RouteOutcome>> toBare(Stanza stanza, Jid bare, Mode mode) {
        if (stanza.kind() == Stanza.Kind.IQ) {
            // §8.5.2.1.3 / §8.5.2.2.3: the server answers on the member's behalf.
            iqDispatcher.dispatchToBareJid(stanza, this);
            return DELIVERED_NOW;
        }
        List<Session> sessions = registry.sessionsOf(bare);
        if (!sessions.isEmpty()) {
            return deliverToBare(stanza, sessions, mode);
        }
        if (stanza.kind() == Stanza.Kind.MESSAGE && !fallback.admits(stanza)) {
            // Overloaded storage: refuse before the account lookup, which would cost as much as storing.
            return decided(refuse(stanza, StanzaErrorCondition.RESOURCE_CONSTRAINT, null, mode));
        }
        return users.exists(bare).handle((exists, failure) -> {
            if (failure != null) {
                LOG.error("user lookup failed for a stanza to a local member", failure);
                return decided(refuse(stanza, StanzaErrorCondition.INTERNAL_SERVER_ERROR, null, mode));
            } else if (!exists) {
                return decided(noSuchUser(stanza, mode));
            }
            // Sessions may have appeared meanwhile; deliver if so.
            List<Session> now = registry.sessionsOf(bare);
            return now.isEmpty() ? decided(noAvailableResource(stanza, mode)) : deliverToBare(stanza, now, mode);
        }).thenCompose(decision -> decision).toCompletableFuture();
    }

    private CompletableFuture<CompletionStage<RouteOutcome>> deliverToBare(Stanza stanza, List<Session> sessions,
                                                                          Mode mode) {
        if (stanza.kind() == Stanza.Kind.PRESENCE) {
            // §8.5.2.1.2: to every available resource.
            boolean delivered = false;
            for (Session s : sessions) {
                if (s.presence().available()) {
                    s.deliver(stanza);
                    delivered = true;
                }
            }
            return delivered ? DELIVERED_NOW : DROPPED_NOW;
        }
        String type = stanza.type();
        if ("groupchat".equals(type)) {
            return decided(refuse(stanza, StanzaErrorCondition.SERVICE_UNAVAILABLE, null, mode)); // §8.5.2.1.1
        }
        if ("error".equals(type)) {
            return DROPPED_NOW;
        }
        List<Session> targets = MessageRecipients.of(sessions, type);
        if (targets.isEmpty()) {
            // The member has sessions, none available: one may be sending initial presence and taking its backlog
            // right now. Later stanzas wait until this one is stored (and, should that session be available by
            // then, handed to it), so that none of them reaches the session before it.
            return settled(noAvailableResource(stanza, mode));
        }
        for (Session s : targets) {
            s.deliver(stanza);
        }
        return DELIVERED_NOW;
    }

    /** A decision that counts as made only once the server has taken responsibility. */
    private static CompletableFuture<CompletionStage<RouteOutcome>> settled(CompletionStage<RouteOutcome> outcome) {
        CompletableFuture<RouteOutcome> f = outcome.toCompletableFuture();
        return f.isDone() ? decided(outcome) : f.handle((r, e) -> outcome);
    }

    /**
     * RFC 6121 §8.5.3: a local full JID. When no session has it (§8.5.3.2.1), {@code chat} goes to the bare JID as
     * the RFC says, and so does {@code normal} (or no type). For {@code normal} that is a deliberate choice: the RFC
     * lists ignoring it or bouncing it, and we treat it as sent to the bare JID (§8.5.2) instead, so that it reaches
     * another resource or offline storage. That keeps the messages a session could not deliver before it ended
     * ({@code leftover}), and the sender sees the same whether the resource is gone or invisible (XEP-0186): no
     * error either way.
     * {@code groupchat} gets {@code service-unavailable}, {@code error} is dropped (§8.5.3.2.1), and a
     * {@code headline} is dropped too — unless it is a leftover carrying XEP-0334's {@code <store/>} hint: the
     * server accepted it, and the hint asks for it to be kept.
     */
    private CompletableFuture<CompletionStage<RouteOutcome>> toFull(Stanza stanza, Jid full, Mode mode) {
        Session session = registry.get(full);
        if (session != null) {
            session.deliver(stanza);
            return DELIVERED_NOW;
        }
        switch (stanza.kind()) {
            case MESSAGE -> {
                String type = stanza.type();
                if (type == null || "normal".equals(type) || "chat".equals(type)
                        || (mode == Mode.LEFTOVER && "headline".equals(type) && askedToStore(stanza))) {
                    return toBare(stanza, full.asBare(), mode);
                } else if ("groupchat".equals(type)) {
                    return decided(refuse(stanza, StanzaErrorCondition.SERVICE_UNAVAILABLE, null, mode));
                }
            }
            case IQ -> {
                if (stanza.isIqRequest()) {
                    // §8.5.3.2.3
                    return decided(refuse(stanza, StanzaErrorCondition.SERVICE_UNAVAILABLE, null, mode));
                }
            }
            case PRESENCE -> {
                // §8.5.3.2.2: silently ignored here; subscription handling belongs to the presence module.
            }
        }
        return DROPPED_NOW;
    }

    /** XEP-0334 §4: {@code <store/>} and no {@code <no-store/>}, which wins. */
    private static boolean askedToStore(Stanza message) {
        XmlElement e = message.element();
        return e.element(Namespaces.HINTS, "store") != null && e.element(Namespaces.HINTS, "no-store") == null;
    }

    /** RFC 6121 §8.5.1: no such account. */
    private RouteOutcome noSuchUser(Stanza stanza, Mode mode) {
        if (stanza.kind() == Stanza.Kind.MESSAGE && wantsError(stanza)) {
            return refuse(stanza, StanzaErrorCondition.SERVICE_UNAVAILABLE, null, mode);
        }
        return RouteOutcome.DROPPED;
    }

    /**
     * RFC 6121 §8.5.2.2: the account exists but has no available resource. The fallback's outcome completes the
     * route (offline storage commits before it completes), and its refusal is answered here; if it fails, the sender
     * gets {@code internal-server-error} rather than silence.
     */
    private CompletionStage<RouteOutcome> noAvailableResource(Stanza stanza, Mode mode) {
        if (stanza.kind() != Stanza.Kind.MESSAGE) {
            // Presence: §8.5.2.2.2 — dropped (subscription requests are the presence module's).
            return RouteOutcome.DROPPED.asStage();
        }
        if ("groupchat".equals(stanza.type())) {
            return refuse(stanza, StanzaErrorCondition.SERVICE_UNAVAILABLE, null, mode).asStage();
        }
        if (stanza.isError()) {
            return RouteOutcome.DROPPED.asStage();
        }
        CompletableFuture<RouteOutcome> taken;
        try {
            taken = fallback.undeliverable(stanza).toCompletableFuture();
        } catch (RuntimeException e) {
            taken = CompletableFuture.failedFuture(e);
        }
        if (taken.isDone() && !taken.isCompletedExceptionally() && taken.join() != null) {
            return answered(stanza, taken.join(), mode).asStage();
        }
        return taken.handle((outcome, failure) -> {
            if (failure != null || outcome == null) {
                LOG.error("delivery fallback failed for a message to a member without sessions", failure);
                return refuse(stanza, StanzaErrorCondition.INTERNAL_SERVER_ERROR, null, mode);
            }
            return answered(stanza, outcome, mode);
        });
    }

    /** The fallback's outcome, its refusal answered. */
    private RouteOutcome answered(Stanza stanza, RouteOutcome outcome, Mode mode) {
        return outcome.refused() ? refuse(stanza, outcome.condition(), null, mode) : outcome;
    }

    /**
     * A refusal: answers the sender (RFC 6120 §8.3) unless the outcome is reported instead; the reply's own delivery
     * is not waited for.
     */
    private RouteOutcome refuse(Stanza stanza, StanzaErrorCondition condition, String text, Mode mode) {
        // RFC 6120 §8.3.1: never answer an error (or an IQ response) with an error.
        boolean answerable = !stanza.isError() && (stanza.kind() != Stanza.Kind.IQ || stanza.isIqRequest())
                && stanza.from() != null;
        if (mode != Mode.REPORTED && answerable) {
            route(stanza.errorReply(condition, text));
        }
        return RouteOutcome.refused(condition);
    }

    private static boolean wantsError(Stanza message) {
        String type = message.type();
        return type == null || "normal".equals(type) || "chat".equals(type);
    }
}
