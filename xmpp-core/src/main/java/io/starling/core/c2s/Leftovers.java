package io.starling.core.c2s;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.starling.core.session.Router;
import io.starling.core.stanza.Stanza;
import io.starling.core.stanza.StanzaErrorException;
import io.starling.core.xml.XmlElement;

/**
 * Messages a session could not deliver, routed again once it has ended (unbound), so they reach another resource
 * or the delivery fallback (offline storage) instead of vanishing: the durability contract, whatever ended the
 * session. Held while the session is closing (the router would still find it), then routed one at a time through
 * {@link Router#reroute}, each after the previous one's stage completed, so they keep their order whatever the router
 * does asynchronously (account lookups, storage commits). Only messages that are not errors are routed again:
 * presence is stale by then, and an IQ or an error has nobody to go to instead. Confined to the session's executor.
 */
final class Leftovers {
    private static final Logger LOG = LoggerFactory.getLogger(Leftovers.class);

    private final Router router;
    private final Executor executor;
    private final ArrayDeque<Stanza> queue = new ArrayDeque<>();
    private boolean released;
    private boolean routing;

    Leftovers(Router router, Executor executor) {
        this.router = router;
        this.executor = executor;
    }

    static boolean worthRouting(Stanza stanza) {
        return stanza.kind() == Stanza.Kind.MESSAGE && !stanza.isError();
    }

    /**
     * The messages among elements written to a transport, as stanzas; one whose addresses no longer parse is
     * dropped with a WARN line (it could not be routed anyway).
     */
    static List<Stanza> messages(List<XmlElement> elements, String owner) {
        List<Stanza> out = new ArrayList<>();
        for (XmlElement e : elements) {
            if ("message".equals(e.name())) {
                try {
                    Stanza stanza = Stanza.of(e);
                    if (worthRouting(stanza)) {
                        out.add(stanza);
                    }
                } catch (StanzaErrorException ex) {
                    LOG.warn("an undelivered message of {} has bad addresses; dropped", owner);
                }
            }
        }
        return out;
    }

    /** Adds a stanza after those already here; routed once {@link #release released}. */
    void add(Stanza stanza) {
        if (worthRouting(stanza)) {
            queue.add(stanza);
            if (released && !routing) {
                next();
            }
        }
    }

    /**
     * Adds messages sent before everything held here (what a transport accepted and never got to the client), ahead
     * of it, in their order; routed at once if already {@link #release released}.
     */
    void addFirst(List<Stanza> earlier) {
        for (int i = earlier.size() - 1; i >= 0; i--) {
            if (worthRouting(earlier.get(i))) {
                queue.addFirst(earlier.get(i));
            }
        }
        if (released && !routing) {
            next();
        }
    }

    /**
     * The session is unbound: route {@code first} (the unacknowledged messages, sent before anything held here),
     * then what is held, then whatever comes later, in order.
     */
    void release(List<Stanza> first) {
        released = true;
        addFirst(first);
    }

    private void next() {
        routing = true;
        Stanza stanza;
        while ((stanza = queue.poll()) != null) {
            CompletionStage<Void> stage;
            try {
                stage = router.reroute(stanza);
            } catch (RuntimeException e) {
                LOG.error("routing a message of an ended session failed", e);
                continue;
            }
            if (!(stage instanceof CompletableFuture<?> f && f.isDone())) {
                stage.whenComplete((ignored, failure) -> executor.execute(this::next));
                return;
            }
        }
        routing = false;
    }
}
