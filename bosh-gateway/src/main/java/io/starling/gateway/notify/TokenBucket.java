package io.starling.gateway.notify;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A token bucket: {@code rate} tokens a second, holding at most one second's worth, so a key may burst up to its
 * rate and then sustain it. Kept as the generic cell rate algorithm (ITU-T I.371): one timestamp instead of a
 * token count and a refill time.
 */
final class TokenBucket {
    private final long nanosPerToken;
    /** How far ahead of now the schedule may run: a full bucket less the token being taken. */
    private final long toleranceNanos;
    private final LongSupplier clock;
    /** When the bucket would have refilled every token taken so far; at or before now means full. */
    private long theoreticalArrival;

    TokenBucket(int rate, LongSupplier nanoClock) {
        this.nanosPerToken = TimeUnit.SECONDS.toNanos(1) / rate;
        this.toleranceNanos = nanosPerToken * (rate - 1);
        this.clock = nanoClock;
        this.theoreticalArrival = nanoClock.getAsLong();
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
        long arrival = theoreticalArrival - now > 0 ? theoreticalArrival : now;
        long ahead = arrival - now;
        if (ahead > toleranceNanos) {
            return ahead - toleranceNanos;
        }
        theoreticalArrival = arrival + nanosPerToken;
        return 0;
    }
}
