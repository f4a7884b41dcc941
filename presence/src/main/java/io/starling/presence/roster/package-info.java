/**
 * Rosters and presence subscriptions (RFC 6121 §2, §3): the roster item model, its storage interface, and the
 * subscription state machine of Appendix A with subscription pre-approval (§3.4) as pure functions.
 */
package io.starling.presence.roster;
