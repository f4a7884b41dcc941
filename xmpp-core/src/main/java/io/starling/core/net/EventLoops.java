package io.starling.core.net;

import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The server's Netty event loops, shared by every listener: native epoll on Linux, NIO elsewhere. One acceptor
 * thread and one I/O thread per core by default; every connection stays on one loop for its life.
 */
public final class EventLoops implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventLoops.class);

    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;
    private final Class<? extends ServerSocketChannel> serverChannel;

    public EventLoops(int workerThreads) {
        if (Epoll.isAvailable()) {
            acceptors = new EpollEventLoopGroup(1, new DefaultThreadFactory("starling-accept"));
            workers = new EpollEventLoopGroup(workerThreads, new DefaultThreadFactory("starling-io"));
            serverChannel = EpollServerSocketChannel.class;
        } else {
            acceptors = new NioEventLoopGroup(1, new DefaultThreadFactory("starling-accept"));
            workers = new NioEventLoopGroup(workerThreads, new DefaultThreadFactory("starling-io"));
            serverChannel = NioServerSocketChannel.class;
        }
        LOG.info("network transport: {} with {} I/O threads", Epoll.isAvailable() ? "epoll" : "nio", workerThreads);
    }

    public EventLoopGroup acceptors() {
        return acceptors;
    }

    public EventLoopGroup workers() {
        return workers;
    }

    public Class<? extends ServerSocketChannel> serverChannel() {
        return serverChannel;
    }

    @Override
    public void close() {
        acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
