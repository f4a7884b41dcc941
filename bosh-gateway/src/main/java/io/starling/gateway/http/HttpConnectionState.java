package io.starling.gateway.http;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts of one keep-alive connection: requests received (to close it after the configured number) and requests
 * not yet answered (an idle connection is closed only when none is in flight, so a held BOSH request is not).
 */
final class HttpConnectionState {
    private final int maxRequests;
    private int received;
    private final AtomicInteger inFlight = new AtomicInteger();

    HttpConnectionState(int maxRequests) {
        this.maxRequests = maxRequests;
    }

    /** A request arrived (on the connection's event loop). */
    void received() {
        received++;
        inFlight.incrementAndGet();
    }

    /** Whether the request being answered is the last this connection serves. */
    boolean lastRequest() {
        return received >= maxRequests;
    }

    void responded() {
        inFlight.decrementAndGet();
    }

    boolean idle() {
        return inFlight.get() == 0;
    }
}
