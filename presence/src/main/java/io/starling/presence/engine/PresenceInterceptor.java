package io.starling.presence.engine;

import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.starling.core.concurrent.ExecutorOverloadedException;
import io.starling.core.jid.Jid;
import io.starling.core.session.Router;
import io.starling.core.session.Session;
import io.starling.core.spi.StanzaInterceptor;
import io.starling.core.stanza.Stanza;
import io.starling.core.stanza.StanzaErrorCondition;
import io.starling.presence.block.BlockList;
import io.starling.presence.block.BlockingCodec;
import io.starling.presence.roster.SubscriptionType;

/**
 * Takes every stanza a member's client sends: refuses those addressed to someone the member blocks (XEP-0191
 * §3.3), and takes over all presence (RFC 6121 §3, §4) for the member's stripe. Runs on the session's event loop:
 * a lookup in published state and a hop.
 *
 * <p>The block list is published once the stripe has run the session's {@code bound} task; a client that sends
 * right after binding can get here first. Its stanzas are then held ({@link HeldStanzas}) until the stripe, which
 * loads the list if need be, has answered, as {@link BlockingGuard} does inbound: a blocked JID is never reached.
 * A held stanza is routed from here when it passes; stream management counts it as handled when it is held.
 */
final class PresenceInterceptor implements StanzaInterceptor {
    private static final Logger LOG = LoggerFactory.getLogger(PresenceInterceptor.class);
    private static final Handled HANDLED = new Handled();

    private final PresenceEngine engine;
    private final PresenceDirectory directory;
    private final Stripes stripes;
    private final Router router;
    private final HeldStanzas held = new HeldStanzas();

    PresenceInterceptor(PresenceEngine engine, PresenceDirectory directory, Stripes stripes, Router router) {
        this.engine = engine;
        this.directory = directory;
        this.stripes = stripes;
        this.router = router;
    }

    @Override
    public Outcome outbound(Session sender, Stanza stanza) {
        Jid member = sender.jid().asBare();
        Jid to = stanza.to();
        boolean checked = to != null && !ownServerOrAccount(member, to);
        BlockList list = directory.blockList(member);
        if (held.holding(sender) || (checked && list == null)) {
            CompletableFuture<Boolean> blocked = checked
                    ? stripes.call(member, m -> m.blockList.blocks(to))
                    : CompletableFuture.completedFuture(false);
            held.hold(sender, blocked, (isBlocked, failure) -> release(sender, stanza, isBlocked, failure));
            return HANDLED;
        }
        if (checked && list.blocks(to)) {
            refuseBlocked(sender, stanza);
            return HANDLED;
        }
        return afterBlockCheck(sender, stanza);
    }

    /** A held stanza's turn, on the sender's executor: refused, or on its way as if it had never waited. */
    private void release(Session sender, Stanza stanza, Boolean blocked, Throwable failure) {
        if (failure != null) {
            Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
            boolean overloaded = cause instanceof ExecutorOverloadedException;
            if (!overloaded) {
                LOG.error("block list check of an outbound stanza failed", failure);
            }
            if (!stanza.isError() && !stanza.isIqResponse()) {
                sender.deliver(overloaded
                        ? stanza.errorReply(StanzaErrorCondition.RESOURCE_CONSTRAINT, "presence is overloaded")
                        : stanza.errorReply(StanzaErrorCondition.INTERNAL_SERVER_ERROR, null));
            }
            return;
        }
        if (blocked) {
            refuseBlocked(sender, stanza);
        } else if (afterBlockCheck(sender, stanza) instanceof Pass pass) {
            router.route(pass.stanza());
        }
    }

    /** XEP-0191 §3.3: {@code not-acceptable} with {@code <blocked/>}; never an error for an error or a result. */
    private static void refuseBlocked(Session sender, Stanza stanza) {
        if (!stanza.isError() && !stanza.isIqResponse()) {
            sender.deliver(BlockingCodec.blockedReply(stanza));
        }
    }

    private Outcome afterBlockCheck(Session sender, Stanza stanza) {
        if (stanza.kind() != Stanza.Kind.PRESENCE) {
            return new Pass(stanza);
        }
        Jid member = sender.jid().asBare();
        Jid to = stanza.to();
        String type = stanza.type();
        try {
            if (to == null) {
                if (type == null || "unavailable".equals(type)) {
                    engine.broadcast(sender, stanza);
                }
                return HANDLED; // a probe or subscription without 'to' addresses nobody
            }
            SubscriptionType subscription = SubscriptionType.of(type);
            if (subscription != null) {
                if (to.asBare().equals(member)) {
                    sender.deliver(stanza.errorReply(StanzaErrorCondition.BAD_REQUEST,
                            "a subscription to yourself is meaningless"));
                } else {
                    engine.subscription(sender, stanza, subscription);
                }
                return HANDLED;
            }
            if (type == null || "unavailable".equals(type)) {
                engine.directed(sender, stanza);
                return HANDLED;
            }
            if ("probe".equals(type) && to.local() != null && engine.isLocal(to)) {
                engine.probe(stanza); // RFC 6121 §4.3.2, answered by the contact's stripe
                return HANDLED;
            }
            return new Pass(stanza); // errors travel like any stanza; probes elsewhere are the router's
        } catch (ExecutorOverloadedException e) {
            sender.deliver(stanza.errorReply(StanzaErrorCondition.RESOURCE_CONSTRAINT, "presence is overloaded"));
            return HANDLED;
        }
    }

    /**
     * The member's own server and account are nobody the member can block, even when a domain entry names the home
     * domain: blocking them would cut the session off from its own server (ping, disco, the roster).
     */
    private static boolean ownServerOrAccount(Jid member, Jid to) {
        return to.domain().equals(member.domain()) && (to.isDomain() || member.local().equals(to.local()));
    }
}
