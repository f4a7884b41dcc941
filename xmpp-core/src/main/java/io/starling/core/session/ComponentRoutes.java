package io.starling.core.session;

import io.starling.core.stanza.Stanza;

/**
 * The domains of external components (XEP-0114) that {@link LocalRouter} hands stanzas to instead of answering
 * {@code remote-server-not-found}. Thread-safe; never blocks.
 */
public interface ComponentRoutes {
    /** No components. */
    ComponentRoutes NONE = stanza -> Delivery.NOT_A_COMPONENT;

    /** What became of a stanza offered to the components. */
    enum Delivery {
        /** Handed to a connection of the component that serves the 'to' domain. */
        DELIVERED,
        /** Every connection of the component has its output backed up beyond its bound. */
        CONGESTED,
        /** The domain is a configured component with no connection now. */
        NOT_CONNECTED,
        /** The domain is no component's. */
        NOT_A_COMPONENT
    }

    /** Offers a stanza whose 'to' domain is not the served domain. */
    Delivery deliver(Stanza stanza);
}
