/**
 * Rosters (RFC 6121 §2) and the subscription states behind them (RFC 6121 §3, Appendix A): the immutable model
 * ({@link io.starling.presence.roster.RosterItem}, {@link io.starling.presence.roster.SubscriptionState}), its
 * storage interface, and {@link io.starling.presence.roster.RosterCodec}, which reads roster gets and sets and
 * writes roster results and pushes, with roster versioning (RFC 6121 §2.6, formerly XEP-0237).
 */
package io.starling.presence.roster;
