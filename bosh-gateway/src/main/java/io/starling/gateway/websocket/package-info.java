/**
 * XMPP over WebSocket (RFC 7395) at {@code /xmpp-websocket} of the gateway's public listener. The client stream is
 * the shared c2s one: this package only frames it.
 * <ul>
 *   <li>{@link io.starling.gateway.websocket.WebSocketRoute}: the upgrade (§3.1, §3.2: the {@code xmpp}
 *       subprotocol is required, else 400) and the WebSocket pipeline;</li>
 *   <li>{@code WebSocketC2sHandler}: the {@code StreamTransport}, one text message per element (§3.3.3),
 *       keepalive pings (§3.4), the new {@code <open/>} after SASL (§3.5), closing (§3.6), no STARTTLS (§3.1);</li>
 *   <li>{@code TextFrameParser}: one message to one element, with the RFC 6120 §11 restrictions and the c2s
 *       limits;</li>
 *   <li>{@code XmppFraming}: {@code <open/>} and {@code <close/>} in {@code urn:ietf:params:xml:ns:xmpp-framing}
 *       (§3.3.1, §3.3.2, §3.6).</li>
 * </ul>
 */
package io.starling.gateway.websocket;
