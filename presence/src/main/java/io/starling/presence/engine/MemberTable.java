package io.starling.presence.engine;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import io.starling.core.jid.Jid;
import io.starling.presence.block.BlockList;
import io.starling.presence.member.MemberRepository;

/**
 * The members one stripe owns, confined to that stripe's thread. Members with sessions stay loaded; members without
 * are kept in a small LRU so that a burst of messages to an offline member does not query its block list each time.
 * Loading blocks on JDBC, which is why stripes are not event loops.
 */
final class MemberTable {
    private final MemberRepository members;
    private final PresenceDirectory directory;
    private final Map<Jid, MemberState> online = new HashMap<>();
    private final LinkedHashMap<Jid, MemberState> offline;

    MemberTable(MemberRepository members, PresenceDirectory directory, int offlineCache) {
        this.members = members;
        this.directory = directory;
        this.offline = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Jid, MemberState> eldest) {
                if (size() > offlineCache) {
                    directory.forget(eldest.getKey());
                    return true;
                }
                return false;
            }
        };
    }

    /** The member's state, loaded from storage on first use. */
    MemberState get(Jid bare) {
        MemberState m = online.get(bare);
        if (m == null) {
            m = offline.get(bare);
        }
        if (m == null) {
            MemberRepository.Loaded loaded = members.load(bare); // roster and block list: one round trip
            m = new MemberState(bare, loaded.roster().items(), loaded.roster().version(),
                    new BlockList(loaded.blocked()));
            directory.publishBlockList(bare, m.blockList);
            offline.put(bare, m);
        }
        return m;
    }

    /** Call after the member's sessions changed: pins members with sessions, lets the others age out. */
    void settle(MemberState m) {
        if (m.resources.isEmpty()) {
            if (online.remove(m.bare) != null) {
                offline.put(m.bare, m);
            }
        } else if (!online.containsKey(m.bare)) {
            offline.remove(m.bare);
            online.put(m.bare, m);
            directory.publishBlockList(m.bare, m.blockList); // it may have aged out of the LRU meanwhile
        }
    }

    int onlineMembers() {
        return online.size();
    }
}
