package io.starling.core.c2s;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.starling.core.jid.Jid;
import io.starling.core.session.Router;
import io.starling.core.stanza.Stanza;
import io.starling.core.stanza.StanzaErrorException;
import io.starling.core.xml.XmlElement;

/**
 * Messages a session could not deliver, routed again once it has ended, so they reach another resource or the
 * delivery fallback (offline storage) instead of vanishing: the durability contract, whatever ended the session.
 * Held while the session is closing (the router would still find it). At the end the session takes its member's
 * place in routing order ({@link Router#rerouting}) before it is unbound, and everything goes there in order: the
 * unacknowledged messages, what the transport never sent, what was held, then whatever reaches the session while its
 * executor runs the deliveries queued before the unbinding. The place closes after those; nothing routed to the
 * member meanwhile overtakes them. Only messages that are not errors are routed again: presence is stale by then,
 * and an IQ or an error has nobody to go to instead. From its hand-over until the server has taken it, each message
 * is counted in {@link LeftoverRoutings}, which a shutdown waits for. Confined to the session's executor.
 */
final class Leftovers {
    private static final Logger LOG = LoggerFactory.getLogger(Leftovers.class);

    private final Router router;
    private final LeftoverRoutings inFlight;
    private final ArrayDeque<Stanza> held = new ArrayDeque<>();
    /** From {@link #release} to {@link #close}. */
    private Router.Rerouting place;
    private boolean closed;

    Leftovers(Router router, LeftoverRoutings inFlight) {
        this.router = router;
        this.inFlight = inFlight;
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

    /** Adds a stanza after those already here: held until {@link #release}, routed at once after. */
    void add(Stanza stanza) {
        if (!worthRouting(stanza)) {
            return;
        }
        if (place != null) {
            reroute(place, stanza);
        } else if (closed) {
            Router.Rerouting alone = router.rerouting(stanza.to() != null ? stanza.to() : stanza.from());
            reroute(alone, stanza);
            alone.close();
        } else {
            held.add(stanza);
        }
    }

    /**
     * Adds messages sent before everything held here (what a transport accepted and never got to the client): ahead
     * of it, in their order, while held; after release, at once.
     */
    void addFirst(List<Stanza> earlier) {
        if (place != null || closed) {
            earlier.forEach(this::add);
            return;
        }
        for (int i = earlier.size() - 1; i >= 0; i--) {
            if (worthRouting(earlier.get(i))) {
                held.addFirst(earlier.get(i));
            }
        }
    }

    /**
     * The session is being unbound, its place in routing order taken: route {@code first} (the unacknowledged
     * messages, sent before anything held here), then what is held, then whatever comes until {@link #close}.
     */
    void release(List<Stanza> first, Router.Rerouting newPlace) {
        addFirst(first);
        place = newPlace;
        Stanza stanza;
        while ((stanza = held.poll()) != null) {
            reroute(place, stanza);
        }
    }

    /** The deliveries queued before the unbinding have run: what is routed to the member from now on may go on. */
    void close() {
        if (place != null) {
            place.close();
            place = null;
        }
        closed = true;
    }

    /** Routes one message in {@code to}, counted in {@link LeftoverRoutings} until the server has taken it. */
    private void reroute(Router.Rerouting to, Stanza stanza) {
        inFlight.added(1);
        try {
            to.reroute(stanza).whenComplete((ignored, failure) -> inFlight.completed());
        } catch (RuntimeException e) {
            inFlight.completed();
            LOG.error("routing a message of an ended session failed", e);
        }
    }
}
