package io.starling.core.spi;

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
     */
    void undeliverable(Stanza message, Router router);
}
