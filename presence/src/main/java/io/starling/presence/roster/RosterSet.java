package io.starling.presence.roster;

import java.util.Objects;
import java.util.Set;

import io.starling.core.jid.Jid;

/** A validated roster set (RFC 6121 §2.1.5): add or update one item, or remove it. */
public sealed interface RosterSet permits RosterSet.Update, RosterSet.Remove {
    /** The contact's bare JID. */
    Jid contact();

    /**
     * Adds or updates an item (RFC 6121 §2.3, §2.4): the item's name and groups are replaced by these.
     *
     * @param name   the handle for the contact, or {@code null} for none
     * @param groups the groups, possibly empty (RFC 6121 §2.1.2.6: no group element means no group)
     */
    record Update(Jid contact, String name, Set<String> groups) implements RosterSet {
        public Update {
            Objects.requireNonNull(contact, "contact");
            groups = Set.copyOf(groups);
        }
    }

    /**
     * Removes an item (RFC 6121 §2.5). Whether it exists is the caller's to check: §2.5.3 answers a removal of an
     * unknown item with {@code item-not-found}.
     */
    record Remove(Jid contact) implements RosterSet {
        public Remove {
            Objects.requireNonNull(contact, "contact");
        }
    }
}
