package io.starling.gateway.websocket;

import java.io.IOException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.starling.core.c2s.C2sConnection;
import io.starling.core.c2s.C2sContext;
import io.starling.core.session.Transport;
import io.starling.core.stanza.StreamErrorCondition;
import io.starling.core.stanza.StreamErrorException;
import io.starling.core.xml.XmlElement;
import io.starling.core.xml.XmlWriter;
import io.starling.gateway.http.HttpStreamTransport;

/**
 * The WebSocket end of a client stream (RFC 7395): each text message becomes one {@link C2sConnection} event,
 * and each thing the session writes one text message. Transport logic only; negotiation, stream management and
 * routing live in the shared session. One instance per connection, added once the upgrade is answered, confined
 * to its event loop (the {@link StreamTransport} writes excepted, which may come from any thread).
 */
final class WebSocketC2sHandler extends ChannelInboundHandlerAdapter implements HttpStreamTransport {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketC2sHandler.class);
    private static final long CLOSE_GRACE_SECONDS = 2;

    private final C2sContext context;
    private final TextFrameParser parser;
    private final boolean secure;
    private final String remoteAddress;
    /** Our WebSocket close frame is out (or the peer's was echoed): later closes just end the connection. */
    private final AtomicBoolean closeSent = new AtomicBoolean();
    private ChannelHandlerContext ctx;
    private C2sConnection connection;
    private ScheduledFuture<?> negotiationTimer;
    /**
     * True until the client's {@code <open/>}, and again after SASL success (RFC 7395 §3.5): the next element opens
     * a stream. Set by {@link #restartStream}, which only the connection's own session calls, on this event loop.
     */
    private boolean awaitingOpen = true;

    /**
     * @param secure        whether the upgrade request came over TLS or from an address trusted to terminate it
     * @param remoteAddress the client's address, as the upgrade request gave it
     */
    WebSocketC2sHandler(C2sContext context, TextFrameParser parser, boolean secure, String remoteAddress) {
        this.context = context;
        this.parser = parser;
        this.secure = secure;
        this.remoteAddress = remoteAddress;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext channelContext) {
        this.ctx = channelContext;
        this.connection = new C2sConnection(context, this, channelContext.channel().eventLoop(), Transport.WEBSOCKET);
        long timeout = context.config().negotiationTimeout().toMillis();
        negotiationTimer = channelContext.executor().schedule(() -> {
            negotiationTimer = null;
            connection.onNegotiationTimeout();
        }, timeout, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext channelContext, Object msg) {
        if (!(msg instanceof WebSocketFrame frame)) {
            channelContext.fireChannelRead(msg);
            return;
        }
        if (frame instanceof PingWebSocketFrame) {
            // RFC 6455 §5.5.2: answer with the same application data, which the pong now owns.
            channelContext.writeAndFlush(new PongWebSocketFrame(frame.content()));
            return;
        }
        if (frame instanceof CloseWebSocketFrame close) {
            closeReceived(channelContext, close);
            return;
        }
        try {
            if (frame instanceof TextWebSocketFrame) {
                message(frame);
            } else if (frame instanceof BinaryWebSocketFrame) {
                connection.onStreamError(new StreamErrorException(StreamErrorCondition.BAD_FORMAT,
                        "binary message; XMPP over WebSocket uses text messages (RFC 7395 §3.2)"));
            }
            // a pong answers our keepalive ping: reading it was the point (the idle timer restarted)
        } finally {
            ReferenceCountUtil.release(frame);
        }
    }

    private void message(WebSocketFrame frame) {
        XmlElement element;
        try {
            element = parser.parse(frame.content());
        } catch (StreamErrorException e) {
            connection.onStreamError(e);
            return;
        }
        if (element == null) {
            return;
        }
        if (XmppFraming.isClose(element)) {
            connection.onStreamClose();
        } else if (awaitingOpen || XmppFraming.isOpen(element)) {
            awaitingOpen = false;
            connection.onStreamOpen(XmppFraming.header(element));
        } else {
            connection.onElement(element);
        }
    }

    /** RFC 6455 §5.5.1: echo the close frame, then end the TCP connection. */
    private void closeReceived(ChannelHandlerContext channelContext, CloseWebSocketFrame close) {
        if (closeSent.compareAndSet(false, true)) {
            channelContext.writeAndFlush(close).addListener(ChannelFutureListener.CLOSE);
        } else {
            close.release();
            channelContext.close();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext channelContext, Object evt) {
        if (evt instanceof IdleStateEvent idle) {
            if (idle.state() == IdleState.READER_IDLE) {
                connection.onIdleTimeout();
            } else if (idle.state() == IdleState.WRITER_IDLE) {
                // RFC 7395 §3.4: WebSocket pings, not whitespace; the client's pong also keeps the reader timer
                // from expiring on a live but quiet client.
                channelContext.writeAndFlush(new PingWebSocketFrame());
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
        if (cause instanceof TooLongFrameException) {
            // the aggregator: a fragmented message past the stanza limit
            connection.onStreamError(new StreamErrorException(StreamErrorCondition.POLICY_VIOLATION,
                    "message larger than " + context.config().maxStanzaBytes() + " bytes"));
        } else if (cause instanceof CorruptedWebSocketFrameException e) {
            boolean tooBig = e.closeStatus() != null
                    && e.closeStatus().code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code();
            connection.onStreamError(new StreamErrorException(tooBig ? StreamErrorCondition.POLICY_VIOLATION
                    : StreamErrorCondition.BAD_FORMAT, "WebSocket framing: " + e.getMessage()));
        } else if (cause instanceof SSLException || cause instanceof IOException
                || cause.getCause() instanceof SSLException) {
            LOG.debug("WebSocket connection from {} failed: {}", remoteAddress, cause.toString());
            channelContext.close();
        } else {
            LOG.error("unexpected failure on the WebSocket connection from {}", remoteAddress, cause);
            connection.onStreamError(new StreamErrorException(StreamErrorCondition.INTERNAL_SERVER_ERROR, null));
        }
    }

    // ---- StreamTransport -----------------------------------------------------------------------------------------

    @Override
    public void openStream(String streamId, String from, String lang) {
        sendText(XmppFraming.open(streamId, from, lang));
    }

    /** One message per element, declaring its namespaces (RFC 7395 §3.3.3, and §3.6.1 for stream errors). */
    @Override
    public void send(XmlElement element) {
        sendText(XmlWriter.toXml(element));
    }

    /** RFC 7395 §3.6: {@code <close/>}; the WebSocket closes on the client's answer, or after a short grace. */
    @Override
    public void closeStream() {
        sendText(XmppFraming.close());
        ctx.executor().schedule(this::disconnect, CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
    }

    /** Sends the WebSocket close frame (once) and ends the TCP connection behind it. */
    @Override
    public void disconnect() {
        if (closeSent.compareAndSet(false, true)) {
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    /** Each message is parsed alone, so there is no parser to reset; the next element must be an {@code <open/>}. */
    @Override
    public void restartStream() {
        awaitingOpen = true;
    }

    @Override
    public boolean tlsActive() {
        return secure;
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    private void sendText(String xml) {
        ctx.writeAndFlush(new TextWebSocketFrame(ByteBufUtil.writeUtf8(ctx.alloc(), xml)));
    }
}
