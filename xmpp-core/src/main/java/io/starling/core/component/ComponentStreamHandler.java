package io.starling.core.component;

import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.starling.core.config.ComponentConfig;
import io.starling.core.jid.Jid;
import io.starling.core.session.Router;
import io.starling.core.stanza.Namespaces;
import io.starling.core.stanza.Stanza;
import io.starling.core.stanza.StanzaErrorException;
import io.starling.core.stanza.StanzaErrors;
import io.starling.core.stanza.StreamErrorCondition;
import io.starling.core.stanza.StreamErrorException;
import io.starling.core.xml.StreamClose;
import io.starling.core.xml.StreamHeader;
import io.starling.core.xml.StreamOpen;
import io.starling.core.xml.XmlElement;

/**
 * One component connection (XEP-0114): stream header (§2 step 1–2), handshake (§2 step 3–4), then stanzas both ways.
 * Confined to its event loop, except {@link #deliver} and {@link #close}, which any thread may call.
 */
final class ComponentStreamHandler extends ChannelInboundHandlerAdapter implements ComponentLink {
    private static final Logger LOG = LoggerFactory.getLogger(ComponentStreamHandler.class);

    private enum State { AWAIT_HEADER, AWAIT_HANDSHAKE, ESTABLISHED, CLOSED }

    private final ComponentRegistry registry;
    private final Router router;
    private final String servedDomain;
    private final long negotiationTimeoutMillis;
    private final long maxPendingBytes;
    private State state = State.AWAIT_HEADER;
    private boolean headerSent;
    private String streamId;
    private String domain;
    private ComponentConfig config;
    private ComponentFromPolicy fromPolicy;
    private Channel channel;
    private ScheduledFuture<?> negotiationTimer;

