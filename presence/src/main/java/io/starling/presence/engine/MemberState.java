package io.starling.presence.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import io.starling.core.jid.Jid;
import io.starling.core.session.Session;
import io.starling.presence.api.AggregateState;
import io.starling.presence.block.BlockList;
import io.starling.presence.roster.RosterItem;

/**
 * Everything the presence module knows of one member: roster, block list and sessions. Owned by the member's
 * stripe thread (no locks); other threads see only what {@link PresenceDirectory} publishes.
 */
final class MemberState {
    final Jid bare;
    final Map<Jid, RosterItem> roster;
    long rosterVersion;
    BlockList blockList;
    /** Keyed by session identity: a replaced session and its successor share a full JID. */
    final Map<Session, ResourceState> resources = new IdentityHashMap<>();
    AggregateState aggregate = AggregateState.OFFLINE;
    int reportedResources;

    MemberState(Jid bare, Map<Jid, RosterItem> roster, long rosterVersion, BlockList blockList) {
        this.bare = bare;
        this.roster = new HashMap<>(roster);
        this.rosterVersion = rosterVersion;
        this.blockList = blockList;
    }

    RosterItem item(Jid contact) {
        RosterItem item = roster.get(contact);
        return item != null ? item : RosterItem.absent(contact);
    }

    int listedCount() {
        int n = 0;
        for (RosterItem i : roster.values()) {
            if (i.listed()) {
                n++;
            }
        }
        return n;
    }

    List<ResourceState> availableResources() {
        List<ResourceState> out = new ArrayList<>(resources.size());
        for (ResourceState r : resources.values()) {
            if (r.available()) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * The member's state as contacts and the site see it: the most present visible session; invisible if only
     * invisible sessions are available; offline otherwise (connected without initial presence counts as offline).
     */
    AggregateState computeAggregate() {
        AggregateState best = AggregateState.OFFLINE;
        for (ResourceState r : resources.values()) {
            if (!r.available()) {
                continue;
            }
            AggregateState s = r.invisible ? AggregateState.INVISIBLE : AggregateState.ofShow(show(r));
            if (s.rank() > best.rank()) {
                best = s;
            }
        }
        return best;
    }

    private static String show(ResourceState r) {
        var show = r.presence.element().element(r.presence.element().namespace(), "show");
        return show == null ? null : show.text().strip();
    }
}
