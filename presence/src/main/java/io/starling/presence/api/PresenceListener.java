package io.starling.presence.api;

/**
 * Hears aggregate presence changes (osm, metrics). Each listener is called from its own thread, one event at a time;
 * a slow listener never delays presence handling: while it is busy, changes for the same member are coalesced so it
 * gets the newest state (never loses the final one), not every intermediate step.
 */
public interface PresenceListener {
    /** A short name for the delivery thread and logs. */
    String name();

    void presenceChanged(PresenceChanged event);
}
