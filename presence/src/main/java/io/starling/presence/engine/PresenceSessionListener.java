package io.starling.presence.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.starling.core.concurrent.ExecutorOverloadedException;
import io.starling.core.session.Session;
import io.starling.core.spi.CloseReason;
import io.starling.core.spi.SessionListener;

/**
 * Session life cycle → the member's stripe: a bound session is registered (and the member's roster and block list
 * loaded before its first request), a closed one goes unavailable for everyone (RFC 6121 §4.5.2) whatever the
 * reason. Both are release work, never refused for a full stripe ({@link PresenceEngine#closed}). Presence stanzas
 * themselves come through {@link PresenceInterceptor}.
 */
final class PresenceSessionListener implements SessionListener {
    private static final Logger LOG = LoggerFactory.getLogger(PresenceSessionListener.class);

    private final PresenceEngine engine;

    PresenceSessionListener(PresenceEngine engine) {
        this.engine = engine;
    }

    @Override
    public void bound(Session session) {
        engine.bound(session);
    }

    @Override
    public void closed(Session session, CloseReason reason) {
        try {
            engine.closed(session, reason);
        } catch (ExecutorOverloadedException e) {
            // Only once the stripes are shut down: the server is stopping and nobody stays to see the ghost.
            LOG.warn("presence is shut down: the close of {} is not broadcast", session.jid());
        }
    }
}
