package io.starling.server.testing;

import java.util.ArrayList;
import java.util.List;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Presence;
import org.jxmpp.jid.BareJid;

/**
 * Every presence stanza a Smack connection receives, in arrival order. Fed by a {@link StanzaCollector}, which Smack
 * fills on its reader thread before it hands the next stanza to anyone: once an IQ sent later has been answered,
 * every presence that arrived before the answer is here.
 */
public final class PresenceInbox {
    private static final List<Presence.Type> SUBSCRIPTION_TYPES = List.of(Presence.Type.subscribe,
            Presence.Type.subscribed, Presence.Type.unsubscribe, Presence.Type.unsubscribed);

    private final StanzaCollector collector;
    private final List<Presence> received = new ArrayList<>(); // guarded by this: test thread and Await polls

    private PresenceInbox(StanzaCollector collector) {
        this.collector = collector;
    }

    /** Starts collecting; call before login to see what the server sends right after it. */
    public static PresenceInbox of(XMPPConnection connection) {
        return new PresenceInbox(connection.createStanzaCollector(StanzaCollector.newConfiguration()
                .setStanzaFilter(StanzaTypeFilter.PRESENCE).setSize(100_000)));
    }

    /** Every presence from {@code from} (any resource, or the bare JID), oldest first. */
    public synchronized List<Presence> from(BareJid from) {
        drain();
        List<Presence> out = new ArrayList<>();
        for (Presence p : received) {
            if (p.getFrom() != null && p.getFrom().asBareJid().equals(from)) {
                out.add(p);
            }
        }
        return out;
    }

    /** The types of every presence from {@code from}, oldest first ({@code available} included). */
    public List<Presence.Type> typesFrom(BareJid from) {
        return from(from).stream().map(Presence::getType).toList();
    }

    /** The subscription stanzas ({@code subscribe}, {@code subscribed}, {@code unsubscribe}, …) from {@code from}. */
    public List<Presence.Type> subscriptionsFrom(BareJid from) {
        return typesFrom(from).stream().filter(SUBSCRIPTION_TYPES::contains).toList();
    }

    /** Forgets everything received so far. */
    public synchronized void clear() {
        drain();
        received.clear();
    }

    private void drain() {
        for (Presence p = collector.pollResult(); p != null; p = collector.pollResult()) {
            received.add(p);
        }
    }
}
