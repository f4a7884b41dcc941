package io.starling.presence.member;

import java.util.Objects;
import java.util.Set;

import io.starling.core.jid.Jid;
import io.starling.presence.roster.RosterRepository;

/**
 * What presence reads when a member is first needed on its stripe: the roster with its version (RFC 6121 §2,
 * XEP-0237) and the block list (XEP-0191), together. Read-only: writes go through
 * {@link io.starling.presence.roster.RosterRepository} and {@link io.starling.presence.block.BlockListRepository}.
 * Synchronous and blocking: run it on the presence stripes, never on an event loop.
 */
public interface MemberRepository {
    /** A member's stored state, read at one instant. */
    record Loaded(RosterRepository.Snapshot roster, Set<Jid> blocked) {
        public Loaded {
            Objects.requireNonNull(roster, "roster");
            blocked = Set.copyOf(blocked);
        }
    }

    /** The member's roster and block list; empty ones at roster version 0 for a member never written. */
    Loaded load(Jid owner);
}
