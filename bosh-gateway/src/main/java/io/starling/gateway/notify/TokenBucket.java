package io.starling.gateway.notify;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A token bucket: {@code rate} tokens a second, holding at most one second's worth, so a key may burst up to its
 * rate and then sustain it.
 */
final class TokenBucket {
    private final long nanosPerToken;
    private final long capacityNanos;
    private final LongSupplier clock;
    /** The time at which the bucket is full again; earlier than now means full. */
    private long fullAt;

    TokenBucket(int rate, LongSupplier nanoClock) {
        this.nanosPerToken = TimeUnit.SECONDS.toNanos(1) / rate;
        this.capacityNanos = nanosPerToken * rate;
        this.clock = nanoClock;
        this.fullAt = nanoClock.getAsLong();
    }

    /**
     * Takes one token.
     *
     * @return 0 if taken, else how many nanoseconds until one is available (nothing taken)
     */
    // synchronized: requests of one key arrive on several event loops at once; the section is a few arithmetic
    // operations, so a lock costs less than a retry loop would.
    synchronized long tryTake() {
        long now = clock.getAsLong();
        long start = Math.max(fullAt, now - capacityNanos);
        long next = start + nanosPerToken;
        if (next - now > capacityNanos) {
            return next - now - capacityNanos;
        }
        fullAt = next;
        return 0;
    }
}
