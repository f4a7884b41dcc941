package io.starling.gateway.bosh;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.starling.core.xml.XmlElementParser;
import io.starling.gateway.GatewayContext;
import io.starling.gateway.http.HttpExchange;
import io.starling.gateway.http.HttpRoute;

/**
 * {@code /http-bind}: BOSH (XEP-0124, XEP-0206). Parses each POSTed {@code <body/>} on the connection's event loop
 * and hands it to its session, on the session's loop; a request without 'sid' creates a session on this loop. The
 * errors are XEP-0124 terminal conditions in an HTTP 200; only a method other than POST gets an HTTP status (405),
 * and a body over {@code gateway.maxBodyBytes} gets 413 from the aggregator before it comes here.
 */
public final class BoshRoute implements HttpRoute {
    public static final String PATH = "/http-bind";

    private final BoshSessions sessions;
    private final XmlElementParser parser;

    public BoshRoute(GatewayContext context) {
        this.sessions = new BoshSessions(context);
        // The body wraps stanzas: it may be as large as an HTTP body, one level deeper than a stanza (the module's
        // limits count that level already).
        int bodyBytes = Math.max(context.limits().maxStanzaBytes(), context.config().maxBodyBytes());
        this.parser = new XmlElementParser(context.parsers(), context.limits().withMaxStanzaBytes(bodyBytes));
    }

    /** The sessions, for prebind. */
    public BoshSessions sessions() {
        return sessions;
    }

    @Override
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request, HttpExchange exchange) {
        String xml;
        try {
            if (!HttpMethod.POST.equals(request.method())) {
                exchange.respond(notAllowed());
                return;
            }
            xml = request.content().toString(StandardCharsets.UTF_8);
        } finally {
            request.release();
        }
        BoshBody body;
        try {
            body = BoshBody.parse(parser, xml);
        } catch (BoshRequestException e) {
            terminal(exchange, e.condition());
            return;
        }
        if (body.sid() == null) {
            sessions.create(ctx.channel().eventLoop(), body, exchange);
            return;
        }
        BoshSession session = sessions.get(body.sid());
        if (session == null) {
            terminal(exchange, BoshCondition.ITEM_NOT_FOUND);
        } else if (session.executor().inEventLoop()) {
            session.receive(body, exchange);
        } else {
            session.executor().execute(() -> session.receive(body, exchange));
        }
    }

    private static void terminal(HttpExchange exchange, BoshCondition condition) {
        exchange.respond(HttpResponseStatus.OK, BoshSession.CONTENT_TYPE,
                BoshBodyWriter.terminate(condition, List.of()));
    }

    private static FullHttpResponse notAllowed() {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.METHOD_NOT_ALLOWED, Unpooled.copiedBuffer("BOSH takes POST\n", StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.ALLOW, "POST, OPTIONS");
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        return response;
    }

    /** Ends every session (server shutdown) with {@code system-shutdown}. */
    public void close() {
        sessions.closeAll();
    }
}
