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
}
