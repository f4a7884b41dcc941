/**
 * Client-to-server streams (RFC 6120) and the sessions they carry, independent of the transport: the stream state
 * machine ({@link io.starling.core.c2s.C2sSession} over {@link io.starling.core.c2s.C2sState}), negotiation up to
 * authentication (§4.3 headers and features, §5 STARTTLS, §6 SASL: {@code StreamNegotiation}), resource binding
 * (§7: {@code ResourceBinder}), the stanzas of a bound client (§8, RFC 6121 §4: {@code EstablishedStanzaHandler}),
 * and the TCP transport on Netty ({@code TcpC2sInitializer}, {@code TcpC2sHandler}).
 *
 * <p>Stream management, XEP-0198 ({@code urn:xmpp:sm:3}), is written once here so that every transport has it:
 * <ul>
 *   <li>{@code StreamManagement}: §3 enable, §4 {@code <r/>}/{@code <a/>} both ways, the bounds;</li>
 *   <li>{@code HandledCounter}: the inbound {@code h}, counting a client stanza only once the router has taken
 *       responsibility for it (delivered, committed to storage, or answered), in arrival order;</li>
 *   <li>{@code UnackedQueue}: stanzas sent and not yet acknowledged;</li>
 *   <li>{@code StreamResumption}, {@link io.starling.core.c2s.ResumptionRegistry},
 *       {@link io.starling.core.c2s.C2sConnection}: §5 resumption of a detached session on a new stream, answered
 *       once the old stream's stanzas are handled;</li>
 *   <li>{@code Leftovers}: when a session ends for good, for whatever reason, the messages it could not get
 *       acknowledged — or, without stream management, that its transport never handed to the client (a BOSH
 *       session's unread output) — are routed again, in order, in the member's place in routing order
 *       ({@code Router.rerouting}): another resource, or the delivery fallback (offline storage);
 *       {@link io.starling.core.c2s.LeftoverRoutings} counts them until taken, for the shutdown to wait.</li>
 * </ul>
 */
package io.starling.core.c2s;
