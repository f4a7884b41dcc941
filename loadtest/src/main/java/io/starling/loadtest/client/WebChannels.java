package io.starling.loadtest.client;

import java.net.InetSocketAddress;
import java.net.URI;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;

/**
 * What the HTTP transports (BOSH, WebSocket) share: the endpoint's address and scheme, the client TLS context
 * ({@link ClientTls}: certificates are not verified, load testing), and a bootstrap on the caller's event loop with the socket
 * channel type that loop needs (epoll or NIO). Immutable once built.
 */
final class WebChannels {
    private static final int CONNECT_TIMEOUT_MILLIS = 15_000;

    private final URI endpoint;
    private final InetSocketAddress remote;
    private final SslContext ssl;

    /**
     * @param secureScheme the scheme that means TLS ({@code https}, {@code wss})
     * @param plainScheme  the scheme without TLS ({@code http}, {@code ws})
     */
    WebChannels(URI endpoint, String plainScheme, String secureScheme) {
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase();
        boolean secure = scheme.equals(secureScheme);
        if (!secure && !scheme.equals(plainScheme)) {
            throw new IllegalArgumentException("expected a " + plainScheme + ":// or " + secureScheme
                    + ":// endpoint, got " + endpoint);
        }
        if (endpoint.getHost() == null) {
            throw new IllegalArgumentException("no host in " + endpoint);
        }
        this.endpoint = endpoint;
        int port = endpoint.getPort() > 0 ? endpoint.getPort() : secure ? 443 : 80;
        // Resolved once here, off the event loops: connecting must never block on DNS.
        this.remote = new InetSocketAddress(endpoint.getHost(), port);
        if (remote.isUnresolved()) {
            throw new IllegalArgumentException("cannot resolve " + endpoint.getHost());
        }
        this.ssl = secure ? ClientTls.insecureContext() : null;
    }

    URI endpoint() {
        return endpoint;
    }

    /** The request target: path and query, {@code /} if empty. */
    String path() {
        String path = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/" : endpoint.getRawPath();
        return endpoint.getRawQuery() == null ? path : path + "?" + endpoint.getRawQuery();
    }

    /** The Host header value. */
    String host() {
        return endpoint.getPort() > 0 ? endpoint.getHost() + ":" + endpoint.getPort() : endpoint.getHost();
    }

    InetSocketAddress remote() {
        return remote;
    }

    /** A bootstrap on {@code loop}, binding {@code local}, whose pipeline starts with TLS if the scheme says so. */
    Bootstrap bootstrap(EventLoop loop, InetSocketAddress local, ChannelInitializer<SocketChannel> rest) {
        boolean epoll = loop.parent() instanceof EpollEventLoopGroup;
        return new Bootstrap().group(loop)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .localAddress(local)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (ssl != null) {
                            ch.pipeline().addLast("tls",
                                    ssl.newHandler(ch.alloc(), endpoint.getHost(), remote.getPort()));
                        }
                        ch.pipeline().addLast(rest);
                    }
                });
    }
}
