package io.starling.presence.engine;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import io.starling.core.jid.Jid;
import io.starling.core.session.Session;
import io.starling.core.stanza.Stanza;
import io.starling.core.xml.XmlElement;
import io.starling.presence.block.BlockList;
import io.starling.presence.block.BlockListRepository;
import io.starling.presence.block.BlockingCodec;
import io.starling.presence.block.BlockingCommand;
import io.starling.presence.roster.RosterItem;

/** The block list (XEP-0191 §3): get, block, unblock, unblock all; on the member's stripe. */
final class BlockingRequests {
    private final BlockListRepository blocks;
    private final PresenceDirectory directory;
    private final PresenceBroadcaster broadcaster;
    private final AtomicLong pushIds = new AtomicLong();

    BlockingRequests(BlockListRepository blocks, PresenceDirectory directory, PresenceBroadcaster broadcaster) {
        this.blocks = blocks;
        this.directory = directory;
        this.broadcaster = broadcaster;
    }

    /** XEP-0191 §3.2: the list; the asking session will get pushes. */
    Stanza get(MemberState m, Session session, Stanza iq) {
        ResourceState rs = session == null ? null : m.resources.get(session);
        if (rs != null) {
            rs.blockListInterested = true;
        }
        return iq.iqResult(BlockingCodec.blocklist(m.blockList));
    }

    /** XEP-0191 §3.3–§3.5: stores the change, pushes it, and fixes up presence both ways. */
    Stanza set(MemberState m, Stanza iq, BlockingCommand command) {
        Set<Jid> before = m.blockList.entries();
        Set<Jid> after = new HashSet<>(before);
        if (command instanceof BlockingCommand.Block block) {
            blocks.add(m.bare, block.jids());
            after.addAll(block.jids());
        } else if (command instanceof BlockingCommand.Unblock unblock) {
            blocks.remove(m.bare, unblock.jids());
            after.removeAll(unblock.jids());
        } else {
            blocks.clear(m.bare);
            after.clear();
        }
        m.blockList = new BlockList(after);
        directory.publishBlockList(m.bare, m.blockList);
        push(m, BlockingCodec.push(command));
        for (Jid j : before) {
            if (!after.contains(j) && j.local() != null && isSubscriber(m, j)) {
                broadcaster.currentPresenceTo(m, j); // §3.4: unblocked subscribers see the member again
            }
        }
        for (Jid j : after) {
            if (!before.contains(j) && j.local() != null) {
                hideFrom(m, j);
            }
        }
        return iq.iqResult((XmlElement) null);
    }

    /** §3.3: a newly blocked contact that saw the member gets unavailable presence from each resource. */
    private void hideFrom(MemberState m, Jid blocked) {
        boolean subscriber = isSubscriber(m, blocked);
        for (ResourceState r : m.resources.values()) {
            boolean sawIt = (subscriber && r.visiblyAvailable()) || r.directed.remove(blocked);
            if (sawIt) {
                broadcaster.routeTo(PresenceBroadcaster.unavailableFrom(r.session.jid()), blocked);
            }
        }
    }

    private static boolean isSubscriber(MemberState m, Jid jid) {
        RosterItem item = m.roster.get(jid.asBare());
        return item != null && item.state().sendsPresence();
    }

    private void push(MemberState m, XmlElement payload) {
        for (ResourceState r : m.resources.values()) {
            if (r.blockListInterested) {
                r.session.deliver(Stanza.build(Stanza.Kind.IQ, r.session.jid(), null, "set",
                        "block" + pushIds.incrementAndGet(), List.of(payload)));
            }
        }
    }
}
