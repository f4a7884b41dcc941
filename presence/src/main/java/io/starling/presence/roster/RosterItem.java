package io.starling.presence.roster;

import java.util.Objects;
import java.util.Set;

import io.starling.core.jid.Jid;

/**
 * One contact in a member's roster (RFC 6121 §2.1.2), plus the subscription bookkeeping the server keeps for it.
 *
 * @param contact  the contact's bare JID
 * @param name     the member's handle for the contact, or null
 * @param groups   group names, possibly empty
 * @param state    the subscription state (Appendix A)
 * @param approved the user pre-approved the contact's subscription (§3.4); cleared once used
 * @param listed   whether the item is in the roster the member sees. A subscription request from someone not in
 *                 the roster is kept as an unlisted {@code NONE_PENDING_IN} item until answered (§3.1.3)
 */
public record RosterItem(Jid contact, String name, Set<String> groups, SubscriptionState state, boolean approved,
                         boolean listed) {
    public RosterItem {
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(state, "state");
        groups = Set.copyOf(groups);
        if (!contact.isBare()) {
            throw new IllegalArgumentException("a roster contact is a bare JID");
        }
    }

    /** A fresh unlisted item in state NONE, the starting point for a contact the roster has never seen. */
    public static RosterItem absent(Jid contact) {
        return new RosterItem(contact, null, Set.of(), SubscriptionState.NONE, false, false);
    }

    public RosterItem withState(SubscriptionState newState) {
        return new RosterItem(contact, name, groups, newState, approved, listed);
    }

    public RosterItem withApproved(boolean newApproved) {
        return new RosterItem(contact, name, groups, state, newApproved, listed);
    }

    public RosterItem withListed(boolean newListed) {
        return new RosterItem(contact, name, groups, state, approved, newListed);
    }

    /** The member's own edits (§2.3): name and groups; the item becomes listed. */
    public RosterItem withNameAndGroups(String newName, Set<String> newGroups) {
        return new RosterItem(contact, newName, newGroups, state, approved, true);
    }

    /** Nothing worth storing: unlisted, no subscription, nothing pending, nothing approved. */
    public boolean isEmpty() {
        return !listed && state == SubscriptionState.NONE && !approved;
    }
}
