package io.starling.core.session;

import java.util.List;

import io.starling.core.jid.Jid;

/**
 * Where bound sessions are found by JID. Lookups never block. A cluster implementation may replace the local one.
 */
public interface SessionRegistry {
    /**
     * Registers a bound session under its full JID.
     *
     * @return the session it replaced (same full JID), to be closed with {@code conflict}, or {@code null}
     * @throws IllegalStateException if the member already has the maximum number of sessions
     */
    Session bind(Session session);

    /** Removes the session if it is still the one registered under its JID. */
    void unbind(Session session);

    /** The session bound to this full JID, or {@code null}. */
    Session get(Jid fullJid);

    /** All sessions of a member (any resource), possibly empty. */
    List<Session> sessionsOf(Jid bareJid);

    /** Number of bound sessions. */
    int size();

    /** A snapshot of all bound sessions. */
    List<Session> all();
}
