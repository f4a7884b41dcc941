package io.starling.loadtest.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * One of a BOSH link's HTTP/1.1 keep-alive connections, carrying one request at a time (XEP-0124 §11). Connects
 * on first use and again after the server closed it between requests. Confined to the link's event loop.
 */
final class BoshConnection {
    private static final int MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

    private final BoshLink link;
    private final WebChannels web;
    private final EventLoop loop;
    private final InetSocketAddress local;
    private Channel channel;
    private boolean busy;
    private long rid;

    BoshConnection(BoshLink link, WebChannels web, EventLoop loop, InetSocketAddress local) {
        this.link = link;
        this.web = web;
        this.loop = loop;
        this.local = local;
    }

    boolean busy() {
        return busy;
    }

    /** Sends {@code body} as request {@code requestRid}; the response goes to {@link BoshLink#response}. */
    void post(long requestRid, String body) {
        busy = true;
        rid = requestRid;
        FullHttpRequest request = request(body);
        if (channel != null && channel.isActive()) {
            write(request);
            return;
        }
        ChannelFuture connect = web.bootstrap(loop, local, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast("http", new HttpClientCodec())
                        .addLast("aggregator", new HttpObjectAggregator(MAX_RESPONSE_BYTES))
                        .addLast("bosh", new ResponseHandler());
            }
        }).connect(web.remote());
        channel = connect.channel();
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                request.release();
                link.fail(f.cause());
            } else if (link.done()) {
                request.release();
                connect.channel().close();
            } else {
                write(request);
            }
        });
    }

    private FullHttpRequest request(String body) {
        ByteBuf content = ByteBufUtil.writeUtf8(channel != null ? channel.alloc()
                : ByteBufAllocator.DEFAULT, body);
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, web.path(),
                content);
        request.headers().set(HttpHeaderNames.HOST, web.host())
                .set(HttpHeaderNames.CONTENT_TYPE, "text/xml; charset=utf-8")
                .set(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        return request;
    }

    private void write(FullHttpRequest request) {
        channel.writeAndFlush(request).addListener(f -> {
            if (!f.isSuccess()) {
                link.fail(f.cause());
            }
        });
    }

    void close() {
        if (channel != null) {
            channel.close();
            channel = null;
        }
        busy = false;
    }

    /** Reads the responses of one TCP connection; a new one per connection (handlers are not shared). */
    private final class ResponseHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            if (ctx.channel() != channel || !busy) {
                return;
            }
            busy = false;
            if (!HttpUtil.isKeepAlive(response)) {
                // The server closes it after this response: the next request opens a new one.
                channel = null;
                ctx.close();
            }
            if (!response.status().equals(HttpResponseStatus.OK)) {
                link.fail(new IOException("BOSH request failed: HTTP " + response.status()));
                return;
            }
            link.response(rid, response.content().toString(StandardCharsets.UTF_8));
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (ctx.channel() == channel) {
                channel = null;
                if (busy && !link.done()) {
                    link.fail(new IOException("the server closed the BOSH connection with a request outstanding"));
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
            if (ctx.channel() == channel && !link.done()) {
                link.fail(cause);
            }
        }
    }
}
