package io.starling.loadtest.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.starling.core.xml.XmlElement;
import io.starling.core.xml.XmlElementParser;
import io.starling.core.xml.XmlLimits;
import io.starling.core.xml.XmlParserFactory;

/**
 * One XMPP stream over WebSocket (RFC 7395), confined to its event loop: one element per text message (§3.3.3),
 * continuation frames joined by Netty's aggregator. {@link #open()} before the handshake is done is remembered
 * and sent right after it.
 */
final class WebSocketLink implements StreamLink {
    static final String FRAMING = "urn:ietf:params:xml:ns:xmpp-framing";
    private static final String CLOSE = "<close xmlns='" + FRAMING + "'/>";
    private static final int MAX_MESSAGE_BYTES = 1024 * 1024;
    private static final XmlElementParser PARSER = new XmlElementParser(new XmlParserFactory(), XmlLimits.defaults());

    private final WebChannels web;
    private final WebSocketClientProtocolConfig handshake;
    private final String domain;
    private final EventLoop loop;
    private final InetSocketAddress local;
    private final StreamHandler handler;
    private final String open;
    private Channel channel;
    private boolean handshaken;
    /** Written before the handshake finished: sent right after it. */
    private List<String> early = new ArrayList<>(2);
    private boolean closing;
    private boolean done;
    private Throwable failure;

    WebSocketLink(WebChannels web, WebSocketClientProtocolConfig handshake, String domain, EventLoop loop,
                  InetSocketAddress local, StreamHandler handler) {
        this.web = web;
        this.handshake = handshake;
        this.domain = domain;
        this.loop = loop;
        this.local = local;
        this.handler = handler;
        this.open = "<open xmlns='" + FRAMING + "' to='" + domain.replace("'", "&apos;") + "' version='1.0'/>";
    }

    @Override
    public void open() {
        if (done || closing) {
            return;
        }
        if (channel == null) {
            connect();
        }
        send(open);
    }

    /** The handshake settings every link of one transport shares (immutable): subprotocol {@code xmpp}. */
    static WebSocketClientProtocolConfig handshake(WebChannels web) {
        return WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(web.endpoint())
                .subprotocol("xmpp")
                .version(WebSocketVersion.V13)
                .customHeaders(EmptyHttpHeaders.INSTANCE)
                .maxFramePayloadLength(MAX_MESSAGE_BYTES)
                .handleCloseFrames(true)
                .dropPongFrames(true)
                .handshakeTimeoutMillis(15_000)
                .build();
    }

    private void connect() {
        channel = web.bootstrap(loop, local, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast("http", new HttpClientCodec())
                        .addLast("aggregator", new HttpObjectAggregator(8192))
                        .addLast("websocket", new WebSocketClientProtocolHandler(handshake))
                        .addLast("frames", new WebSocketFrameAggregator(MAX_MESSAGE_BYTES))
                        .addLast("xmpp", new FrameHandler());
            }
        }).connect(web.remote()).addListener(f -> {
            if (!f.isSuccess()) {
                finish(f.cause());
            }
        }).channel();
    }

    @Override
    public void send(String xml) {
        if (done || channel == null) {
            return;
        }
        if (!handshaken) {
            early.add(xml);
            return;
        }
        channel.writeAndFlush(new TextWebSocketFrame(xml)).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }

    @Override
    public boolean canStartTls() {
        return false;
    }

    @Override
    public void startTls(Runnable done) {
        throw new UnsupportedOperationException("WebSocket has no in-band TLS; use a wss:// endpoint");
    }

    /** RFC 7395 §3.6: {@code <close/>}, then the WebSocket close frame and the TCP connection. */
    @Override
    public void close() {
        if (done || closing) {
            return;
        }
        closing = true;
        if (channel == null || !handshaken) {
            finish(null);
            return;
        }
        channel.write(new TextWebSocketFrame(CLOSE));
        channel.writeAndFlush(new CloseWebSocketFrame(1000, null)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void abort() {
        finish(null);
    }

    private void finish(Throwable cause) {
        if (done) {
            return;
        }
        done = true;
        early = null;
        if (channel != null) {
            channel.close();
        }
        handler.closed(cause);
    }

    /** Text messages in, handshake and connection events. */
    private final class FrameHandler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                handshaken = true;
                List<String> pending = early;
                early = null;
                if (pending != null) {
                    for (String xml : pending) {
                        ctx.write(new TextWebSocketFrame(xml)).addListener(
                                ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
                    }
                    ctx.flush();
                }
            } else if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                failure = new IOException("WebSocket handshake timed out");
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            if (done) {
                return;
            }
            long now = System.nanoTime();
            XmlElement element;
            try {
                element = PARSER.parse(frame.text());
            } catch (IllegalArgumentException e) {
                failure = new IOException("malformed WebSocket message: " + e.getMessage(), e);
                ctx.close();
                return;
            }
            if (element.is(FRAMING, "open")) {
                handler.opened(element.attribute("id"));
            } else if (element.is(FRAMING, "close")) {
                if (!closing) {
                    // RFC 7395 §3.6: answer the server's <close/> with ours; then the connection ends.
                    closing = true;
                    ctx.write(new TextWebSocketFrame(CLOSE));
                    ctx.writeAndFlush(new CloseWebSocketFrame(1000, null)).addListener(ChannelFutureListener.CLOSE);
                }
            } else {
                handler.element(element, now);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            // A drop with no <close/> from either side is a failure; after a <close/> it is the normal end.
            finish(failure != null || closing ? failure
                    : new IOException("the server dropped the WebSocket connection without <close/>"));
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (failure == null) {
                failure = cause;
            }
            ctx.close();
        }
    }
}
