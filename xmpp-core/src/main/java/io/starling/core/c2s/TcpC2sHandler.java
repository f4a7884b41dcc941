package io.starling.core.c2s;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.starling.core.session.Transport;
import io.starling.core.stanza.Namespaces;
import io.starling.core.stanza.StreamErrorCondition;
import io.starling.core.stanza.StreamErrorException;
import io.starling.core.xml.StreamClose;
import io.starling.core.xml.StreamHeader;
import io.starling.core.xml.StreamOpen;
import io.starling.core.xml.XmlElement;
import io.starling.core.xml.XmlStreamDecoder;
import io.starling.core.xml.XmlWriter;

/**
 * The TCP end of a client stream: turns decoder events into {@link C2sConnection} calls and the session's output
 * into bytes. Transport logic only; the protocol lives in the connection. One instance per connection, confined to
 * its event loop.
 */
final class TcpC2sHandler extends ChannelInboundHandlerAdapter implements StreamTransport {
    private static final Logger LOG = LoggerFactory.getLogger(TcpC2sHandler.class);
    private static final ByteBuf SPACE = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer(1).writeByte(' ').asReadOnly());
    private static final long CLOSE_GRACE_SECONDS = 2;

    private final C2sContext context;
    private final SslContext sslContext;
    private boolean tls;
    private ChannelHandlerContext ctx;
    private C2sConnection connection;
    private ScheduledFuture<?> negotiationTimer;

    TcpC2sHandler(C2sContext context, SslContext sslContext, boolean directTls) {
        this.context = context;
        this.sslContext = sslContext;
        this.tls = directTls;
    }

    @Override
    public void channelActive(ChannelHandlerContext channelContext) {
        this.ctx = channelContext;
        this.connection = new C2sConnection(context, this, channelContext.channel().eventLoop(), Transport.TCP);
        long timeout = context.config().negotiationTimeout().toMillis();
        negotiationTimer = channelContext.executor().schedule(() -> {
            negotiationTimer = null; // idle sessions should not keep a spent timer
            connection.onNegotiationTimeout();
        }, timeout, TimeUnit.MILLISECONDS);
        channelContext.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext channelContext, Object msg) {
        if (msg instanceof XmlElement element) {
            connection.onElement(element);
        } else if (msg instanceof StreamOpen open) {
            connection.onStreamOpen(header(open));
        } else if (msg instanceof StreamClose) {
            connection.onStreamClose();
        } else {
            channelContext.fireChannelRead(msg);
        }
    }

    private static InboundStreamHeader header(StreamOpen open) {
        return new InboundStreamHeader(open.namespace(), open.localName(), open.defaultNamespace(),
                "stream".equals(open.prefix()), open.to(), open.from(), open.version(), open.lang());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext channelContext, Object evt) {
        if (evt instanceof IdleStateEvent idle) {
            if (idle.state() == IdleState.READER_IDLE) {
                connection.onIdleTimeout();
            } else if (idle.state() == IdleState.WRITER_IDLE && connection.established()) {
                channelContext.writeAndFlush(SPACE.duplicate()); // RFC 6120 §4.6.1 whitespace keepalive
            }
            return;
        }
        channelContext.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext channelContext) {
        if (negotiationTimer != null) {
            negotiationTimer.cancel(false);
        }
        connection.onDisconnected();
        channelContext.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext channelContext, Throwable cause) {
        Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (c instanceof StreamErrorException e) {
            connection.onStreamError(e);
        } else if (c instanceof SSLException || c instanceof IOException) {
            LOG.debug("connection from {} failed: {}", remoteAddress(), c.toString());
            channelContext.close();
        } else {
            LOG.error("unexpected failure on the connection from {}", remoteAddress(), c);
            connection.onStreamError(new StreamErrorException(StreamErrorCondition.INTERNAL_SERVER_ERROR, null));
        }
    }

    // ---- StreamTransport -----------------------------------------------------------------------------------------

    @Override
    public void openStream(String streamId, String from, String lang) {
        ByteBuf buf = ctx.alloc().buffer(256);
        XmlWriter.streamHeader(new StreamHeader(Namespaces.CLIENT, from, null, streamId, "1.0", lang), buf);
        ctx.writeAndFlush(buf);
    }

    @Override
    public void send(XmlElement element) {
        ByteBuf buf = ctx.alloc().buffer();
        try {
            XmlWriter.write(element, Namespaces.CLIENT, buf);
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
        ctx.writeAndFlush(buf);
    }

    @Override
    public void closeStream() {
        ByteBuf buf = ctx.alloc().buffer(16);
        XmlWriter.streamClose(buf);
        ctx.writeAndFlush(buf);
        // RFC 6120 §4.4: wait a little for the peer's closing tag, then end the TCP connection anyway.
        ctx.executor().schedule(() -> {
            ctx.close();
        }, CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void disconnect() {
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void restartStream() {
        ctx.pipeline().get(XmlStreamDecoder.class).reset();
    }

    @Override
    public boolean tlsActive() {
        return tls;
    }

    @Override
    public boolean canStartTls() {
        return !tls && sslContext != null;
    }

    @Override
    public void startTls(XmlElement proceed) {
        // The handler goes in before <proceed/> is written; startTls=true lets that one write pass in clear.
        SslHandler sslHandler = new SslHandler(sslContext.newEngine(ctx.alloc()), true);
        ctx.pipeline().addFirst("tls", sslHandler);
        tls = true;
        send(proceed);
        restartStream();
    }

    @Override
    public String remoteAddress() {
        SocketAddress address = ctx == null ? null : ctx.channel().remoteAddress();
        return address instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(address);
    }
}
