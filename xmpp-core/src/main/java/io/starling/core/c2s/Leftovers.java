package io.starling.core.c2s;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.starling.core.session.Router;
import io.starling.core.stanza.Stanza;

/**
 * Messages a session could not deliver, routed again once it has ended (unbound), so they reach another resource
 * or the delivery fallback (offline storage) instead of vanishing. Held while the session is closing (the router
 * would still find it), then routed one at a time, each after the previous one's stage completed, so they keep
 * their order whatever the router does asynchronously (account lookups, storage commits). Only messages that are
 * not errors are routed again: presence is stale by then, and an IQ or an error has nobody to go to instead.
 * From the session's end until its stage completes, each is counted in {@link LeftoverRoutings}, which a shutdown
 * waits for. Confined to the session's executor.
 */
final class Leftovers {
    private static final Logger LOG = LoggerFactory.getLogger(Leftovers.class);

    private final Router router;
    private final Executor executor;
    private final LeftoverRoutings inFlight;
    private final ArrayDeque<Stanza> queue = new ArrayDeque<>();
    /** The session has ended: what is queued is counted in {@link #inFlight}. */
    private boolean due;
    private boolean released;
    private boolean routing;

    Leftovers(Router router, Executor executor, LeftoverRoutings inFlight) {
        this.router = router;
        this.executor = executor;
        this.inFlight = inFlight;
    }

    static boolean worthRouting(Stanza stanza) {
        return stanza.kind() == Stanza.Kind.MESSAGE && !stanza.isError();
    }

    /** Adds a stanza after those already here; routed once {@link #release released}. */
    void add(Stanza stanza) {
        if (worthRouting(stanza)) {
            queue.add(stanza);
            if (due) {
                inFlight.added(1);
            }
            if (released && !routing) {
                next();
            }
        }
    }

    /**
     * The session has ended: {@code first} (the unacknowledged messages, sent before anything held here) goes
     * before what is held, and from now on everything here counts as in flight. Called before the session is
     * unbound, so that a shutdown waiting for an empty registry and then for {@link LeftoverRoutings} cannot miss
     * them; the routing starts with {@link #release}.
     */
    void due(List<Stanza> first) {
        for (int i = first.size() - 1; i >= 0; i--) {
            if (worthRouting(first.get(i))) {
                queue.addFirst(first.get(i));
            }
        }
        due = true;
        inFlight.added(queue.size());
    }

    /** The session is unbound: route what is {@link #due}, in order, then whatever comes later. */
    void release() {
        released = true;
        if (!routing) {
            next();
        }
    }

    private void next() {
        routing = true;
        Stanza stanza;
        while ((stanza = queue.poll()) != null) {
            CompletionStage<Void> stage;
            try {
                stage = router.route(stanza);
            } catch (RuntimeException e) {
                LOG.error("routing a message of an ended session failed", e);
                inFlight.completed();
                continue;
            }
            if (!(stage instanceof CompletableFuture<?> f && f.isDone())) {
                stage.whenComplete((ignored, failure) -> {
                    inFlight.completed();
                    executor.execute(this::next);
                });
                return;
            }
            inFlight.completed();
        }
        routing = false;
    }
}
