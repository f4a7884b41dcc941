package io.starling.core.component;

import java.io.IOException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.starling.core.session.Router;
import io.starling.core.stanza.Namespaces;
import io.starling.core.stanza.StreamErrorCondition;
import io.starling.core.stanza.StreamErrorException;
import io.starling.core.xml.StreamClose;
import io.starling.core.xml.StreamHeader;
import io.starling.core.xml.StreamOpen;
import io.starling.core.xml.XmlElement;

/**
 * The TCP end of a component connection: turns decoder events, idle timers and the negotiation timer into
 * {@link ComponentStream} calls, and carries its output, bounded by the bytes waiting to be written. Transport logic
 * only; the protocol lives in the stream. One instance per connection, confined to its event loop but for
 * {@link #offer}.
 */
final class TcpComponentHandler extends ChannelInboundHandlerAdapter implements ComponentTransport {
    private static final Logger LOG = LoggerFactory.getLogger(TcpComponentHandler.class);
    private static final ByteBuf SPACE = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer(1).writeByte(' ').asReadOnly());

    private final ComponentRegistry registry;
    private final Router router;
    private final String servedDomain;
    private final long negotiationTimeoutMillis;
    private final long maxPendingBytes;
    private Channel channel;
    private ComponentStream stream;
    private ScheduledFuture<?> negotiationTimer;

    /** @param maxPendingBytes output waiting for the component beyond which {@link #offer} refuses stanzas */
    TcpComponentHandler(ComponentRegistry registry, Router router, String servedDomain, long negotiationTimeoutMillis,
                        long maxPendingBytes) {
        this.registry = registry;
        this.router = router;
        this.servedDomain = servedDomain;
        this.negotiationTimeoutMillis = negotiationTimeoutMillis;
        this.maxPendingBytes = maxPendingBytes;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        stream = new ComponentStream(registry, router, servedDomain, this, channel.eventLoop());
        negotiationTimer = ctx.executor().schedule(() -> {
            negotiationTimer = null;
            stream.onNegotiationTimeout();
        }, negotiationTimeoutMillis, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof XmlElement element) {
            stream.onElement(element);
        } else if (msg instanceof StreamOpen open) {
            stream.onStreamOpen(open);
        } else if (msg instanceof StreamClose) {
            stream.onStreamClose();
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent idle) {
            if (idle.state() == IdleState.READER_IDLE) {
                stream.onIdleTimeout();
            } else if (idle.state() == IdleState.WRITER_IDLE && stream.established()) {
                ctx.writeAndFlush(SPACE.duplicate()); // RFC 6120 §4.6.1 whitespace keepalive
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (negotiationTimer != null) {
            negotiationTimer.cancel(false);
            negotiationTimer = null;
        }
        stream.onDisconnected();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (c instanceof StreamErrorException e) {
            stream.onStreamError(e);
        } else if (c instanceof IOException) {
            LOG.debug("component connection from {} failed: {}", remoteAddress(), c.toString());
            ctx.close();
        } else {
            LOG.error("unexpected failure on the component connection from {}", remoteAddress(), c);
            stream.onStreamError(new StreamErrorException(StreamErrorCondition.INTERNAL_SERVER_ERROR, null));
        }
    }

    // ---- ComponentTransport ----------------------------------------------------------------------------------------

    @Override
    public void openStream(String streamId, String from) {
        channel.writeAndFlush(new StreamHeader(Namespaces.COMPONENT, from, null, streamId, null, null));
    }

    @Override
    public void send(XmlElement element) {
        channel.writeAndFlush(element);
    }

    @Override
    public boolean offer(XmlElement stanza) {
        ChannelOutboundBuffer pending = channel.unsafe().outboundBuffer();
        if (pending != null && pending.totalPendingWriteBytes() > maxPendingBytes) {
            return false; // a component that does not read must not grow the heap without bound
        }
        channel.writeAndFlush(stanza);
        return true;
    }

    @Override
    public void closeStream() {
        channel.writeAndFlush(StreamClose.INSTANCE).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void disconnect() {
        channel.close();
    }

    @Override
    public String remoteAddress() {
        return String.valueOf(channel.remoteAddress());
    }
}
