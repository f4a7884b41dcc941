package io.starling.offline;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.starling.core.session.Session;

/**
 * Sessions that have asked for their backlog at initial presence but are not yet marked available: for that
 * moment routing cannot see them, but a message committed now would miss their take. Written on the sessions'
 * executors, read on the offline lanes.
 *
 * <p>Order of the writes for one session: {@link #started} (before its take is queued), then the session marks itself
 * available, then {@link #ended}. A reader that checks {@link #contains} <em>before</em> reading the session's
 * presence therefore always sees one of the two.
 */
final class PendingTakes {
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();

    void started(Session session) {
        sessions.add(session);
    }

    void ended(Session session) {
        sessions.remove(session);
    }

    boolean contains(Session session) {
        return sessions.contains(session);
    }

    int size() {
        return sessions.size();
    }
}
