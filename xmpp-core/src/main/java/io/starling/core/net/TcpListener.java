package io.starling.core.net;

import java.net.InetSocketAddress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;

/** One listening TCP socket whose connections get the given initializer. */
public final class TcpListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TcpListener.class);

    private final String name;
    private final Channel channel;

    private TcpListener(String name, Channel channel) {
        this.name = name;
        this.channel = channel;
    }

    /** Binds and starts accepting; port 0 picks a free port (see {@link #port()}). */
    public static TcpListener bind(String name, EventLoops loops, String address, int port, ChannelHandler initializer) {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loops.acceptors(), loops.workers())
                .channel(loops.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 256 * 1024))
                .childHandler(initializer);
        Channel ch = bootstrap.bind(new InetSocketAddress(address, port)).syncUninterruptibly().channel();
        TcpListener listener = new TcpListener(name, ch);
        LOG.info("{} listening on {}:{}", name, address, listener.port());
        return listener;
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        LOG.info("{} closed", name);
    }
}
