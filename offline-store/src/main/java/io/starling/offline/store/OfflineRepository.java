package io.starling.offline.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import io.starling.core.jid.Jid;

/**
 * Where offline messages are kept (XEP-0160). Small and synchronous: callers run it on the offline lanes, never on
 * an event loop.
 *
 * @throws OfflineStoreException from every method when the database fails
 */
public interface OfflineRepository {
    /** A message to keep for {@code owner} (a bare JID), already serialized with its {@code <delay/>}. */
    record NewMessage(Jid owner, String stanza, Instant storedAt) {
        public NewMessage {
            Objects.requireNonNull(stanza, "stanza");
            Objects.requireNonNull(storedAt, "storedAt");
            if (owner == null || !owner.isBare() || owner.local() == null) {
                throw new IllegalArgumentException("owner must be a member's bare JID: " + owner);
            }
        }
    }

    /** A kept message; {@code id} orders a member's messages by arrival. */
    record StoredMessage(long id, String stanza, Instant storedAt) {
    }

    /**
     * Stores the messages in one transaction, in list order, each one only while its owner keeps fewer than
     * {@code quota} messages (counting those stored earlier in the same list). The count is taken in the database,
     * under a per-owner lock held to the commit, so concurrent writers cannot overshoot the quota.
     *
     * @return for each message, in list order, whether it was stored ({@code false}: the owner's quota was full)
     */
    boolean[] insertBatch(List<NewMessage> messages, int quota);

    /** Atomically removes and returns all of the owner's messages, oldest first. */
    List<StoredMessage> takeAll(Jid owner);

    /**
     * The owner's messages, oldest first, left in place: for a hand-over that removes them only once done
     * ({@link #delete}), so that a failure on the way leaves them stored rather than lost.
     */
    List<StoredMessage> peekAll(Jid owner);

    /** Removes these messages of the owner in one transaction; ids no longer there are ignored. */
    void delete(Jid owner, List<Long> ids);

    /** How many messages the owner has kept. */
    int count(Jid owner);
}
