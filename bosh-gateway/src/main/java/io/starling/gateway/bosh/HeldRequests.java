package io.starling.gateway.bosh;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.util.Timeout;
import io.starling.core.xml.XmlElement;
import io.starling.gateway.http.HttpExchange;

/**
 * The requests a BOSH session holds (XEP-0124 §8): processed, not yet answered, oldest first. Output goes into the
 * oldest; every answer acknowledges the highest rid processed when the client asked for it (§9.1) and is
 * remembered in the session's {@link RidWindow} for retransmissions (§14.3).
 *
 * <p>Also the session's one wheel timeout, so that an idle session costs one {@link Timeout} and no task: the
 * 'wait' of the oldest held request or, with none held, the pause in force (§10) or else the inactivity limit (§8),
 * at whose end {@link BoshSession#inactive()} ends the session. The wheel thread only hops to the session's event
 * loop; the rest is confined to that loop, like the session.
 */
final class HeldRequests {
    /** Requests this close to the end of their 'wait' are answered with the one expiring, not on a later timeout. */
    private static final long WAIT_SLACK = TimeUnit.MILLISECONDS.toNanos(50);

    /** A request processed and not yet answered. */
    private static final class Held {
        final long rid;
        final long arrived;
        /** Replaced when the client retransmits the request (§14.3). */
        HttpExchange exchange;

        Held(long rid, HttpExchange exchange, long arrived) {
            this.rid = rid;
            this.exchange = exchange;
            this.arrived = arrived;
        }
    }

    private final BoshSession session;
    private final RidWindow<?> window;
    private final BoshTerms terms;
    private final ArrayDeque<Held> held = new ArrayDeque<>(2);
    /** The armed timeout; null when none is, as always once the session ended. */
    private Timeout timer;
    /** Seconds of the pause in force (§10), 0 when none. */
    private int pause;

    HeldRequests(BoshSession session, RidWindow<?> window, BoshTerms terms) {
        this.session = session;
        this.window = window;
        this.terms = terms;
    }

    int size() {
        return held.size();
    }

    boolean isEmpty() {
        return held.isEmpty();
    }

    /**
     * Sets the pause in force (§10): while it lasts, {@link #trim()} answers every held request, and with none held
     * the pause replaces the inactivity limit.
     *
     * @param seconds the pause, 0 when none (each request ends the previous pause)
     */
    void pause(int seconds) {
        pause = seconds;
    }

    /** Holds a processed request until there is output for it or its 'wait' is over. */
    void hold(long rid, HttpExchange exchange, long arrivedNanos) {
        held.addLast(new Held(rid, exchange, arrivedNanos));
    }

    /**
     * §14.3: a retransmission of a held request. The earlier copy is answered empty; the new one is held instead.
     *
     * @return false when no request with {@code rid} is held
     */
    boolean replace(long rid, HttpExchange exchange) {
        for (Held h : held) {
            if (h.rid == rid) {
                BoshSession.respond(h.exchange, BoshBodyWriter.EMPTY);
                h.exchange = exchange;
                return true;
            }
        }
        return false;
    }

    /** Answers the oldest held request with {@code elements}; one must be held. */
    void answerOldest(List<XmlElement> elements) {
        Held h = held.pollFirst();
        answer(h, BoshBodyWriter.payload(elements, ack(h.rid)));
    }

    /** Answers the oldest held request with a ready body (a terminating one); one must be held. */
    void answerOldest(String body) {
        answer(held.pollFirst(), body);
    }

    /** Answers empty, oldest first, the held requests beyond 'hold', and during a pause all of them (§10). */
    void trim() {
        while (!held.isEmpty() && (held.size() > terms.hold() || pause > 0)) {
            answerOldest(List.of());
        }
    }

    /** Answers every held request with {@code body}. */
    void answerAll(String body) {
        Held h;
        while ((h = held.pollFirst()) != null) {
            answer(h, body);
        }
    }

    /** §9.1: acknowledge the highest rid processed when answering an older one, if the client asked. */
    private long ack(long rid) {
        return terms.ack() && rid < window.lastProcessed() ? window.lastProcessed() : -1;
    }

    private void answer(Held h, String body) {
        window.answered(h.rid, body);
        BoshSession.respond(h.exchange, body);
    }

    // ---- the timeout (the wheel thread hops to the session's loop) -----------------------------------------------

    /** Replaces the timeout with one for now: the wait of the oldest held request, else the pause or inactivity. */
    void rearm() {
        cancelTimeout();
        long delay;
        Held oldest = held.peekFirst();
        if (oldest != null) {
            delay = oldest.arrived + TimeUnit.SECONDS.toNanos(terms.waitSeconds()) - System.nanoTime();
        } else {
            delay = pause > 0 ? TimeUnit.SECONDS.toNanos(pause) : terms.config().inactivity().toNanos();
        }
        timer = session.wheel().newTimeout(t -> session.executor().execute(() -> expired(t)),
                Math.max(delay, 0), TimeUnit.NANOSECONDS);
    }

    /** Cancels the timeout; one that fired already and is on its way to the loop is ignored there. */
    void cancelTimeout() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private void expired(Timeout t) {
        if (t != timer) {
            return; // superseded by a later request or answer, or the session ended
        }
        timer = null;
        if (held.isEmpty()) {
            session.inactive();
            return;
        }
        long now = System.nanoTime();
        long wait = TimeUnit.SECONDS.toNanos(terms.waitSeconds());
        while (!held.isEmpty() && now - held.peekFirst().arrived >= wait - WAIT_SLACK) {
            answerOldest(List.of());
        }
        rearm();
    }
}
