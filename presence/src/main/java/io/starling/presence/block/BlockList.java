package io.starling.presence.block;

import java.util.Set;

import io.starling.core.jid.Jid;

/**
 * A member's block list (XEP-0191), immutable. An entry matches a sender the way XEP-0191 §3.3 (by way of XEP-0016
 * §2.1) says: {@code user@domain/resource}, then {@code user@domain}, then {@code domain/resource}, then
 * {@code domain}.
 */
public record BlockList(Set<Jid> entries) {
    public static final BlockList EMPTY = new BlockList(Set.of());

    public BlockList {
        entries = Set.copyOf(entries);
    }

    /** Whether some entry names one resource of this member ({@code user@domain/resource}) but not all of them. */
    public boolean blocksSomeResourceOf(Jid bare) {
        for (Jid e : entries) {
            if (!e.isBare() && e.local() != null && e.local().equals(bare.local())
                    && e.domain().equals(bare.domain())) {
                return true;
            }
        }
        return false;
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
}
