/**
 * Presence for members: roster and subscriptions (RFC 6121 §2, §3, Appendix A), presence broadcast, probes and
 * directed presence (RFC 6121 §4), invisibility (XEP-0186), blocking (XEP-0191), and {@code PresenceChanged}
 * events for osm and metrics. Plugs into xmpp-core through its SPI; never imports Netty.
 */
package io.starling.presence;
