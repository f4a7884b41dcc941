package io.starling.core.spi;

import io.starling.core.session.Session;
import io.starling.core.stanza.Stanza;

/**
 * Hears session life-cycle events. Called on the session's executor: implementations must not block; they hop to
 * their own executor for slow work.
 */
public interface SessionListener {
    /** A resource was bound. */
    default void bound(Session session) {
    }

    /** The session sent available presence (initial or an update). */
    default void available(Session session, Stanza presence) {
    }

    /** The session sent unavailable presence while staying connected. */
    default void unavailable(Session session, Stanza presence) {
    }

    /** The session is gone. */
    default void closed(Session session, CloseReason reason) {
    }
}
