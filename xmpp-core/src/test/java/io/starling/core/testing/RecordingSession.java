package io.starling.core.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

import io.starling.core.jid.Jid;
import io.starling.core.session.PresenceState;
import io.starling.core.session.Session;
import io.starling.core.session.Transport;
import io.starling.core.stanza.Stanza;
import io.starling.core.stanza.StreamErrorCondition;

/** A session that records what is delivered to it and how it was closed; runs everything inline. */
public final class RecordingSession implements Session {
    private final Jid jid;
    private volatile PresenceState presence;
    private final List<Stanza> delivered = new CopyOnWriteArrayList<>();
    private volatile StreamErrorCondition closedWith;

    public RecordingSession(String fullJid, boolean available, int priority) {
        this.jid = Jid.parse(fullJid);
        this.presence = available ? new PresenceState(true, priority) : PresenceState.UNAVAILABLE;
    }

    @Override
    public Jid jid() {
        return jid;
    }

    @Override
    public Executor executor() {
        return Runnable::run;
    }

    @Override
    public Transport transport() {
        return Transport.TCP;
    }

    @Override
    public void deliver(Stanza stanza) {
        delivered.add(stanza);
    }

    @Override
    public PresenceState presence() {
        return presence;
    }

    public void presence(PresenceState p) {
        this.presence = p;
    }

    @Override
    public void close(StreamErrorCondition condition, String text) {
        closedWith = condition;
    }

    public List<Stanza> delivered() {
        return delivered;
    }

    public StreamErrorCondition closedWith() {
        return closedWith;
    }
}
