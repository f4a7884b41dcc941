package io.starling.loadtest.client;

import java.net.InetSocketAddress;
import java.net.URI;

import io.netty.channel.EventLoop;

/** Placeholder until the Bosh transport is merged: it compiles the factory and refuses to make links. */
public final class BoshTransport implements Transport {
    private final URI endpoint;
    private final String domain;

    public BoshTransport(URI endpoint, String domain) {
        this.endpoint = endpoint;
        this.domain = domain;
    }

    @Override
    public StreamLink newLink(EventLoop loop, InetSocketAddress localAddress, StreamHandler handler) {
        throw new UnsupportedOperationException("Bosh transport not built in yet (" + endpoint + ", " + domain + ")");
    }
}
