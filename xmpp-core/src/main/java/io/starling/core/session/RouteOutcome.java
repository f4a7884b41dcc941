package io.starling.core.session;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.starling.core.stanza.StanzaErrorCondition;

/**
 * What the router did with one stanza ({@link Router#routeReporting}), or what the delivery fallback did with a
 * message no session could take. Every outcome is a shared constant with its own completed stage, so reporting one
 * allocates nothing.
 */
public final class RouteOutcome {
    /** The four ways a stanza can end. */
    public enum Kind {
        /** Handed to at least one session's queue, to a component, or to the server's own handler (IQ). */
        DELIVERED,
        /** Taken by the delivery fallback: committed to offline storage. */
        STORED,
        /** Refused with a stanza error (RFC 6120 §8.3.3); {@link #condition} says which. */
        REFUSED,
        /** Silently ignored as the RFC says (RFC 6121 §8.5, XEP-0160 §3): neither delivered, stored nor answered. */
        DROPPED
    }

    public static final RouteOutcome DELIVERED = new RouteOutcome(Kind.DELIVERED, null);
    public static final RouteOutcome STORED = new RouteOutcome(Kind.STORED, null);
    public static final RouteOutcome DROPPED = new RouteOutcome(Kind.DROPPED, null);
    private static final RouteOutcome[] REFUSALS = new RouteOutcome[StanzaErrorCondition.values().length];

    static {
        for (StanzaErrorCondition c : StanzaErrorCondition.values()) {
            REFUSALS[c.ordinal()] = new RouteOutcome(Kind.REFUSED, c);
        }
    }

    private final Kind kind;
    private final StanzaErrorCondition condition;
    private final CompletableFuture<RouteOutcome> stage;

    private RouteOutcome(Kind kind, StanzaErrorCondition condition) {
        this.kind = kind;
        this.condition = condition;
        this.stage = CompletableFuture.completedFuture(this);
    }

    /** The refusal with this condition (the shared constant). */
    public static RouteOutcome refused(StanzaErrorCondition condition) {
        return REFUSALS[condition.ordinal()];
    }

    public Kind kind() {
        return kind;
    }

    /** The stanza error condition of a refusal; {@code null} for the other kinds. */
    public StanzaErrorCondition condition() {
        return condition;
    }

    public boolean refused() {
        return kind == Kind.REFUSED;
    }

    /** This outcome as an already completed stage, the same instance every time. */
    public CompletionStage<RouteOutcome> asStage() {
        return stage;
    }

    @Override
    public String toString() {
        return condition == null ? kind.name() : kind.name() + "(" + condition.wireName() + ")";
    }
}
