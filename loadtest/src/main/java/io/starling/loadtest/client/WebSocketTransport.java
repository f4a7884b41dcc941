package io.starling.loadtest.client;

import java.net.InetSocketAddress;
import java.net.URI;

import io.netty.channel.EventLoop;

/** Placeholder until the WebSocket transport is merged: it compiles the factory and refuses to make links. */
public final class WebSocketTransport implements Transport {
    private final URI endpoint;
    private final String domain;

    public WebSocketTransport(URI endpoint, String domain) {
        this.endpoint = endpoint;
        this.domain = domain;
    }

    @Override
    public StreamLink newLink(EventLoop loop, InetSocketAddress localAddress, StreamHandler handler) {
        throw new UnsupportedOperationException("WebSocket transport not built in yet (" + endpoint + ", " + domain + ")");
    }
}
