package io.starling.server.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Presence;

/**
 * Every presence stanza one Smack connection receives, in arrival order. Attach it before {@code login()} to see
 * what login brings (answers to the server's probes). JIDs are compared as strings: a bare JID matches every
 * resource of that account, a full JID only that resource.
 */
public final class PresenceLog {
    private final List<Presence> received = new CopyOnWriteArrayList<>();

    private PresenceLog() {
    }

    /** Starts recording; Smack calls the listener in arrival order, never concurrently. */
    public static PresenceLog of(XMPPConnection connection) {
        PresenceLog log = new PresenceLog();
        connection.addStanzaListener(s -> log.received.add((Presence) s), StanzaTypeFilter.PRESENCE);
        return log;
    }

    /** The presence stanzas received from {@code jid} so far, oldest first. */
    public List<Presence> from(String jid) {
        List<Presence> out = new ArrayList<>();
        for (Presence p : received) {
            if (p.getFrom() != null && matches(p.getFrom().toString(), jid)) {
                out.add(p);
            }
        }
        return out;
    }

    /** The last presence from this full JID, or null. */
    public Presence last(String fullJid) {
        List<Presence> all = from(fullJid);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    /** Whether any available presence came from {@code jid} (bare: any of its resources). */
    public boolean sawAvailable(String jid) {
        return from(jid).stream().anyMatch(p -> p.getType() == Presence.Type.available);
    }

    /** Whether anything at all came from {@code jid}. */
    public boolean sawAnything(String jid) {
        return !from(jid).isEmpty();
    }

    /** Whether the last presence from this full JID is available with exactly this show, status and priority. */
    public boolean shows(String fullJid, Presence.Mode mode, String status, int priority) {
        Presence p = last(fullJid);
        return p != null && p.getType() == Presence.Type.available && p.getMode() == mode
                && Objects.equals(p.getStatus(), status) && p.getPriority() == priority;
    }

    /** Whether the last presence from this full JID is unavailable. */
    public boolean showsUnavailable(String fullJid) {
        Presence p = last(fullJid);
        return p != null && p.getType() == Presence.Type.unavailable;
    }

    /** The presence errors received, oldest first. */
    public List<Presence> errors() {
        List<Presence> out = new ArrayList<>();
        for (Presence p : received) {
            if (p.getType() == Presence.Type.error) {
                out.add(p);
            }
        }
        return out;
    }

    public void clear() {
        received.clear();
    }

    @Override
    public String toString() {
        return received.toString();
    }

    private static boolean matches(String from, String jid) {
        return from.equals(jid) || (jid.indexOf('/') < 0 && from.startsWith(jid + "/"));
    }
}
