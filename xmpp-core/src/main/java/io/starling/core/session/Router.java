package io.starling.core.session;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.starling.core.jid.Jid;
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
     * Routes the stanza as {@link #route} does and says what became of it, for a sender that is not an XMPP entity
     * (the notification API): where {@code route} would answer the sender with a stanza error, this routes no error
     * reply and completes with {@link RouteOutcome#refused} and the condition instead. Other replies are still sent
     * (an IQ's handler answers it). Completes, never exceptionally, at the same moment {@code route}'s stage would.
     */
    CompletionStage<RouteOutcome> routeReporting(Stanza stanza);

    /**
     * Takes a place in the routing order of the member whose session {@code ending} is ending, for the messages the
     * session had accepted for its client and that the client never acknowledged (XEP-0198) or never fetched (a
     * BOSH session's unsent output), or that reach it after its end. The server took responsibility for them when
     * they were first routed, so they must be neither lost because their full JID is gone nor overtaken by what is
     * routed to the member after them. Take the place before the session is unbound, hand the messages in, in order,
     * and close it once the session's executor has run what was queued before the unbinding. Without rules of its
     * own, a router routes them like any stanza.
     */
    default Rerouting rerouting(Jid ending) {
        return new Rerouting() {
            @Override
            public CompletionStage<Void> reroute(Stanza message) {
                return route(message);
            }

            @Override
            public void close() {
                // nothing held
            }
        };
    }

    /** A place in a member's routing order for an ended session's messages; used from that session's executor. */
    interface Rerouting {
        /**
         * Routes the message in this place, after those handed in before it; never fails. The stage completes once
         * the server has taken responsibility for the message (as {@link Router#route}'s does).
         */
        CompletionStage<Void> reroute(Stanza message);

        /** Nothing more comes: what was routed to the member after the place was taken may go on once these have. */
        void close();
    }
}
