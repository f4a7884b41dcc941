/**
 * External components over the Jabber Component Protocol, XEP-0114 ({@code jabber:component:accept}): the
 * listener's pipeline ({@code ComponentInitializer}, and {@code TcpComponentHandler}, transport only); the protocol
 * of one connection ({@code ComponentStream}: §2 stream header and handshake, the 'from' check, routing); the §2
 * handshake digest ({@link io.starling.core.component.HandshakeDigest}); the rule for which 'from' a component may
 * use ({@link io.starling.core.component.ComponentFromPolicy}); and the connected components by domain
 * ({@link io.starling.core.component.ComponentRegistry}), which the router consults for domains other than its own.
 */
package io.starling.core.component;
