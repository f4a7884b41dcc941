package io.starling.presence.engine;

import java.util.ArrayList;
import java.util.List;

import io.starling.core.jid.Jid;
import io.starling.core.session.Router;
import io.starling.core.session.UserDirectory;
import io.starling.core.stanza.Stanza;
import io.starling.core.stanza.StanzaErrorCondition;
import io.starling.presence.roster.RosterItem;
import io.starling.presence.roster.SubscriptionTransitions;
import io.starling.presence.roster.SubscriptionType;

/**
 * Presence subscriptions between members (RFC 6121 §3): the sender's side on the sender's stripe, then the
 * contact's side on the contact's stripe, each following the Appendix A tables ({@link SubscriptionTransitions}).
 * Contacts at other domains get the stanza through the router (which answers {@code remote-server-not-found}).
 */
final class Subscriptions {
    private final String domain;
    private final Router router;
    private final Stripes stripes;
    private final RosterWriter writer;
    private final PresenceBroadcaster broadcaster;
    private final UserDirectory users;
    private final PendingRequests pending;
    private final int maxRosterItems;

    Subscriptions(String domain, Router router, Stripes stripes, RosterWriter writer, PresenceBroadcaster broadcaster,
                  UserDirectory users, PendingRequests pending, int maxRosterItems) {
        this.domain = domain;
        this.router = router;
        this.stripes = stripes;
        this.writer = writer;
        this.broadcaster = broadcaster;
        this.users = users;
        this.pending = pending;
        this.maxRosterItems = maxRosterItems;
    }

    /**
     * The member sends a subscription stanza (RFC 6121 §3.1.2, §3.2.2, §3.3.2, §3.4.2); on the member's stripe.
     *
     * @return an error condition for the sender, or null
     */
    StanzaErrorCondition outbound(MemberState m, Stanza presence, SubscriptionType type) {
        Jid contact = presence.to().asBare();
        RosterItem current = m.item(contact);
        SubscriptionTransitions.Outcome o = SubscriptionTransitions.outbound(current, type);
        if (o.changed()) {
            if (o.item().listed() && !current.listed() && m.listedCount() >= maxRosterItems) {
                return StanzaErrorCondition.NOT_ALLOWED; // RFC 6121 §2.3.3: the roster is full
            }
            writer.write(m, o.item());
        }
        if (o.sendUnavailable()) {
            broadcaster.unavailableTo(m, contact); // §3.2.2: while the contact is still subscribed
        }
        if (o.forward()) {
            // §3.1.2: stamped with the user's bare JID.
            send(presence.withFrom(m.bare).withTo(contact), type);
        }
        if (o.sendPresence()) {
            broadcaster.currentPresenceTo(m, contact); // §3.1.5
        }
        return null;
    }

    /**
     * RFC 6121 §3.1.3: requests not yet answered are delivered again when the member next becomes available, as
     * they were sent (status, XEP-0172 nick and any other content kept, {@link PendingRequests}); XEP-0191 §3.3:
     * not those from a contact the member blocks (kept, and delivered again once unblocked).
     */
    void redeliverPending(MemberState m, ResourceState rs) {
        List<RosterItem> waiting = new ArrayList<>();
        for (RosterItem item : m.roster.values()) {
            if (item.state().pendingIn() && !m.blockList.blocks(item.contact())) {
                waiting.add(item);
            }
        }
        for (Stanza request : pending.pending(m, waiting)) {
            rs.session.deliver(request);
        }
    }

    /**
     * RFC 6121 §2.5.2: removing an item cancels both directions first (unsubscribed for a subscription from the
     * contact or a pending request, unsubscribe for one to the contact), then deletes it.
     */
    void cancelAll(MemberState m, Jid contact) {
        RosterItem item = m.roster.get(contact);
        if (item == null) {
            return;
        }
        if (item.state().sendsPresence() || item.state().pendingIn()) {
            outbound(m, synthetic(m.bare, contact, SubscriptionType.UNSUBSCRIBED), SubscriptionType.UNSUBSCRIBED);
        }
        item = m.item(contact);
        if (item.state().receivesPresence() || item.state().pendingOut()) {
            outbound(m, synthetic(m.bare, contact, SubscriptionType.UNSUBSCRIBE), SubscriptionType.UNSUBSCRIBE);
        }
    }

    private void send(Stanza stanza, SubscriptionType type) {
        Jid contact = stanza.to();
        if (!domain.equals(contact.domain()) || contact.local() == null) {
            router.route(stanza);
            return;
        }
        stripes.run(contact, c -> inbound(c, stanza, type));
    }

    /** The contact's server side (RFC 6121 §3.1.3, §3.1.6, §3.2.3, §3.3.3); on the contact's stripe. */
    private void inbound(MemberState c, Stanza stanza, SubscriptionType type) {
        Jid user = stanza.from().asBare();
        if (c.blockList.blocks(stanza.from()) || !exists(c)) {
            return; // XEP-0191 §3.3 and RFC 6121 §8.5.1: presence is silently dropped
        }
        SubscriptionTransitions.Outcome o = SubscriptionTransitions.inbound(c.item(user), type);
        if (o.forward()) {
            if (type == SubscriptionType.SUBSCRIBE) {
                pending.keep(c, stanza); // §3.1.3: the complete stanza, delivered again at each login until answered
            }
            router.route(stanza); // to the contact's available resources
        }
        if (o.changed()) {
            writer.write(c, o.item());
        }
        if (o.sendUnavailable()) {
            broadcaster.unavailableTo(c, user);
        }
        if (o.autoReply() != null) {
            send(synthetic(c.bare, user, o.autoReply()), o.autoReply());
        }
        if (o.sendPresence()) {
            broadcaster.currentPresenceTo(c, user);
        }
    }

    /** Whether the account exists; a member with sessions or a roster obviously does. Blocks: stripe only. */
    private boolean exists(MemberState c) {
        return !c.resources.isEmpty() || !c.roster.isEmpty()
                || users.exists(c.bare).toCompletableFuture().join();
    }

    private static Stanza synthetic(Jid from, Jid to, SubscriptionType type) {
        return Stanza.build(Stanza.Kind.PRESENCE, to, from, type.wireName(), null, List.of());
    }
}
