package io.starling.presence.engine;

import java.util.ArrayList;
import java.util.List;

import io.starling.core.jid.Jid;
import io.starling.core.session.Router;
import io.starling.core.session.Session;
import io.starling.core.session.SessionRegistry;
import io.starling.core.stanza.Stanza;
import io.starling.presence.block.BlockList;
import io.starling.presence.roster.RosterItem;

/**
 * Sends a member's presence where RFC 6121 §4 says it goes. Runs on the member's stripe; everything leaves through
 * the router, so the recipients' block lists (XEP-0191) apply on the way in.
 */
final class PresenceBroadcaster {
    private final Router router;
    private final PresenceDirectory directory;
    private final SessionRegistry registry;

    PresenceBroadcaster(Router router, PresenceDirectory directory, SessionRegistry registry) {
        this.router = router;
        this.directory = directory;
        this.registry = registry;
    }

    /**
     * RFC 6121 §4.2.2, §4.4.2: to every contact subscribed to the member ({@code from} or {@code both}), except
     * those the member blocks (XEP-0191 §3.3).
     */
    void toSubscribers(MemberState m, Stanza presence) {
        for (RosterItem item : m.roster.values()) {
            if (!item.state().sendsPresence() || m.blockList.blocks(item.contact())) {
                continue;
            }
            if (m.blockList.blocksSomeResourceOf(item.contact())) {
                toUnblockedResources(m, item.contact(), presence);
            } else {
                router.route(presence.withTo(item.contact()));
            }
        }
    }

    /** The member blocks one resource of the contact: each of the contact's other available sessions, by full JID. */
    private void toUnblockedResources(MemberState m, Jid contact, Stanza presence) {
        for (Session s : registry.sessionsOf(contact)) {
            if (s.presence().available() && !m.blockList.blocks(s.jid())) {
                router.route(presence.withTo(s.jid()));
            }
        }
    }

    /** RFC 6121 §4.2.2: the member's own available resources, the sender included. */
    void toOwnResources(MemberState m, Stanza presence) {
        router.route(presence.withTo(m.bare));
    }

    /**
     * Unavailable from one session (RFC 6121 §4.5.2, §4.6.3): to subscribers if they saw it, to every entity that
     * got directed presence from it, and to the member's own resources if asked.
     */
    void unavailable(MemberState m, ResourceState rs, Stanza unavailable, boolean includeSubscribers,
                     boolean includeOwn) {
        if (includeSubscribers) {
            toSubscribers(m, unavailable);
        }
        for (Jid target : rs.directed) {
            router.route(unavailable.withTo(target));
        }
        rs.directed.clear();
        if (includeOwn) {
            toOwnResources(m, unavailable);
        }
    }

    /**
     * Answers the probes a new available resource implies (RFC 6121 §4.2.2, §4.3.2) without sending any: each
     * contact the member is subscribed to publishes the last presence of its visible resources, which goes to the
     * new resource. Contacts that block the member, or that the member blocks, are skipped; invisible and offline
     * contacts publish nothing. The member's other available resources are included.
     */
    void answerProbes(MemberState m, ResourceState rs) {
        Jid to = rs.session.jid();
        for (RosterItem item : m.roster.values()) {
            if (!item.state().receivesPresence() || m.blockList.blocks(item.contact())) {
                continue;
            }
            BlockList theirs = directory.blockList(item.contact());
            if (theirs != null && theirs.blocks(to)) {
                continue;
            }
            for (Stanza p : directory.visiblePresences(item.contact())) {
                if (!m.blockList.blocks(p.from())) {
                    rs.session.deliver(p.withTo(to));
                }
            }
        }
        for (ResourceState other : m.resources.values()) {
            if (other != rs && other.available()) {
                rs.session.deliver(other.presence.withTo(to));
            }
        }
    }

    /** RFC 6121 §3.1.5: the member's current presence from each visible resource, to one contact. */
    void currentPresenceTo(MemberState m, Jid contact) {
        for (ResourceState r : m.resources.values()) {
            if (r.visiblyAvailable()) {
                router.route(r.presence.withTo(contact));
            }
        }
    }

    /** RFC 6121 §3.2.2, §3.3.2: unavailable from each visible resource, to one contact. */
    void unavailableTo(MemberState m, Jid contact) {
        for (ResourceState r : m.resources.values()) {
            if (r.visiblyAvailable()) {
                router.route(unavailableFrom(r.session.jid()).withTo(contact));
            }
        }
    }

    /** One stanza to one entity, through the router. */
    void routeTo(Stanza stanza, Jid to) {
        router.route(stanza.withTo(to));
    }

    /** Publishes what probes from other stripes read: the visible presences of the member. */
    void publish(MemberState m) {
        List<Stanza> visible = new ArrayList<>(m.resources.size());
        for (ResourceState r : m.resources.values()) {
            if (r.visiblyAvailable()) {
                visible.add(r.presence);
            }
        }
        directory.publishVisible(m.bare, visible);
        directory.publishInvisible(m);
    }

    static Stanza unavailableFrom(Jid fullJid) {
        return Stanza.build(Stanza.Kind.PRESENCE, null, fullJid, "unavailable", null, List.of());
    }
}
