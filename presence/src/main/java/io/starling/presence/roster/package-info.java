/**
 * Rosters (RFC 6121 §2) and the subscription states behind them (RFC 6121 §3, Appendix A): the immutable model
 * ({@link io.starling.presence.roster.RosterItem}, {@link io.starling.presence.roster.SubscriptionState}), its
 * storage, the subscription state machine with pre-approval (§3.4) as pure functions
 * ({@link io.starling.presence.roster.SubscriptionTransitions}), and
 * {@link io.starling.presence.roster.RosterCodec}, which reads roster gets and sets and writes results and pushes
 * with roster versioning (RFC 6121 §2.6, formerly XEP-0237).
 */
package io.starling.presence.roster;
