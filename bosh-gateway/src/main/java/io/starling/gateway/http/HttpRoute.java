package io.starling.gateway.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;

/**
 * A path of the public listener served by a transport (BOSH, WebSocket). Called on the connection's event loop;
 * takes ownership of {@code request} (releases it) and answers through {@code exchange}, now or later, from any
 * thread, or takes the connection over (a WebSocket upgrade).
 */
public interface HttpRoute {
    void handle(ChannelHandlerContext ctx, FullHttpRequest request, HttpExchange exchange);
}
