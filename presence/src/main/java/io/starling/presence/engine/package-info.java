/**
 * The presence engine: member state on stripes (one lane per member, no locks; {@code Stripes}, {@code MemberTable})
 * and the core extension points that feed it.
 * <ul>
 *   <li>RFC 6121 §2: roster get and set, pushes to interested resources, versioning (§2.6) —
 *       {@code RosterRequests}, {@code RosterWriter};</li>
 *   <li>RFC 6121 §3 and Appendix A: subscriptions between members, requests kept whole until answered (§3.1.3) —
 *       {@code Subscriptions}, {@code PendingRequests};</li>
 *   <li>RFC 6121 §4: initial presence and the probes it implies (§4.2, §4.3), updates (§4.4), unavailable on
 *       logout and on any session end (§4.5), directed presence (§4.6), probes sent by clients (§4.3.2) —
 *       {@code SessionPresence}, {@code PresenceBroadcaster}, {@code Probes};</li>
 *   <li>XEP-0186 invisibility — {@code SessionPresence}, {@code PresenceDirectory#hiddenFrom};</li>
 *   <li>XEP-0191 blocking, outbound ({@code PresenceInterceptor}, {@code HeldStanzas}) and inbound
 *       ({@code BlockingGuard}), and the block list commands ({@code BlockingRequests});</li>
 *   <li>aggregate state changes as {@code PresenceChanged} events — {@code AggregateTracker}.</li>
 * </ul>
 * A session's start and end never meet a full stripe queue (release work); see {@code PresenceEngine}.
 */
package io.starling.presence.engine;
