package io.starling.gateway.http;

import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;

/**
 * The pipeline of an HTTP connection: TLS when configured, the HTTP/1.1 codec with the head limits, an idle timer
 * for keep-alive connections, the body aggregator with the body limit (413 past it), then the dispatcher. A
 * WebSocket upgrade replaces the HTTP handlers with the WebSocket ones.
 */
public final class HttpChannelInitializer extends ChannelInitializer<SocketChannel> {
    public static final String CODEC = "http-codec";
    public static final String IDLE = "http-idle";
    public static final String AGGREGATOR = "http-aggregator";
    public static final String DISPATCHER = "http-dispatcher";
    private static final int MAX_INITIAL_LINE = 4096;

    private final HttpListenerSetup setup;

    public HttpChannelInitializer(HttpListenerSetup setup) {
        this.setup = setup;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        if (setup.sslContext() != null) {
            p.addLast("tls", setup.sslContext().newHandler(ch.alloc()));
        }
        p.addLast(CODEC, new HttpServerCodec(MAX_INITIAL_LINE, setup.maxHeaderBytes(), 8192));
        p.addLast(IDLE, new IdleStateHandler(0, 0, setup.connectionIdleTimeout().toMillis(), TimeUnit.MILLISECONDS));
        p.addLast(AGGREGATOR, new HttpObjectAggregator(setup.maxBodyBytes()));
        p.addLast(DISPATCHER, new HttpDispatcher(setup));
    }
}
