package io.starling.core.c2s;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Messages of ended sessions still being routed again ({@link Leftovers}), counted across the server: from the
 * moment their session ends (before it is unbound, so that an empty registry never hides them) until each one's
 * route stage completes, that is until another resource or the delivery fallback (offline storage) has taken it.
 * At shutdown the server waits for none to be left before it stops the modules that take them. One instance per
 * server; lock-free.
 */
public final class LeftoverRoutings {
    /** How often {@link #awaitNone} looks. */
    private static final long POLL_MILLIS = 10;

    private final AtomicInteger inFlight = new AtomicInteger();

    void added(int count) {
        inFlight.addAndGet(count);
    }

    void completed() {
        inFlight.decrementAndGet();
    }

    /** Messages of ended sessions whose route stage has not completed yet. */
    public int inFlight() {
        return inFlight.get();
    }

    /**
     * Waits until no message of an ended session is being routed, or {@code timeout} passed.
     *
     * @return true if none is left
     */
    public boolean awaitNone(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > 0) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }
}
