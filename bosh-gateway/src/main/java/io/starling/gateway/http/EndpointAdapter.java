package io.starling.gateway.http;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.starling.core.spi.HttpEndpoint;

/**
 * Serves a module's {@link HttpEndpoint}: turns the Netty request into the SPI's plain record and its answer back
 * into a response. A failing endpoint gets a 500 problem document, never a hanging request.
 */
public final class EndpointAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointAdapter.class);
    private static final String PROBLEM = "application/problem+json";

    private final HttpEndpoint endpoint;

    public EndpointAdapter(HttpEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    String method() {
        return endpoint.method();
    }

    public HttpEndpoint endpoint() {
        return endpoint;
    }

    /** Takes ownership of {@code request}. */
    void handle(FullHttpRequest request, HttpExchange exchange, String path) {
        HttpEndpoint.Request plain;
        try {
            Map<String, String> headers = new HashMap<>();
            request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
            Map<String, List<String>> query = new QueryStringDecoder(request.uri()).parameters();
            plain = new HttpEndpoint.Request(request.method().name(), path, query, headers,
                    ByteBufUtil.getBytes(request.content()), exchange.remoteAddress());
        } finally {
            request.release();
        }
        try {
            endpoint.handle(plain).whenComplete((response, failure) -> {
                if (failure != null) {
                    LOG.error("endpoint {} {} failed", endpoint.method(), endpoint.path(), failure);
                    exchange.respond(internalError());
                } else {
                    exchange.respond(toNetty(response));
                }
            });
        } catch (RuntimeException e) {
            LOG.error("endpoint {} {} failed", endpoint.method(), endpoint.path(), e);
            exchange.respond(internalError());
        }
    }

    private static FullHttpResponse toNetty(HttpEndpoint.Response response) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(response.status()), Unpooled.wrappedBuffer(response.body()));
        response.headers().forEach((k, v) -> r.headers().set(k, v));
        return r;
    }

    private static FullHttpResponse internalError() {
        byte[] body = "{\"title\":\"internal error\",\"status\":500}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.INTERNAL_SERVER_ERROR, Unpooled.wrappedBuffer(body));
        r.headers().set("content-type", PROBLEM);
        return r;
    }
}
