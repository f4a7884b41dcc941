package io.starling.gateway.bosh;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.starling.gateway.GatewayContext;
import io.starling.gateway.http.HttpExchange;
import io.starling.gateway.http.HttpRoute;

/** {@code /http-bind}: BOSH (XEP-0124, XEP-0206). */
public final class BoshRoute implements HttpRoute {
    public static final String PATH = "/http-bind";

    private final GatewayContext context;

    public BoshRoute(GatewayContext context) {
        this.context = context;
    }

    @Override
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request, HttpExchange exchange) {
        request.release();
        exchange.respond(HttpResponseStatus.NOT_IMPLEMENTED, "text/plain", "not yet");
    }

    /** Ends every session (server shutdown). */
    public void close() {
    }
}
