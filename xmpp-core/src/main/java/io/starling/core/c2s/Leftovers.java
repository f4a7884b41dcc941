package io.starling.core.c2s;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.starling.core.session.Router;
import io.starling.core.stanza.Stanza;
import io.starling.core.stanza.StanzaErrorException;
import io.starling.core.xml.XmlElement;

/**
 * Messages a session could not deliver, routed again once it has ended (unbound), so they reach another resource
 * or the delivery fallback (offline storage) instead of vanishing: the durability contract, whatever ended the
 * session. Held while the session is closing (the router would still find it), then handed to
 * {@link Router#reroute} all at once, in order: the router keeps them in that order and ahead of whatever reaches
 * the member after them, and stores them one at a time (see its javadoc). Handing them over one at a time from here
 * instead, each after the previous one's commit, would let other senders' messages slip in between. Only messages
 * that are not errors are routed again: presence is stale by then, and an IQ or an error has nobody to go to
 * instead. Confined to the session's executor.
 */
final class Leftovers {
    private static final Logger LOG = LoggerFactory.getLogger(Leftovers.class);

    private final Router router;
    private final ArrayDeque<Stanza> queue = new ArrayDeque<>();
    private boolean released;

    Leftovers(Router router) {
        this.router = router;
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
            if (released) {
                drain();
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
        if (released) {
            drain();
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

    private void drain() {
        Stanza stanza;
        while ((stanza = queue.poll()) != null) {
            try {
                router.reroute(stanza); // its stage is the router's business now: it never fails
            } catch (RuntimeException e) {
                LOG.error("routing a message of an ended session failed", e);
            }
        }
    }
}
