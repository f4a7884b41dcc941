package io.starling.presence.block;

import java.util.Set;

import io.starling.core.jid.Jid;

/** A validated XEP-0191 IQ-set: block some JIDs (§3.3), unblock some (§3.4), or unblock all (§3.5). */
public sealed interface BlockingCommand
        permits BlockingCommand.Block, BlockingCommand.Unblock, BlockingCommand.UnblockAll {

    /** Block these JIDs (§3.3); never empty. */
    record Block(Set<Jid> jids) implements BlockingCommand {
        public Block {
            jids = Set.copyOf(jids);
            if (jids.isEmpty()) {
                throw new IllegalArgumentException("a block command names at least one JID");
            }
        }
    }

    /** Unblock these JIDs (§3.4); never empty, since an empty {@code <unblock/>} means {@link UnblockAll}. */
    record Unblock(Set<Jid> jids) implements BlockingCommand {
        public Unblock {
            jids = Set.copyOf(jids);
            if (jids.isEmpty()) {
                throw new IllegalArgumentException("an empty unblock is UnblockAll");
            }
        }
    }

    /** Empty the block list (§3.5). */
    record UnblockAll() implements BlockingCommand {
    }
}
