package io.starling.core.session;

import java.util.concurrent.Executor;

import io.starling.core.jid.Jid;
import io.starling.core.stanza.Stanza;
import io.starling.core.stanza.StreamErrorCondition;

/**
 * A client session, whatever carries it (TCP, BOSH, WebSocket). State is owned by {@link #executor()}; every
 * method here may be called from any thread and hops there itself.
 */
public interface Session {
    /** The bound full JID, or {@code null} before resource binding. */
    Jid jid();

    /** The executor (an event loop) that owns this session's state. */
    Executor executor();

    /** Which transport carries the session, for metrics and logs. */
    Transport transport();

    /** Queues a stanza for the client. Never blocks. */
    void deliver(Stanza stanza);

    /**
     * The session's last broadcast presence as routing sees it (RFC 6121 §8): whether it is available and its
     * priority. Written on the session's executor, read from any thread.
     */
    PresenceState presence();

    /** Ends the session with a stream error (or a plain close when {@code condition} is null). */
    void close(StreamErrorCondition condition, String text);
}
