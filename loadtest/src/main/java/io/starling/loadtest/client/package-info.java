/**
 * Client transports of the load generator: {@link io.starling.loadtest.client.StreamLink} moves serialised
 * elements over TCP (RFC 6120 §4 streams, §5 STARTTLS, XEP-0368 direct TLS), BOSH (XEP-0124/0206) or WebSocket
 * (RFC 7395); {@link io.starling.loadtest.client.Transports} picks one by
 * {@link io.starling.loadtest.client.TransportKind}.
 */
package io.starling.loadtest.client;
