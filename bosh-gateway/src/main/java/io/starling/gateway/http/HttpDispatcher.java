package io.starling.gateway.http;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * The last HTTP handler of a connection: answers CORS preflights, hands each request to the route or module
 * endpoint for its path, and answers the rest with 404, 405 or 400. One instance per connection.
 */
final class HttpDispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(HttpDispatcher.class);

    private final HttpListenerSetup setup;
    private final HttpConnectionState connection;

    HttpDispatcher(HttpListenerSetup setup) {
        super(false); // routes take ownership of the request
        this.setup = setup;
        this.connection = new HttpConnectionState(setup.maxRequestsPerConnection());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        connection.received();
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        HttpExchange exchange = new HttpExchange(ctx, connection, HttpUtil.isKeepAlive(request),
                setup.cors().allowed(origin), secure(ctx), address(ctx));
        if (!request.decoderResult().isSuccess()) {
            request.release();
            Throwable cause = request.decoderResult().cause();
            HttpResponseStatus status = cause instanceof TooLongFrameException
                    ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE : HttpResponseStatus.BAD_REQUEST;
            exchange.respond(closing(status));
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        if (HttpMethod.OPTIONS.equals(request.method()) && origin != null) {
            request.release();
            preflight(exchange, origin);
            return;
        }
        HttpRoute route = setup.routes().get(path);
        if (route != null) {
            route.handle(ctx, request, exchange);
            return;
        }
        List<EndpointAdapter> endpoints = setup.endpoints().get(path);
        if (endpoints == null) {
            request.release();
            exchange.respond(HttpResponseStatus.NOT_FOUND, "text/plain; charset=utf-8", "not found\n");
            return;
        }
        for (EndpointAdapter endpoint : endpoints) {
            if (endpoint.method().equals(request.method().name())) {
                endpoint.handle(request, exchange, path);
                return;
            }
        }
        request.release();
        exchange.respond(HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain; charset=utf-8", "method not allowed\n");
    }

    private void preflight(HttpExchange exchange, String origin) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
        if (setup.cors().allowed(origin) != null) {
            Cors.preflight(response.headers());
        }
        exchange.respond(response);
    }

    private static FullHttpResponse closing(HttpResponseStatus status) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
        HttpUtil.setKeepAlive(response, false);
        return response;
    }

    private boolean secure(ChannelHandlerContext ctx) {
        if (ctx.pipeline().get(SslHandler.class) != null) {
            return true;
        }
        SocketAddress remote = ctx.channel().remoteAddress();
        return remote instanceof InetSocketAddress inet && inet.getAddress() != null
                && setup.securePlainFrom().contains(inet.getAddress());
    }

    private static String address(ChannelHandlerContext ctx) {
        SocketAddress remote = ctx.channel().remoteAddress();
        return remote instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(remote);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            if (connection.idle()) {
                ctx.close(); // keep-alive connection unused for the idle timeout
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("HTTP connection from {} failed: {}", address(ctx), cause.toString());
        ctx.close();
    }
}
