package io.starling.presence.engine;

import io.starling.core.jid.Jid;
import io.starling.core.session.Router;
import io.starling.core.session.Session;
import io.starling.core.spi.CloseReason;
import io.starling.core.stanza.Stanza;
import io.starling.presence.api.ChangeReason;
import io.starling.presence.roster.RosterItem;

/**
 * A session's own presence over its life (RFC 6121 §4): initial presence, updates, directed presence, unavailable
 * (sent or implied by a dropped connection), and invisibility (XEP-0186). Every method runs on the member's stripe.
 */
final class SessionPresence {
    private final Router router;
    private final PresenceBroadcaster broadcaster;
    private final AggregateTracker tracker;
    private final PresenceDirectory directory;
    private final Subscriptions requests;

    SessionPresence(Router router, PresenceBroadcaster broadcaster, AggregateTracker tracker,
                    PresenceDirectory directory, Subscriptions requests) {
        this.router = router;
        this.broadcaster = broadcaster;
        this.tracker = tracker;
        this.directory = directory;
        this.requests = requests;
    }

    void bound(MemberState m, Session session) {
        m.resources.putIfAbsent(session, new ResourceState(session));
    }

    /** Available broadcast presence (RFC 6121 §4.2 initial, §4.4 update); {@code presence} has no 'to'. */
    void available(MemberState m, Session session, Stanza presence) {
        ResourceState rs = m.resources.get(session);
        if (rs == null) {
            return; // the session closed before its presence was handled
        }
        boolean initial = !rs.available();
        rs.presence = presence;
        // Published before the broadcast: a contact coming online meanwhile either reads it or is already
        // available to receive the broadcast, never neither.
        broadcaster.publish(m);
        if (!rs.invisible) {
            broadcaster.toSubscribers(m, presence);
        }
        broadcaster.toOwnResources(m, presence);
        if (initial) {
            if (!rs.invisible || rs.probeWhileInvisible) {
                broadcaster.answerProbes(m, rs);
            }
            requests.redeliverPending(m, rs); // RFC 6121 §3.1.3: pending requests go out at the next login
        }
        tracker.update(m, initial ? ChangeReason.LOGIN : ChangeReason.STATUS_CHANGE);
    }

    /** Unavailable broadcast presence while staying connected (RFC 6121 §4.5). */
    void unavailable(MemberState m, Session session, Stanza presence) {
        ResourceState rs = m.resources.get(session);
        if (rs == null || !rs.available()) {
            return;
        }
        rs.presence = null;
        broadcaster.publish(m);
        broadcaster.unavailable(m, rs, presence, !rs.invisible, true);
        tracker.update(m, ChangeReason.LOGOUT);
    }

    /** The session is gone: contacts see it unavailable whatever the reason (RFC 6121 §4.5.2). */
    void closed(MemberState m, Session session, CloseReason reason) {
        ResourceState rs = m.resources.remove(session);
        if (rs == null) {
            return;
        }
        directory.sessionGone(session.jid());
        broadcaster.publish(m);
        if (rs.available() && !takenOver(m, session)) {
            rs.presence = null;
            broadcaster.unavailable(m, rs, PresenceBroadcaster.unavailableFrom(session.jid()), !rs.invisible, true);
        }
        tracker.update(m, reasonOf(reason));
    }

    /**
     * Directed presence (RFC 6121 §4.6): routed as sent; an available one to an entity that is not a subscriber
     * (or any entity, while invisible) is remembered so that it gets unavailable presence later (§4.6.3).
     */
    void directed(MemberState m, Session session, Stanza presence) {
        router.route(presence);
        ResourceState rs = m.resources.get(session);
        Jid to = presence.to();
        if (rs == null || to.asBare().equals(m.bare)) {
            return;
        }
        if ("unavailable".equals(presence.type())) {
            rs.directed.remove(to);
        } else if (rs.available()) {
            RosterItem item = m.roster.get(to.asBare());
            boolean subscriber = item != null && item.state().sendsPresence();
            if (!subscriber || rs.invisible) {
                rs.directed.add(to);
            }
        }
        broadcaster.publish(m);
    }

    /**
     * XEP-0186 §3.1: invisible. A session that was visibly available sends unavailable to everyone that saw it;
     * from now on nothing goes to contacts unless sent as directed presence. Before initial presence this is
     * "invisible at login". {@code probe}: still learn contacts' presence.
     */
    void invisible(MemberState m, Session session, boolean probe) {
        ResourceState rs = m.resources.get(session);
        if (rs == null) {
            return;
        }
        rs.probeWhileInvisible = probe;
        if (!rs.invisible) {
            rs.invisible = true;
            broadcaster.publish(m);
            if (rs.available()) {
                broadcaster.unavailable(m, rs, PresenceBroadcaster.unavailableFrom(session.jid()), true, false);
            }
        }
        broadcaster.publish(m); // the directed set was cleared
        tracker.update(m, ChangeReason.STATUS_CHANGE);
    }

    /** XEP-0186 §3.2: visible again; the last presence goes to subscribers as a normal broadcast. */
    void visible(MemberState m, Session session) {
        ResourceState rs = m.resources.get(session);
        if (rs == null || !rs.invisible) {
            return;
        }
        rs.invisible = false;
        broadcaster.publish(m);
        if (rs.available()) {
            broadcaster.toSubscribers(m, rs.presence);
            if (!rs.probeWhileInvisible) {
                broadcaster.answerProbes(m, rs);
            }
        }
        tracker.update(m, ChangeReason.STATUS_CHANGE);
    }

    /**
     * A login with the same full JID replaced this session (RFC 6120 §7.7.2.2): unavailable from that JID would
     * now describe the new session, so contacts get nothing.
     */
    private static boolean takenOver(MemberState m, Session closed) {
        for (ResourceState r : m.resources.values()) {
            if (r.session.jid().equals(closed.jid())) {
                return true;
            }
        }
        return false;
    }

    static ChangeReason reasonOf(CloseReason reason) {
        return switch (reason) {
            case LOGOUT -> ChangeReason.LOGOUT;
            case CONNECTION_LOST, STREAM_ERROR -> ChangeReason.CONNECTION_LOST;
            case TIMEOUT -> ChangeReason.TIMEOUT;
            case REPLACED -> ChangeReason.REPLACED;
            case SHUTDOWN -> ChangeReason.SHUTDOWN;
        };
    }
}
