package io.starling.gateway.websocket;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.starling.gateway.GatewayContext;
import io.starling.gateway.http.HttpExchange;
import io.starling.gateway.http.HttpRoute;

/** {@code /xmpp-websocket}: XMPP over WebSocket (RFC 7395). */
public final class WebSocketRoute implements HttpRoute {
    public static final String PATH = "/xmpp-websocket";

    private final GatewayContext context;

    public WebSocketRoute(GatewayContext context) {
        this.context = context;
    }

    @Override
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request, HttpExchange exchange) {
        request.release();
        exchange.respond(HttpResponseStatus.NOT_IMPLEMENTED, "text/plain", "not yet");
    }
}
