package io.starling.core.spi;

import java.util.concurrent.CompletionStage;

import io.starling.core.session.Router;
import io.starling.core.stanza.Stanza;
import io.starling.core.stanza.StanzaErrorCondition;

/**
 * RFC 6121 §8.5.2.2.1 without offline storage: chat and normal messages are answered with
 * {@code service-unavailable}; headline and error messages are silently dropped.
 */
public final class RfcDeliveryFallback implements DeliveryFallback {
    @Override
    public CompletionStage<Void> undeliverable(Stanza message, Router router) {
        String type = message.type();
        if (type == null || "normal".equals(type) || "chat".equals(type)) {
            router.route(message.errorReply(StanzaErrorCondition.SERVICE_UNAVAILABLE, null));
        }
        return Router.DONE;
    }
}
