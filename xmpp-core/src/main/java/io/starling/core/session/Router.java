package io.starling.core.session;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.starling.core.stanza.Stanza;

/**
 * Delivers stanzas by their 'to' address following RFC 6121 §8, answering with stanza errors where the RFC says
 * so. {@code from} must already be stamped. Never blocks.
 */
public interface Router {
    /** The shared completed answer for stanzas handled at once. */
    CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    /**
     * Routes the stanza. The stage completes once the server has taken responsibility for it: handed to a session's
     * queue, committed to storage by the delivery fallback, answered with an error, or dropped as the RFC says. It
     * never completes exceptionally. Stream management acknowledges a client's stanza only after this (XEP-0198 and
     * the durability contract: an acknowledged message to an offline member is already in PostgreSQL).
     */
    CompletionStage<Void> route(Stanza stanza);

    /**
     * Routes again a message that a session of this server had accepted for its client and that the client never
     * acknowledged (XEP-0198) or never fetched (a BOSH session's unsent output), once that session has ended. The
     * server took responsibility for it when it was first routed, so it must not be lost now because its full JID
     * is gone: like {@link #route}, except that a message offline storage would keep goes the bare JID's way
     * (another resource, or the delivery fallback) whatever its type allows a fresh message to a gone resource.
     * Same stage as {@link #route}. An ended session reroutes its messages one after another without waiting, so a
     * router keeps them in that order and ahead of whatever is routed to the member after them, and lets each enter
     * storage only after the previous one is committed. Without rules of its own, a router routes it like any
     * stanza.
     */
    default CompletionStage<Void> reroute(Stanza message) {
        return route(message);
    }
}
