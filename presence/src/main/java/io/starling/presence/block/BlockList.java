package io.starling.presence.block;

import java.util.HashSet;
import java.util.Set;

import io.starling.core.jid.Jid;

/**
 * A member's block list (XEP-0191), immutable. An entry matches a sender the way XEP-0191 §3.3 (by way of XEP-0016
 * §2.1) says: {@code user@domain/resource}, then {@code user@domain}, then {@code domain/resource}, then
 * {@code domain}.
 */
public final class BlockList {
    public static final BlockList EMPTY = new BlockList(Set.of());

    private final Set<Jid> entries;
    /** Bare JIDs of members with one resource (not all) blocked: broadcasts to them go per resource. */
    private final Set<Jid> partlyBlocked;

    public BlockList(Set<Jid> entries) {
        this.entries = Set.copyOf(entries);
        Set<Jid> partly = new HashSet<>();
        for (Jid e : this.entries) {
            if (!e.isBare() && e.local() != null) {
                partly.add(e.asBare());
            }
        }
        this.partlyBlocked = Set.copyOf(partly);
    }

    public Set<Jid> entries() {
        return entries;
    }

    /** Whether some entry names one resource of this member ({@code user@domain/resource}). */
    public boolean blocksSomeResourceOf(Jid bare) {
        return !partlyBlocked.isEmpty() && partlyBlocked.contains(bare);
    }

    public boolean blocks(Jid sender) {
        if (entries.isEmpty() || sender == null) {
            return false;
        }
        if (entries.contains(sender)) {
            return true;
        }
        if (sender.local() != null && !sender.isBare() && entries.contains(sender.asBare())) {
            return true;
        }
        if (sender.local() != null && !sender.isBare()
                && entries.contains(Jid.of(null, sender.domain(), sender.resource()))) {
            return true;
        }
        return (sender.local() != null || !sender.isBare()) && entries.contains(Jid.domain(sender.domain()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlockList other && entries.equals(other.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return "BlockList" + entries;
    }
}
