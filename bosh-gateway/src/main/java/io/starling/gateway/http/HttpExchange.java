package io.starling.gateway.http;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * One request waiting for its response: where to write it and how (keep-alive, CORS). Small, because BOSH holds
 * thousands of them. {@link #respond} may be called from any thread, once; later calls are ignored.
 */
public final class HttpExchange {
    private final ChannelHandlerContext ctx;
    private final HttpConnectionState connection;
    private final boolean keepAlive;
    /** The request's Origin when it is allowed (echoed in Access-Control-Allow-Origin), else null. */
    private final String allowedOrigin;
    private final boolean secure;
    private final String remoteAddress;
    private final AtomicBoolean answered = new AtomicBoolean();

    HttpExchange(ChannelHandlerContext ctx, HttpConnectionState connection, boolean keepAlive, String allowedOrigin,
                 boolean secure, String remoteAddress) {
        this.ctx = ctx;
        this.connection = connection;
        this.keepAlive = keepAlive;
        this.allowedOrigin = allowedOrigin;
        this.secure = secure;
        this.remoteAddress = remoteAddress;
    }

    /** Whether the request came over TLS, or over plain HTTP from an address trusted to have terminated TLS. */
    public boolean secure() {
        return secure;
    }

    public String remoteAddress() {
        return remoteAddress;
    }

    /** Whether the connection the request came on is still open (a held request's client may have gone). */
    public boolean open() {
        return ctx.channel().isActive();
    }

    public boolean answered() {
        return answered.get();
    }

    /** Sends {@code body} with the given status and content type. */
    public void respond(HttpResponseStatus status, String contentType, byte[] body) {
        respond(status, contentType, Unpooled.wrappedBuffer(body));
    }

    public void respond(HttpResponseStatus status, String contentType, String body) {
        respond(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends the response, taking ownership of {@code body}. */
    public void respond(HttpResponseStatus status, String contentType, ByteBuf body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        if (contentType != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        respond(response);
    }

    /** Sends a ready response, adding Content-Length, keep-alive and CORS headers. */
    public void respond(FullHttpResponse response) {
        if (!answered.compareAndSet(false, true)) {
            response.release();
            return;
        }
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        if (allowedOrigin != null) {
            Cors.decorate(response.headers(), allowedOrigin);
        }
        boolean last = !keepAlive || connection.lastRequest();
        if (last) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        connection.responded();
        if (last) {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(response);
        }
    }
}
