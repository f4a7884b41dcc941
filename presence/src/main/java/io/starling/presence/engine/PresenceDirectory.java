package io.starling.presence.engine;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.starling.core.jid.Jid;
import io.starling.core.stanza.Stanza;
import io.starling.presence.block.BlockList;

/**
 * What the stripes publish for other threads to read without a hop: each loaded member's block list (for the
 * router's inbound guard and for outbound checks on the sender's event loop), and each online member's visible
 * presences (to answer probes from another member's stripe). Written only by the member's own stripe.
 */
final class PresenceDirectory {
    private final ConcurrentHashMap<Jid, BlockList> blockLists = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Jid, List<Stanza>> visible = new ConcurrentHashMap<>();
    /** Invisible sessions (full JID) and whom each sent directed presence to on purpose. */
    private final ConcurrentHashMap<Jid, Set<Jid>> invisible = new ConcurrentHashMap<>();

    /** The member's block list if the member is loaded on its stripe, else null (ask the stripe). */
    BlockList blockList(Jid member) {
        return blockLists.get(member);
    }

    /** The last available presence of each visibly available session of the member; empty when none. */
    List<Stanza> visiblePresences(Jid member) {
        List<Stanza> p = visible.get(member);
        return p == null ? List.of() : p;
    }

    void publishBlockList(Jid member, BlockList list) {
        blockLists.put(member, list);
    }

    void publishVisible(Jid member, List<Stanza> presences) {
        if (presences.isEmpty()) {
            visible.remove(member);
        } else {
            visible.put(member, List.copyOf(presences));
        }
    }

    /**
     * Whether an IQ request from {@code sender} to this full JID must be answered as if the session were offline
     * (XEP-0186 §3.1.1: nothing reveals an invisible session), because the sender did not get its presence.
     */
    boolean hiddenFrom(Jid fullJid, Jid sender) {
        Set<Jid> allowed = invisible.get(fullJid);
        return allowed != null && !allowed.contains(sender) && !allowed.contains(sender.asBare());
    }

    void publishInvisible(MemberState m) {
        for (ResourceState r : m.resources.values()) {
            if (r.invisible) {
                invisible.put(r.session.jid(), Set.copyOf(r.directed));
            } else {
                invisible.remove(r.session.jid());
            }
        }
    }

    void sessionGone(Jid fullJid) {
        invisible.remove(fullJid);
    }

    void forget(Jid member) {
        blockLists.remove(member);
        visible.remove(member);
    }

    int onlineVisibleMembers() {
        return visible.size();
    }
}
