package io.starling.presence.engine;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

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
    private final ResourcePushes pushes;

    BlockingRequests(BlockListRepository blocks, PresenceDirectory directory, PresenceBroadcaster broadcaster,
                     ResourcePushes pushes) {
        this.blocks = blocks;
        this.pushes = pushes;
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
        BlockList before = m.blockList;
        Set<Jid> after = new HashSet<>(before.entries());
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
        fixUpPresence(m, before, m.blockList);
        return iq.iqResult((XmlElement) null);
    }

    /**
     * §3.3: whoever saw the member and is blocked now gets unavailable presence; §3.4: a subscriber no longer
     * blocked gets the current presence. Decided entity by entity with {@link BlockList#blocks}, so that a domain
     * entry covers every contact at that domain, and removing one entry while a wider one remains changes nothing.
     */
    private void fixUpPresence(MemberState m, BlockList before, BlockList after) {
        for (RosterItem item : m.roster.values()) {
            if (item.state().sendsPresence()) {
                fixUp(m, item.contact(), before, after);
            }
        }
        // An entry for one resource of a subscriber, while the account as a whole stays unblocked.
        Set<Jid> entries = new HashSet<>(before.entries());
        entries.addAll(after.entries());
        for (Jid j : entries) {
            if (j.local() != null && !j.isBare() && isSubscriber(m, j) && !before.blocks(j.asBare())
                    && !after.blocks(j.asBare())) {
                fixUp(m, j, before, after);
            }
        }
        for (ResourceState r : m.resources.values()) {
            for (Iterator<Jid> it = r.directed.iterator(); it.hasNext(); ) {
                Jid target = it.next();
                if (after.blocks(target) && !before.blocks(target)) {
                    it.remove(); // RFC 6121 §4.6.3 no longer applies: it gets unavailable now
                    broadcaster.routeTo(PresenceBroadcaster.unavailableFrom(r.session.jid()), target);
                }
            }
        }
    }

    private void fixUp(MemberState m, Jid contact, BlockList before, BlockList after) {
        boolean was = before.blocks(contact);
        boolean is = after.blocks(contact);
        if (was && !is) {
            broadcaster.currentPresenceTo(m, contact);
        } else if (!was && is) {
            broadcaster.unavailableTo(m, contact);
        }
    }

    private static boolean isSubscriber(MemberState m, Jid jid) {
        RosterItem item = m.roster.get(jid.asBare());
        return item != null && item.state().sendsPresence();
    }

    private void push(MemberState m, XmlElement payload) {
        pushes.push(m, r -> r.blockListInterested, payload);
    }
}
