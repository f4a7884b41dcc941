package io.starling.loadtest.client;

import java.net.InetSocketAddress;
import java.net.URI;

import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;

/**
 * XMPP over WebSocket (RFC 7395): links to an endpoint such as {@code ws://host:5280/xmpp-websocket} (or
 * {@code wss://}, certificates not verified), subprotocol {@code xmpp}. Immutable and thread-safe.
 */
public final class WebSocketTransport implements Transport {
    private final WebChannels web;
    private final String domain;
    private final WebSocketClientProtocolConfig handshake;

    /**
     * @param endpoint the WebSocket URL, {@code ws://} or {@code wss://}
     * @param domain   the XMPP domain ('to' of {@code <open/>})
     */
    public WebSocketTransport(URI endpoint, String domain) {
        this.web = new WebChannels(endpoint, "ws", "wss");
        this.domain = domain;
        this.handshake = WebSocketLink.handshake(web);
    }

    @Override
    public StreamLink newLink(EventLoop loop, InetSocketAddress localAddress, StreamHandler handler) {
        return new WebSocketLink(web, handshake, domain, loop, localAddress, handler);
    }
}
