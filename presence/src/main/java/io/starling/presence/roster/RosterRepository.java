package io.starling.presence.roster;

import java.util.Map;

import io.starling.core.jid.Jid;

/**
 * Where rosters live. Synchronous and blocking: callers run it on the presence stripes, never on an event loop.
 * Every write bumps the owner's roster version (XEP-0237) in the same transaction and returns the new version.
 */
public interface RosterRepository {
    /** A member's whole roster (listed and unlisted items) and its current version (0 for a member never written). */
    record Snapshot(Map<Jid, RosterItem> items, long version) {
        public Snapshot {
            items = Map.copyOf(items);
        }
    }

    Snapshot load(Jid owner);

    /** Inserts or replaces one item; returns the new version. */
    long save(Jid owner, RosterItem item);

    /** Deletes one item if present; returns the new version (bumped even if nothing was there). */
    long delete(Jid owner, Jid contact);

    /** Removes every roster row of a member (account deletion). */
    void deleteAll(Jid owner);
}
