package io.starling.gateway.bosh;

import java.util.List;
import java.util.TreeMap;

/**
 * The request ids of one session (XEP-0124 §14): requests are processed strictly in rid order; one that arrives
 * early but inside the window waits here for the ones before it (§14.2); the last responses are kept so that a
 * retransmitted request gets the same answer again (§14.3). Pure bookkeeping, no I/O; confined to the session's
 * executor.
 *
 * <p>The window is {@code requests} wide: with {@code hold} requests held, a client may have {@code hold + 1}
 * open, so the highest acceptable rid is the last one processed plus {@code requests}.
 *
 * @param <R> what waits for its turn (the request and its HTTP exchange)
 */
final class RidWindow<R> {
    /** Where a rid falls. */
    enum Place {
        /** The next to process. */
        NEXT,
        /** Ahead of the next but inside the window: waits for the ones before it. */
        EARLY,
        /** Processed already: a retransmission (held, cached, or too old). */
        PAST,
        /** Beyond the window. */
        OUTSIDE
    }

    private final int requests;
    private long next;
    /** Early requests by rid; null while there are none (the usual case). */
    private TreeMap<Long, R> early;
    /** The last {@code requests} responses, at {@code rid % requests}; allocated on the first answer. */
    private long[] cachedRids;
    private String[] cachedBodies;

    /**
     * @param first    the rid of the first request to process (the creation request's)
     * @param requests the window: {@code hold + 1}
     */
    RidWindow(long first, int requests) {
        if (requests < 1) {
            throw new IllegalArgumentException("requests must be positive: " + requests);
        }
        this.next = first;
        this.requests = requests;
    }

    Place place(long rid) {
        if (rid == next) {
            return Place.NEXT;
        }
        if (rid < next) {
            return Place.PAST;
        }
        return rid - (next - 1) <= requests ? Place.EARLY : Place.OUTSIDE;
    }

    /** The next rid to process: the one a client must send next once every earlier request was sent. */
    long next() {
        return next;
    }

    /** The highest rid processed in order. */
    long lastProcessed() {
        return next - 1;
    }

    /** The request with the next rid was processed. */
    void advance() {
        next++;
    }

    /**
     * Keeps an early request until its turn.
     *
     * @return a request kept before under the same rid (the client retransmitted it), now replaced, or null
     */
    R defer(long rid, R request) {
        if (early == null) {
            early = new TreeMap<>();
        }
        return early.put(rid, request);
    }

    /** The early request whose turn has come (rid == next), removed, or null. */
    R takeNext() {
        if (early == null) {
            return null;
        }
        R r = early.remove(next);
        if (early.isEmpty()) {
            early = null;
        }
        return r;
    }

    /** Requests waiting for their turn. */
    int deferred() {
        return early == null ? 0 : early.size();
    }

    /** Removes and returns every early request (the session is ending). */
    Iterable<R> drain() {
        if (early == null) {
            return List.of();
        }
        Iterable<R> all = List.copyOf(early.values());
        early = null;
        return all;
    }

    /** Remembers the response sent for {@code rid}. */
    void answered(long rid, String body) {
        if (cachedRids == null) {
            cachedRids = new long[requests];
            cachedBodies = new String[requests];
        }
        int slot = (int) (rid % requests);
        cachedRids[slot] = rid;
        cachedBodies[slot] = body;
    }

    /** The response sent for {@code rid} if it is one of the last {@code requests}, else null. */
    String cached(long rid) {
        if (cachedRids == null) {
            return null;
        }
        int slot = (int) (rid % requests);
        return cachedRids[slot] == rid ? cachedBodies[slot] : null;
    }
}
