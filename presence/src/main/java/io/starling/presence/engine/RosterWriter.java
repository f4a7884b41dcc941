package io.starling.presence.engine;

import io.starling.core.jid.Jid;
import io.starling.core.xml.XmlElement;
import io.starling.presence.roster.RosterCodec;
import io.starling.presence.roster.RosterItem;
import io.starling.presence.roster.RosterRepository;

/**
 * Stores roster changes and pushes them (RFC 6121 §2.1.6) to the member's interested resources, with the new
 * version (XEP-0237). A contact's request that is no longer pending (answered, withdrawn, the item removed) is
 * forgotten ({@link PendingRequests}). Runs on the member's stripe.
 */
final class RosterWriter {
    private final RosterRepository rosters;
    private final ResourcePushes pushes;
    private final PendingRequests requests;

    RosterWriter(RosterRepository rosters, ResourcePushes pushes, PendingRequests requests) {
        this.rosters = rosters;
        this.pushes = pushes;
        this.requests = requests;
    }

    /** Saves the item (or deletes it when there is nothing left to keep) and pushes it if the member sees it. */
    void write(MemberState m, RosterItem item) {
        RosterItem before = m.roster.get(item.contact());
        if (before != null && before.state().pendingIn() && !item.state().pendingIn()) {
            requests.forget(m, item.contact());
        }
        if (item.isEmpty()) {
            m.rosterVersion = rosters.delete(m.bare, item.contact());
            m.roster.remove(item.contact());
        } else {
            m.rosterVersion = rosters.save(m.bare, item);
            m.roster.put(item.contact(), item);
        }
        if (item.listed()) {
            push(m, RosterCodec.push(item, version(m)));
        } else if (before != null && before.listed()) {
            push(m, RosterCodec.pushRemoval(item.contact(), version(m)));
        }
    }

    /** Removes the item altogether (RFC 6121 §2.5) and pushes the removal. */
    void remove(MemberState m, Jid contact) {
        RosterItem before = m.roster.get(contact);
        if (before != null && before.state().pendingIn()) {
            requests.forget(m, contact);
        }
        m.rosterVersion = rosters.delete(m.bare, contact);
        m.roster.remove(contact);
        push(m, RosterCodec.pushRemoval(contact, version(m)));
    }

    static String version(MemberState m) {
        return Long.toString(m.rosterVersion);
    }

    private void push(MemberState m, XmlElement query) {
        pushes.push(m, r -> r.rosterInterested, query);
    }
}
