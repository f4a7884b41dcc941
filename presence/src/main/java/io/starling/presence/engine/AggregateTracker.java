package io.starling.presence.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.starling.presence.api.AggregateState;
import io.starling.presence.api.ChangeReason;
import io.starling.presence.api.PresenceChanged;

/** Folds a member's sessions into one state and emits {@link PresenceChanged} when it (or the count) changes. */
final class AggregateTracker {
    private final Consumer<PresenceChanged> events;
    private final Clock clock;
    /**
     * The last seq issued to any member. Not kept per member: a member without sessions leaves the offline cache
     * and comes back with a fresh {@link MemberState}, and a clock that stands still or steps back would then
     * repeat or undercut a seq already published, which stores that keep only newer rows would drop.
     */
    private final AtomicLong lastSeq = new AtomicLong();

    AggregateTracker(Consumer<PresenceChanged> events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    /** Call on the member's stripe after every presence change, once it has been broadcast. */
    void update(MemberState m, ChangeReason reason) {
        AggregateState now = m.computeAggregate();
        int available = m.availableResources().size();
        if (now == m.aggregate && available == m.reportedResources) {
            return;
        }
        m.aggregate = now;
        m.reportedResources = available;
        Instant at = clock.instant();
        long micros = at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
        // Strictly increasing for all members together (so per member whatever the cache evicts), and across
        // restarts too, since it follows the clock.
        long seq = lastSeq.accumulateAndGet(micros, (last, clockNow) -> Math.max(last + 1, clockNow));
        events.accept(new PresenceChanged(m.bare, now, available, reason, seq, at));
    }
}
