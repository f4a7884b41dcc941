package io.starling.core.testing;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import io.starling.core.session.RouteOutcome;
import io.starling.core.session.Router;
import io.starling.core.stanza.Stanza;

/**
 * A router that records what it is given and routes nothing: {@link #route} completes at once, and
 * {@link #routeReporting} answers the outcome set with {@link #reportNext} ({@link RouteOutcome#DELIVERED} unless set).
 */
public final class RecordingRouter implements Router {
    private final List<Stanza> routed = new CopyOnWriteArrayList<>();
    private volatile RouteOutcome next = RouteOutcome.DELIVERED;

    /** Everything routed, either way, in order. */
    public List<Stanza> routed() {
        return routed;
    }

    /** What {@link #routeReporting} answers from now on. */
    public void reportNext(RouteOutcome outcome) {
        next = outcome;
    }

    @Override
    public CompletionStage<Void> route(Stanza stanza) {
        routed.add(stanza);
        return DONE;
    }

    @Override
    public CompletionStage<RouteOutcome> routeReporting(Stanza stanza) {
        routed.add(stanza);
        return next.asStage();
    }
}
