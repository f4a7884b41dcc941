package io.starling.core.component;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.starling.core.config.ComponentConfig;
import io.starling.core.session.ComponentRoutes;
import io.starling.core.stanza.Stanza;
import io.starling.core.stanza.StreamErrorCondition;

/**
 * The configured components and their authenticated connections. Several connections of one component share its
 * stanzas round-robin (XEP-0114 leaves load sharing to the server). The domains are fixed at start; connections come
 * and go from any event loop, hence copy-on-write lists (reads, one per stanza, far outnumber connects).
 */
public final class ComponentRegistry implements ComponentRoutes {
    private final Map<String, Route> routes;

    public ComponentRegistry(Map<String, ComponentConfig> components) {
        this.routes = components.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> new Route(e.getValue())));
    }

    /** The configured component, or null. */
    public ComponentConfig config(String domain) {
        Route r = routes.get(domain);
        return r == null ? null : r.config;
    }

    /** The configured domains, sorted. */
    public Set<String> domains() {
        return new TreeSet<>(routes.keySet());
    }

    void add(String domain, ComponentLink link) {
        routes.get(domain).links.add(link);
    }

    void remove(String domain, ComponentLink link) {
        Route r = routes.get(domain);
        if (r != null) {
            r.links.remove(link);
        }
    }

    /** How many connections the component has now. */
    public int connections(String domain) {
        Route r = routes.get(domain);
        return r == null ? 0 : r.links.size();
    }

    @Override
    public Delivery deliver(Stanza stanza) {
        Route r = routes.get(stanza.to().domain());
        if (r == null) {
            return Delivery.NOT_A_COMPONENT;
        }
        // A snapshot: connections that come or go meanwhile are seen by the next stanza.
        Object[] links = r.links.toArray();
        if (links.length == 0) {
            return Delivery.NOT_CONNECTED;
        }
        int start = Math.floorMod(r.next.getAndIncrement(), links.length);
        for (int i = 0; i < links.length; i++) {
            if (((ComponentLink) links[(start + i) % links.length]).deliver(stanza)) {
                return Delivery.DELIVERED;
            }
        }
        return Delivery.CONGESTED;
    }

    /** Ends every connection, for shutdown. */
    public void closeAll(StreamErrorCondition condition, String text) {
        for (Route r : routes.values()) {
            for (ComponentLink link : r.links) {
                link.close(condition, text);
            }
        }
    }

    private static final class Route {
        final ComponentConfig config;
        final CopyOnWriteArrayList<ComponentLink> links = new CopyOnWriteArrayList<>();
        final AtomicInteger next = new AtomicInteger();

        Route(ComponentConfig config) {
            this.config = config;
        }
    }
}
