package io.starling.presence.engine;

import io.starling.core.concurrent.ExecutorOverloadedException;
import io.starling.core.jid.Jid;
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
 * only a lookup in published state and a hop.
 */
final class PresenceInterceptor implements StanzaInterceptor {
    private static final Handled HANDLED = new Handled();

    private final PresenceEngine engine;
    private final PresenceDirectory directory;

    PresenceInterceptor(PresenceEngine engine, PresenceDirectory directory) {
        this.engine = engine;
        this.directory = directory;
    }

    @Override
    public Outcome outbound(Session sender, Stanza stanza) {
        Jid to = stanza.to();
        Jid member = sender.jid().asBare();
        if (to != null && !ownServerOrAccount(member, to) && blockedBy(member, to)) {
            if (!stanza.isError() && !stanza.isIqResponse()) {
                sender.deliver(BlockingCodec.blockedReply(stanza));
            }
            return HANDLED;
        }
        if (stanza.kind() != Stanza.Kind.PRESENCE) {
            return new Pass(stanza);
        }
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
            // Probes are the server's business (RFC 6121 §4.3); errors travel like any stanza.
            return "probe".equals(type) ? HANDLED : new Pass(stanza);
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

    private boolean blockedBy(Jid member, Jid to) {
        BlockList list = directory.blockList(member);
        return list != null && list.blocks(to);
    }
}
