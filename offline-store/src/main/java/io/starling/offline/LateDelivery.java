package io.starling.offline;

import java.util.List;

import io.starling.core.jid.Jid;
import io.starling.core.session.MessageRecipients;
import io.starling.core.session.PresenceState;
import io.starling.core.session.Router;
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
 * and being marked available ({@link PendingTakes})? If so the lane takes them at once and {@link #redeliver} hands
 * them straight to that session, in order. Straight, not through the router: a stanza routed
 * now could be overtaken by one already waiting behind it in the router, and a session still loading its backlog
 * would not be found at all.
 */
final class LateDelivery implements OfflineWriter.AfterCommit {
    private final SessionRegistry registry;
    private final PendingTakes pending;
    private final StoredStanzaCodec codec;
    private final Router router;

    LateDelivery(SessionRegistry registry, PendingTakes pending, StoredStanzaCodec codec, Router router) {
        this.registry = registry;
        this.pending = pending;
        this.codec = codec;
        this.router = router;
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
    public void redeliver(Jid owner, List<StoredMessage> messages) {
        List<Session> sessions = registry.sessionsOf(owner);
        for (Stanza stanza : codec.decodeAll(messages)) {
            List<Session> targets = targets(sessions, stanza);
            if (targets.isEmpty()) {
                router.route(stanza); // the member left meanwhile: the router stores it again
            }
            for (Session s : targets) {
                s.deliver(stanza); // a session that ends before writing it routes it again
            }
        }
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
