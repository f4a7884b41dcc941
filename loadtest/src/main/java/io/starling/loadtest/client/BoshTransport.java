package io.starling.loadtest.client;

import java.net.InetSocketAddress;
import java.net.URI;

import io.netty.channel.EventLoop;

/**
 * BOSH (XEP-0124) carrying XMPP (XEP-0206): links that talk to a connection manager such as
 * {@code http://host:5280/http-bind} (or {@code https://}, certificates not verified). Each link keeps at most
 * two HTTP/1.1 keep-alive connections, one per outstanding request ('hold' 1). Immutable and thread-safe.
 */
public final class BoshTransport implements Transport {
    private final WebChannels web;
    private final String domain;

    /**
     * @param endpoint the connection manager's URL, {@code http://} or {@code https://}
     * @param domain   the XMPP domain ('to' of the session creation request)
     */
    public BoshTransport(URI endpoint, String domain) {
        this.web = new WebChannels(endpoint, "http", "https");
        this.domain = domain;
    }

    @Override
    public StreamLink newLink(EventLoop loop, InetSocketAddress localAddress, StreamHandler handler) {
        return new BoshLink(web, domain, loop, localAddress, handler);
    }
}
