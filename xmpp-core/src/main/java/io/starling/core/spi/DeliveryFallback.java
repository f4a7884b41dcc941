package io.starling.core.spi;

import java.util.concurrent.CompletionStage;

import io.starling.core.session.Router;
import io.starling.core.stanza.Stanza;

/**
 * What happens to a message that no session can take (RFC 6121 §8.5.2.2: the member exists but has no available
 * resource with non-negative priority). The default answers chat and normal messages with
 * {@code service-unavailable} and drops the rest; offline-store replaces it.
 */
public interface DeliveryFallback {
    /**
     * Takes the undeliverable message.
     *
     * @param router to send error replies (or anything else) through
     * @return completes once the message is dealt with: stored durably (committed), or answered with an error. A
     *         failed stage makes the router answer the sender {@code internal-server-error}
     */
    CompletionStage<Void> undeliverable(Stanza message, Router router);

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
