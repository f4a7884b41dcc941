/**
 * Delivery of {@link io.starling.presence.api.PresenceChanged} events to
 * {@link io.starling.presence.api.PresenceListener}s (osm, metrics): one named daemon thread per listener, fed by
 * a per-member coalescing queue so a slow listener never blocks presence handling and never misses a member's
 * final state. Memory is bounded by the number of members with an undelivered change, not by the change rate.
 * Not an XMPP protocol surface; no RFC or XEP section applies.
 */
package io.starling.presence.events;
