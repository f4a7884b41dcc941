package io.starling.offline;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.starling.core.jid.Jid;
import io.starling.core.session.RouteOutcome;
import io.starling.core.spi.DeliveryFallback;
import io.starling.core.stanza.Stanza;
import io.starling.core.stanza.StanzaErrorCondition;
import io.starling.core.concurrent.ExecutorOverloadedException;
import io.starling.offline.store.OfflineRepository.NewMessage;
import io.starling.offline.store.OfflineWriter;

/**
 * XEP-0160 storage of a message to a member with no available resource of non-negative priority. The returned stage
 * completes only once the message is committed to PostgreSQL, or once it is known to be refused; the router answers
 * a refusal (or reports it, for the notification API):
 * <ul>
 *   <li>stored → {@link RouteOutcome#STORED}; the message carries a XEP-0203 {@code <delay/>}
 *       ({@link DelayStamp});</li>
 *   <li>the member's quota is full → refused {@code service-unavailable} (XEP-0160 §2 step 3: "if not (e.g., because the
 *       recipient's offline message queue is full), the server returns a &lt;service-unavailable/&gt; error"),
 *       without text: the answer a non-existent or storage-less account gets too (RFC 6121 §8.5.1, §8.5.2.2.1), so
 *       it tells nothing more;</li>
 *   <li>not to be stored ({@link OfflinePolicy}) → refused {@code service-unavailable}, or
 *       {@link RouteOutcome#DROPPED};</li>
 *   <li>the member's lane is full (overload) → refused {@code resource-constraint}, type wait (RFC 6120 §8.3.3.18): the
 *       sender may retry. {@link #admits} tells the router so before it looks the account up, which keeps refused
 *       messages cheap enough that the lanes still get the CPU and database time to commit;</li>
 *   <li>the transaction failed → refused {@code internal-server-error}; the writer logged the failure once per batch.</li>
 * </ul>
 */
final class OfflineFallback implements DeliveryFallback {
    private static final Logger LOG = LoggerFactory.getLogger(OfflineFallback.class);
    private static final long OVERLOAD_WARN_INTERVAL_NANOS = 1_000_000_000L;

    private final String domain;
    private final OfflineWriter writer;
    private final StoredStanzaCodec codec;
    private final Clock clock;
    private final AtomicLong overloadWarnedAt = new AtomicLong(System.nanoTime() - OVERLOAD_WARN_INTERVAL_NANOS);

    OfflineFallback(String domain, OfflineWriter writer, StoredStanzaCodec codec, Clock clock) {
        this.domain = domain;
        this.writer = writer;
        this.codec = codec;
        this.clock = clock;
    }

    @Override
    public CompletionStage<RouteOutcome> undeliverable(Stanza message) {
        return switch (OfflinePolicy.decide(message)) {
            case DROP -> RouteOutcome.DROPPED.asStage();
            case BOUNCE -> RouteOutcome.refused(StanzaErrorCondition.SERVICE_UNAVAILABLE).asStage();
            case STORE -> store(message);
        };
    }

    /** A message this module would store, while its member's lane is full, is refused before the account lookup. */
    @Override
    public boolean admits(Stanza message) {
        if (OfflinePolicy.decide(message) != OfflinePolicy.Decision.STORE || writer.hasRoom(owner(message))) {
            return true;
        }
        warnOverload("lane full");
        return false;
    }

    /** RFC 6120 §10.3: a message without 'to' is for the sender's own account. */
    private static Jid owner(Stanza message) {
        return (message.to() != null ? message.to() : message.from()).asBare();
    }

    private CompletionStage<RouteOutcome> store(Stanza message) {
        Jid owner = owner(message);
        Instant now = clock.instant();
        String xml = codec.encode(DelayStamp.stamp(message, domain, now));
        return writer.store(new NewMessage(owner, xml, now)).handle((stored, failure) -> {
            if (failure == null) {
                return stored ? RouteOutcome.STORED : RouteOutcome.refused(StanzaErrorCondition.SERVICE_UNAVAILABLE);
            } else if (unwrap(failure) instanceof ExecutorOverloadedException full) {
                warnOverload(full.getMessage());
                return RouteOutcome.refused(StanzaErrorCondition.RESOURCE_CONSTRAINT);
            }
            return RouteOutcome.refused(StanzaErrorCondition.INTERNAL_SERVER_ERROR);
        });
    }

    /** One WARN a second at most: under overload every sender would otherwise log a line. */
    private void warnOverload(String why) {
        long now = System.nanoTime();
        long last = overloadWarnedAt.get();
        if (now - last >= OVERLOAD_WARN_INTERVAL_NANOS && overloadWarnedAt.compareAndSet(last, now)) {
            LOG.warn("offline storage refused messages ({}); senders get resource-constraint", why);
        }
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
