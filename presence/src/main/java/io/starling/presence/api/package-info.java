/**
 * What other modules (osm, admin-stats) may see of presence: {@link io.starling.presence.api.PresenceChanged}
 * events and the {@link io.starling.presence.api.PresenceListener} they implement. Nothing else in
 * {@code io.starling.presence} is for them.
 */
package io.starling.presence.api;
