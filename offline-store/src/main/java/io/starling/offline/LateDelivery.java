package io.starling.offline;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.starling.core.jid.Jid;
import io.starling.core.session.MessageRecipients;
import io.starling.core.session.PresenceState;
import io.starling.core.session.Session;
import io.starling.core.session.SessionRegistry;
import io.starling.core.stanza.Stanza;
import io.starling.offline.store.OfflineRepository.StoredMessage;
import io.starling.offline.store.OfflineWriter;

/**
 * Closes the login race: a message the router found undeliverable just before the member's initial presence may be
 * committed just after the member's take. After each commit — when no take of the member is still queued on the
 * lane, which would return the message itself — the lane asks {@link #receiverFor}: is there a session that could
 * take the member's messages now — available with non-negative priority (RFC 6121 §8.5.2.1), or between its take
 * and being marked available ({@link PendingTakes})? If so the lane reads them at once and {@link #redeliver} hands
 * them straight to that session, in order. Straight, not through the router: a stanza routed
 * now could be overtaken by one already waiting behind it in the router, and a session still loading its backlog
 * would not be found at all.
 *
 * <p>Nothing is lost on the way: the lane deletes only what {@link #redeliver} reports handed over, and a hand-over
 * stops at the first message no session takes (the member left meanwhile, its event loop refused the task), leaving
 * that one and the rest stored, in order, for the next login. A session that ends before writing a message it took
 * routes it again (its leftovers), so that one is stored again too.
 */
final class LateDelivery implements OfflineWriter.AfterCommit {
    private static final Logger LOG = LoggerFactory.getLogger(LateDelivery.class);

    private final SessionRegistry registry;
    private final PendingTakes pending;
    private final StoredStanzaCodec codec;

    LateDelivery(SessionRegistry registry, PendingTakes pending, StoredStanzaCodec codec) {
        this.registry = registry;
        this.pending = pending;
        this.codec = codec;
    }

    @Override
    public boolean receiverFor(Jid owner) {
        for (Session s : registry.sessionsOf(owner)) {
            if (pending.contains(s)) { // first: see PendingTakes
                return true;
            }
            PresenceState p = s.presence();
            if (p.available() && p.priority() >= 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int redeliver(Jid owner, List<StoredMessage> messages) {
        List<Session> sessions = registry.sessionsOf(owner);
        int handed = 0;
        for (StoredMessage m : messages) {
            Stanza stanza;
            try {
                stanza = codec.decode(m.stanza());
            } catch (IllegalArgumentException e) {
                LOG.error("offline message {} no longer parses and is dropped", m.id(), e);
                handed++; // never deliverable: removing it is all that is left to do
                continue;
            }
            if (!handOver(sessions, stanza)) {
                break; // this one and the rest stay stored, in order
            }
            handed++;
        }
        return handed;
    }

    /** @return false if no session took it */
    private boolean handOver(List<Session> sessions, Stanza stanza) {
        boolean taken = false;
        for (Session s : targets(sessions, stanza)) {
            try {
                s.deliver(stanza); // a session that ends before writing it routes it again
                taken = true;
            } catch (RuntimeException e) {
                LOG.warn("{} refused a stored message ({}); it stays stored", s.jid(), e.toString());
            }
        }
        return taken;
    }

    /** RFC 6121 §8.5.2.1.1 as the router applies it; failing that, the session taking its backlog. */
    private List<Session> targets(List<Session> sessions, Stanza stanza) {
        List<Session> out = MessageRecipients.of(sessions, stanza.type());
        if (out.isEmpty()) {
            for (Session s : sessions) {
                if (pending.contains(s)) {
                    return List.of(s);
                }
            }
        }
        return out;
    }
}
