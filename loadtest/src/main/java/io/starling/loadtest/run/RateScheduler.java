package io.starling.loadtest.run;

/**
 * How many events are due at a steady rate: {@code floor(rate × elapsed)} minus those already emitted, at most
 * {@code maxBurst} per call so a stalled loop catches up gradually. One periodic task calls {@link #due} and emits
 * that many events; there is no timer per event. Not thread-safe: one per event loop.
 */
public final class RateScheduler {
    private final double perNano;
    private final long startNanos;
    private final long maxBurst;
    private long emitted;

    /**
     * @param perSecond events per second
     * @param startNanos {@link System#nanoTime()} of the start
     * @param maxBurst the most events one call may return
     */
    public RateScheduler(double perSecond, long startNanos, long maxBurst) {
        this.perNano = perSecond / 1e9;
        this.startNanos = startNanos;
        this.maxBurst = maxBurst;
    }

    /** The events due at {@code nowNanos}; they count as emitted. */
    public int due(long nowNanos) {
        long target = (long) Math.floor((nowNanos - startNanos) * perNano);
        long n = Math.min(target - emitted, maxBurst);
        if (n <= 0) {
            return 0;
        }
        emitted += n;
        return (int) n;
    }

    /** Events emitted so far. */
    public long emitted() {
        return emitted;
    }
}
