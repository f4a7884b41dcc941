/**
 * Transport-neutral client stream negotiation: STARTTLS (RFC 6120 §5), SASL PLAIN (RFC 4616) and SCRAM-SHA-1/-256
 * (RFC 5802, RFC 7677; RFC 6120 §6), stream restart (§4.3.3), resource binding (§7), the legacy session IQ
 * (RFC 3921 §3, only when not optional per RFC 6121 Appendix E) and XEP-0077 in-band registration.
 */
package io.starling.loadtest.session;
