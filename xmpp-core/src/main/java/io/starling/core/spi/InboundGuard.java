package io.starling.core.spi;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.starling.core.jid.Jid;
import io.starling.core.stanza.Stanza;

/**
 * Decides whether a stanza may reach a local member at all, before any session or the delivery fallback sees it
 * (XEP-0191 blocking). The router asks it for every stanza addressed to a member's bare or full JID, from any
 * source (clients, components, the HTTP API). Called on the router's thread: must not block; an answer that
 * needs storage completes the stage later.
 * <p>
 * A refused stanza is answered the way XEP-0191 §3.3 says: messages and IQ requests get
 * {@code service-unavailable}, presence and errors are dropped.
 */
public interface InboundGuard {
    enum Verdict { DELIVER, REFUSE }

    /** The shared completed "deliver" answer; return it on the fast path instead of allocating. */
    CompletionStage<Verdict> DELIVER = CompletableFuture.completedFuture(Verdict.DELIVER);

    /** The shared completed "refuse" answer. */
    CompletionStage<Verdict> REFUSE = CompletableFuture.completedFuture(Verdict.REFUSE);

    /** Lets everything through: the default when no module contributes a guard. */
    InboundGuard ALLOW_ALL = (recipient, stanza) -> DELIVER;

    /**
     * @param recipient the member's bare JID
     * @param stanza    the stanza, 'from' stamped
     */
    CompletionStage<Verdict> check(Jid recipient, Stanza stanza);
}
