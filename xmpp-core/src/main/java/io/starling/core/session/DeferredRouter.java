package io.starling.core.session;

import java.util.Objects;
import java.util.concurrent.CompletionStage;

import io.starling.core.jid.Jid;
import io.starling.core.stanza.Stanza;

/**
 * A router for modules built before the real one exists: the real router needs the modules' contributions (IQ
 * handlers, guard, fallback), and the modules need a router to send through. The composition root binds it once,
 * before any session can connect; routing before that is a programming error.
 */
public final class DeferredRouter implements Router {
    private volatile Router target; // written once at assembly, read by every routing thread

    public void bind(Router router) {
        Objects.requireNonNull(router, "router");
        if (target != null) {
            throw new IllegalStateException("already bound");
        }
        target = router;
    }

    @Override
    public CompletionStage<Void> route(Stanza stanza) {
        return target().route(stanza);
    }

    @Override
    public CompletionStage<RouteOutcome> routeReporting(Stanza stanza) {
        return target().routeReporting(stanza);
    }

    @Override
    public Rerouting rerouting(Jid ending) {
        return target().rerouting(ending);
    }

    private Router target() {
        Router r = target;
        if (r == null) {
            throw new IllegalStateException("router used before the server was assembled");
        }
        return r;
    }
}
