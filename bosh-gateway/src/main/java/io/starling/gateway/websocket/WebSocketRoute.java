package io.starling.gateway.websocket;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.timeout.IdleStateHandler;
import io.starling.core.config.C2sConfig;
import io.starling.gateway.GatewayContext;
import io.starling.gateway.http.HttpChannelInitializer;
import io.starling.gateway.http.HttpExchange;
import io.starling.gateway.http.HttpRoute;

/**
 * {@code /xmpp-websocket}: XMPP over WebSocket (RFC 7395). Answers the upgrade request and turns the connection
 * into a WebSocket one: the HTTP handlers go, and in come the WebSocket codec (from the handshake), an idle timer
 * (the c2s idle timeout, and keepalive pings at the c2s keepalive interval, §3.4), a message aggregator bounded by
 * the c2s stanza size, and the {@link WebSocketC2sHandler} carrying the client stream. A request that offers no
 * {@code xmpp} subprotocol gets 400 and no upgrade (§3.2).
 */
public final class WebSocketRoute implements HttpRoute {
    public static final String PATH = "/xmpp-websocket";
    /** RFC 7395 §3.1, registered with IANA. */
    static final String SUBPROTOCOL = "xmpp";
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketRoute.class);
    private static final String TEXT = "text/plain; charset=utf-8";

    private final GatewayContext context;
    private final WebSocketServerHandshakerFactory handshakers;
    private final TextFrameParser parser;

    public WebSocketRoute(GatewayContext context) {
        this.context = context;
        int max = context.c2s().config().maxStanzaBytes();
        // A single frame past the limit fails in the decoder before its payload is buffered; protocol violations
        // come to the c2s handler as exceptions, so that the client gets a stream error before the close frame.
        WebSocketDecoderConfig decoder = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(max)
                .allowExtensions(false)
                .closeOnProtocolViolation(false)
                .build();
        // The URL only matters to the pre-RFC 6455 drafts, which the factory refuses anyway.
        this.handshakers = new WebSocketServerHandshakerFactory(PATH, SUBPROTOCOL, decoder);
        this.parser = new TextFrameParser(context.parsers(), context.limits());
    }

    @Override
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request, HttpExchange exchange) {
        try {
            if (!HttpMethod.GET.equals(request.method())) {
                exchange.respond(HttpResponseStatus.METHOD_NOT_ALLOWED, TEXT, "use a WebSocket upgrade (GET)\n");
            } else if (!request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
                exchange.respond(upgradeRequired());
            } else if (!offersXmpp(request)) {
                // RFC 7395 §3.2: without the subprotocol, the server must not upgrade.
                exchange.respond(HttpResponseStatus.BAD_REQUEST, TEXT, "the 'xmpp' subprotocol is required\n");
            } else {
                upgrade(ctx, request, exchange);
            }
        } finally {
            request.release();
        }
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request, HttpExchange exchange) {
        WebSocketServerHandshaker handshaker = handshakers.newHandshaker(request);
        if (handshaker == null) {
            FullHttpResponse response = upgradeRequired();
            response.headers().set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13");
            exchange.respond(response);
            return;
        }
        try {
            handshaker.handshake(ctx.channel(), request);
        } catch (WebSocketHandshakeException e) {
            LOG.debug("WebSocket handshake from {} refused: {}", exchange.remoteAddress(), e.getMessage());
            exchange.respond(HttpResponseStatus.BAD_REQUEST, TEXT, "bad WebSocket handshake\n");
            return;
        }
        C2sConfig c2s = context.c2s().config();
        ChannelPipeline p = ctx.pipeline();
        // The handshake replaced the codec and removed the aggregator; the keep-alive timer and dispatcher go too.
        p.remove(HttpChannelInitializer.IDLE);
        p.remove(HttpChannelInitializer.DISPATCHER);
        p.addLast("ws-idle", new IdleStateHandler(c2s.idleTimeout().toMillis(), c2s.keepaliveInterval().toMillis(),
                0, TimeUnit.MILLISECONDS));
        p.addLast("ws-aggregator", new WebSocketFrameAggregator(c2s.maxStanzaBytes()));
        p.addLast("ws-c2s", new WebSocketC2sHandler(context.c2s(), parser, exchange.secure(),
                exchange.remoteAddress()));
    }

    /** Whether one of the offered subprotocols (any number of headers, comma-separated) is {@code xmpp}. */
    private static boolean offersXmpp(FullHttpRequest request) {
        for (String header : request.headers().getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL)) {
            for (String offered : header.split(",")) {
                if (SUBPROTOCOL.equals(offered.trim())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static FullHttpResponse upgradeRequired() {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.UPGRADE_REQUIRED, Unpooled.copiedBuffer("use WebSocket\n",
                StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, TEXT);
        return response;
    }
}
