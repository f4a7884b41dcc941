package io.starling.presence;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.starling.core.spi.Extensions;
import io.starling.core.spi.ServerModule;
import io.starling.presence.api.PresenceListener;
import io.starling.presence.engine.PresenceEngine;
import io.starling.presence.events.PresenceEventDispatcher;

/**
 * The presence module: roster, subscriptions, presence broadcast, invisibility, blocking and
 * {@link io.starling.presence.api.PresenceChanged} events to the given listeners.
 */
public final class PresenceModule implements ServerModule {
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final PresenceEventDispatcher events;
    private final PresenceEngine engine;

    public PresenceModule(PresenceEngine.Services services, PresenceConfig config, List<PresenceListener> listeners,
                          Clock clock) {
        this.events = new PresenceEventDispatcher(listeners);
        this.engine = new PresenceEngine(services, config, events::publish, clock);
    }

    @Override
    public String name() {
        return "presence";
    }

    @Override
    public void contribute(Extensions extensions) {
        engine.contribute(extensions);
    }

    @Override
    public String migrationsLocation() {
        return "classpath:db/migration/presence";
    }

    /** Tasks waiting on the presence stripes. */
    public int queueDepth() {
        return engine.queueDepth();
    }

    /** Stripes first (closing sessions still broadcast and emit), then the event threads drain. */
    @Override
    public void stop() {
        engine.stop(STOP_GRACE);
        events.close();
    }
}
