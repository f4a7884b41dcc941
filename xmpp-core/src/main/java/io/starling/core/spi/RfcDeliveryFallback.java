package io.starling.core.spi;

import java.util.concurrent.CompletionStage;

import io.starling.core.session.RouteOutcome;
import io.starling.core.stanza.Stanza;
import io.starling.core.stanza.StanzaErrorCondition;

/**
 * RFC 6121 §8.5.2.2.1 without offline storage: chat and normal messages are refused with
 * {@code service-unavailable}; headline and error messages are silently dropped.
 */
public final class RfcDeliveryFallback implements DeliveryFallback {
    @Override
    public CompletionStage<RouteOutcome> undeliverable(Stanza message) {
        String type = message.type();
        if (type == null || "normal".equals(type) || "chat".equals(type)) {
            return RouteOutcome.refused(StanzaErrorCondition.SERVICE_UNAVAILABLE).asStage();
        }
        return RouteOutcome.DROPPED.asStage();
    }
}
