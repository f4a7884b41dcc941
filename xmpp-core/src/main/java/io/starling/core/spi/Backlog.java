package io.starling.core.spi;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.starling.core.session.Session;
import io.starling.core.stanza.Stanza;

/**
 * Stanzas kept for a member while no session could take them (XEP-0160 offline messages). When a session sends
 * initial presence it takes them, oldest first, and delivers them ahead of anything that arrives meanwhile: live
 * stanzas wait behind the backlog, so the member sees everything in the order it was sent.
 */
public interface Backlog {
    /** Nothing is ever kept: the default without offline storage. */
    Backlog NONE = session -> CompletableFuture.completedFuture(List.of());

    /**
     * Removes and returns what is kept for the session's member, oldest first. Must not block; completes later with
     * storage work. A session that ends before it delivered them routes them again, so they are kept again.
     */
    CompletionStage<List<Stanza>> take(Session session);
}
