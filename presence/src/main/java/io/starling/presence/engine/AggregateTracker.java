package io.starling.presence.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;

import io.starling.presence.api.AggregateState;
import io.starling.presence.api.ChangeReason;
import io.starling.presence.api.PresenceChanged;

/** Folds a member's sessions into one state and emits {@link PresenceChanged} when it (or the count) changes. */
final class AggregateTracker {
    private final Consumer<PresenceChanged> events;
    private final Clock clock;

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
        // Strictly increasing per member, and across restarts too, since it follows the clock.
        m.lastSeq = Math.max(m.lastSeq + 1, micros);
        events.accept(new PresenceChanged(m.bare, now, available, reason, m.lastSeq, at));
    }
}
