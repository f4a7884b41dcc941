package io.starling.loadtest.client;

import java.net.InetSocketAddress;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.starling.core.xml.XmlLimits;
import io.starling.core.xml.XmlParserFactory;

/**
 * XMPP over TCP (RFC 6120 §4-§5): plain, STARTTLS, or direct TLS (XEP-0368). One {@link TcpLink} per member, all
 * sharing the caller's event loops; certificates are not verified (load testing only).
 */
public final class TcpTransport implements Transport {
    private final InetSocketAddress server;
    private final String domain;
    private final boolean directTls;
    private final boolean startTlsAllowed;
    private final SslContext ssl;
    private final XmlParserFactory parsers = new XmlParserFactory();
    private final XmlLimits limits = XmlLimits.defaults();
    private final int connectTimeoutMillis;

    /**
     * @param directTls TLS from the first byte (XEP-0368) instead of plain TCP
     * @param startTlsAllowed whether {@link StreamLink#canStartTls()} answers true on a plain connection
     */
    public TcpTransport(InetSocketAddress server, String domain, boolean directTls, boolean startTlsAllowed,
                        int connectTimeoutMillis) {
        this.server = server;
        this.domain = domain;
        this.directTls = directTls;
        this.startTlsAllowed = startTlsAllowed;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.ssl = ClientTls.insecureContext();
    }

    @Override
    public StreamLink newLink(EventLoop loop, InetSocketAddress localAddress, StreamHandler handler) {
        return new TcpLink(this, loop, localAddress, handler);
    }

    Bootstrap bootstrap(EventLoop loop) {
        return new Bootstrap().group(loop)
                .channel(loop.parent() instanceof EpollEventLoopGroup ? EpollSocketChannel.class
                        : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis);
    }

    InetSocketAddress server() {
        return server;
    }

    String domain() {
        return domain;
    }

    boolean directTls() {
        return directTls;
    }

    boolean startTlsAllowed() {
        return startTlsAllowed && !directTls;
    }

    SslContext ssl() {
        return ssl;
    }

    XmlParserFactory parsers() {
        return parsers;
    }

    XmlLimits limits() {
        return limits;
    }
}