    ComponentStreamHandler(ComponentRegistry registry, Router router, String servedDomain,
                           long negotiationTimeoutMillis, long maxPendingBytes) {
        this.maxPendingBytes = maxPendingBytes;
        this.registry = registry;
        this.router = router;
        this.servedDomain = servedDomain;
        this.negotiationTimeoutMillis = negotiationTimeoutMillis;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        negotiationTimer = ctx.executor().schedule(() -> fail(StreamErrorCondition.CONNECTION_TIMEOUT,
                "no handshake in time"), negotiationTimeoutMillis, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == State.CLOSED) {
            return;
        }
        if (msg instanceof StreamOpen open) {
            onStreamOpen(open);
        } else if (msg instanceof XmlElement element) {
            onElement(element);
        } else if (msg instanceof StreamClose) {
            close();
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    private void onStreamOpen(StreamOpen open) {
        if (state != State.AWAIT_HEADER) {
            fail(StreamErrorCondition.POLICY_VIOLATION, "the stream was already opened");
            return;
        }
        streamId = UUID.randomUUID().toString();
        if (!open.prefixCorrect() || !Namespaces.COMPONENT.equals(open.defaultNamespace())) {
            fail(StreamErrorCondition.INVALID_NAMESPACE, "expected a " + Namespaces.COMPONENT + " stream");
            return;
        }
        Jid to = open.to() == null ? null : Jid.parseOrNull(open.to());
        config = to == null || !to.isDomain() ? null : registry.config(to.domain());
        if (config == null) {
            // XEP-0114 §2: "If the server does not know the component, it MUST return a <host-unknown/> error".
            LOG.warn("component connection from {} for unknown domain {}", channel.remoteAddress(), open.to());
            fail(StreamErrorCondition.HOST_UNKNOWN, "no component is configured for this domain");
            return;
        }
        domain = to.domain();
        fromPolicy = new ComponentFromPolicy(domain, servedDomain, config.trusted());
        channel.writeAndFlush(new StreamHeader(Namespaces.COMPONENT, domain, null, streamId, null, null));
        headerSent = true;
        state = State.AWAIT_HANDSHAKE;
    }

    private void onElement(XmlElement element) {
        if (state == State.AWAIT_HANDSHAKE) {
            onHandshake(element);
        } else if (Namespaces.isStanzaNamespace(element.namespace()) && Stanza.Kind.of(element.name()) != null) {
            onStanza(element);
        } else {
            fail(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, "expected message, presence or iq");
        }
    }

    private void onHandshake(XmlElement element) {
        if (!element.is(Namespaces.COMPONENT, "handshake")) {
            fail(StreamErrorCondition.NOT_AUTHORIZED, "send <handshake/> first");
        } else if (!HandshakeDigest.matches(streamId, config.secret(), element.text())) {
            // XEP-0114 §2: a wrong handshake is answered with not-authorized and the stream is closed.
            LOG.warn("component {} from {}: wrong handshake", domain, channel.remoteAddress());
            fail(StreamErrorCondition.NOT_AUTHORIZED, null);
        } else {
            cancelTimer();
            state = State.ESTABLISHED;
            channel.writeAndFlush(XmlElement.builder(Namespaces.COMPONENT, "handshake").build());
            registry.add(domain, this);
            LOG.info("component {} connected from {}", domain, channel.remoteAddress());
        }
    }

    private void onStanza(XmlElement element) {
        Stanza stanza;
        try {
            stanza = Stanza.of(element);
        } catch (StanzaErrorException e) {
            if (!"error".equals(element.attribute("type"))) {
                channel.writeAndFlush(StanzaErrors.reply(element, e.condition(), e.getMessage()));
            }
            return;
        }
        if (!fromPolicy.allows(stanza.from())) {
            LOG.warn("component {}: stanza with a 'from' outside its domain", domain);
            fail(StreamErrorCondition.INVALID_FROM, "'from' must be an address of " + domain);
            return;
        }
        router.route(stanza);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent idle) {
            if (idle.state() == IdleState.READER_IDLE) {
                fail(StreamErrorCondition.CONNECTION_TIMEOUT, null);
            } else if (idle.state() == IdleState.WRITER_IDLE && state == State.ESTABLISHED) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {' '})); // whitespace keepalive
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimer();
        if (state == State.ESTABLISHED) {
            LOG.info("component {} disconnected", domain);
        }
        state = State.CLOSED;
        if (domain != null) {
            registry.remove(domain, this);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (c instanceof StreamErrorException e) {
            LOG.warn("component stream from {}: {}", ctx.channel().remoteAddress(), e.getMessage());
            fail(e.condition(), e.getMessage());
        } else if (c instanceof IOException) {
            LOG.debug("component connection from {} failed: {}", ctx.channel().remoteAddress(), c.toString());
            ctx.close();
        } else {
            LOG.error("unexpected failure on the component connection from {}", ctx.channel().remoteAddress(), c);
            fail(StreamErrorCondition.INTERNAL_SERVER_ERROR, null);
        }
    }

    // ---- ComponentLink ---------------------------------------------------------------------------------------------

    @Override
    public boolean deliver(Stanza stanza) {
        ChannelOutboundBuffer pending = channel.unsafe().outboundBuffer();
        if (pending != null && pending.totalPendingWriteBytes() > maxPendingBytes) {
            return false; // a component that does not read must not grow the heap without bound
        }
        channel.writeAndFlush(stanza.element());
        return true;
    }

    @Override
    public void close(StreamErrorCondition condition, String text) {
        channel.eventLoop().execute(() -> fail(condition, text));
    }

    // ---- closing ---------------------------------------------------------------------------------------------------

    /** RFC 6120 §4.9.1: the stream error, then the closing tag, then the TCP connection; a header first if none. */
    private void fail(StreamErrorCondition condition, String text) {
        if (state == State.CLOSED) {
            return;
        }
        if (!headerSent) {
            channel.write(new StreamHeader(Namespaces.COMPONENT, domain, null,
                    streamId == null ? UUID.randomUUID().toString() : streamId, null, null));
            headerSent = true;
        }
        channel.write(StanzaErrors.streamError(condition, text));
        close();
    }

    private void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        cancelTimer();
        if (domain != null) {
            registry.remove(domain, this);
        }
        if (!headerSent) {
            channel.close();
            return;
        }
        channel.writeAndFlush(StreamClose.INSTANCE).addListener(ChannelFutureListener.CLOSE);
    }

    private void cancelTimer() {
        if (negotiationTimer != null) {
            negotiationTimer.cancel(false);
            negotiationTimer = null;
        }
    }
}
