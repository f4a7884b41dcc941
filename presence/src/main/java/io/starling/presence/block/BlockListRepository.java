package io.starling.presence.block;

import java.util.Collection;
import java.util.Set;

import io.starling.core.jid.Jid;

/** Where block lists (XEP-0191) live. Synchronous and blocking: run it on the presence stripes. */
public interface BlockListRepository {
    Set<Jid> load(Jid owner);

    /** Adds entries (already present ones are kept, not duplicated). */
    void add(Jid owner, Collection<Jid> blocked);

    /** Removes these entries; absent ones are ignored. */
    void remove(Jid owner, Collection<Jid> blocked);

    /** Empties the block list. */
    void clear(Jid owner);
}
