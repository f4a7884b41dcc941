package io.starling.presence.api;

import java.time.Instant;
import java.util.Objects;

import io.starling.core.jid.Jid;

/**
 * One change of a member's aggregate presence, emitted after the change is broadcast.
 *
 * @param member    the member's bare JID
 * @param state     the new aggregate state
 * @param resources how many of the member's sessions are available (invisible ones included) after the change
 * @param reason    what caused it
 * @param seq       strictly increasing per member, also across server restarts (microseconds since the epoch,
 *                  bumped when two changes share a microsecond); stores keep a row only if its seq is newer
 * @param at        when the change happened
 */
public record PresenceChanged(Jid member, AggregateState state, int resources, ChangeReason reason, long seq,
                              Instant at) {
    public PresenceChanged {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
        if (!member.isBare()) {
            throw new IllegalArgumentException("member must be a bare JID");
        }
    }
}
