package io.starling.core.spi;

import java.util.concurrent.CompletionStage;

import io.starling.core.session.RouteOutcome;
import io.starling.core.stanza.Stanza;

/**
 * What happens to a message that no session can take (RFC 6121 §8.5.2.2: the member exists but has no available
 * resource with non-negative priority). The default answers chat and normal messages with
 * {@code service-unavailable} and drops the rest; offline-store replaces it.
 */
public interface DeliveryFallback {
    /**
     * Takes the undeliverable message. The fallback sends no error reply itself: it says what it did, and the router
     * answers the sender (or, for {@link io.starling.core.session.Router#routeReporting}, reports the refusal).
     *
     * @return completes once the message is dealt with: {@link RouteOutcome#STORED} once stored durably (committed),
     *         {@link RouteOutcome#refused} with the condition the sender is to get, or {@link RouteOutcome#DROPPED}
     *         when it is ignored without an answer. A failed stage makes the router answer the sender
     *         {@code internal-server-error} (and log it)
     */
    CompletionStage<RouteOutcome> undeliverable(Stanza message);

    /**
     * Asked before the router looks up the account of a member without sessions: {@code false} means the fallback
     * could not take this message now (overloaded), and the router answers {@code resource-constraint} at once,
     * without the lookup. Under overload that keeps refused messages cheap, so that the fallback's own work (commits)
     * still gets the CPU and the database. Must be quick and must not block.
     */
    default boolean admits(Stanza message) {
        return true;
    }
}
