package io.starling.core.component;

import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.starling.core.config.C2sConfig;
import io.starling.core.session.Router;
import io.starling.core.stanza.Namespaces;
import io.starling.core.xml.XmlLimits;
import io.starling.core.xml.XmlParserFactory;
import io.starling.core.xml.XmlStreamDecoder;
import io.starling.core.xml.XmlStreamEncoder;

/**
 * Wires a component connection (XEP-0114): idle timers → XML stream encoder and decoder, with the client stream's
 * limits → {@link TcpComponentHandler}, which carries a {@link ComponentStream}. Output to a component is bounded
 * ({@value #MAX_PENDING_STANZAS} × the largest stanza size). No TLS: the component port is meant for loopback or a
 * private network.
 */
public final class ComponentInitializer extends ChannelInitializer<SocketChannel> {
    /**
     * Output waiting for a component that does not read, in stanzas of the largest size; beyond it stanzas to the
     * component are refused with {@code resource-constraint} (the router's answer to a congested component).
     */
    static final int MAX_PENDING_STANZAS = 64;
    private final ComponentRegistry registry;
    private final Router router;
    private final String servedDomain;
    private final C2sConfig limits;
    private final XmlParserFactory parsers;
    private final XmlLimits xmlLimits;

    /** @param limits the client stream's limits and timeouts, which components get as well */
    public ComponentInitializer(ComponentRegistry registry, Router router, String servedDomain, C2sConfig limits,
                                XmlParserFactory parsers) {
        this.registry = registry;
        this.router = router;
        this.servedDomain = servedDomain;
        this.limits = limits;
        this.parsers = parsers;
        this.xmlLimits = new XmlLimits(limits.maxStanzaBytes(), limits.maxDepth(), limits.maxAttributes(), false);
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        p.addLast("idle", new IdleStateHandler(limits.idleTimeout().toMillis(), limits.keepaliveInterval().toMillis(),
                0, TimeUnit.MILLISECONDS));
        p.addLast("xml-out", new XmlStreamEncoder(Namespaces.COMPONENT));
        p.addLast("xml", new XmlStreamDecoder(parsers, xmlLimits));
        p.addLast("component", new TcpComponentHandler(registry, router, servedDomain,
                limits.negotiationTimeout().toMillis(), MAX_PENDING_STANZAS * (long) limits.maxStanzaBytes()));
    }
}
