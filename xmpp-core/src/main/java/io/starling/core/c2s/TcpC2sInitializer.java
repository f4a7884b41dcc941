package io.starling.core.c2s;

import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.starling.core.config.C2sConfig;
import io.starling.core.xml.XmlLimits;
import io.starling.core.xml.XmlParserFactory;
import io.starling.core.xml.XmlStreamDecoder;

/**
 * Wires a client connection: [TLS for the direct-TLS port] → idle timers → XML stream decoder → c2s handler.
 * STARTTLS adds the TLS handler in front later.
 */
public final class TcpC2sInitializer extends ChannelInitializer<SocketChannel> {
    private final C2sContext context;
    private final SslContext sslContext;
    private final boolean directTls;
    private final XmlLimits limits;
    private final XmlParserFactory parsers;

    /**
     * @param sslContext the server's TLS context, or null if TLS is off
     * @param directTls  XEP-0368: TLS from the first byte
     */
    public TcpC2sInitializer(C2sContext context, XmlParserFactory parsers, SslContext sslContext,
                             boolean directTls) {
        if (directTls && sslContext == null) {
            throw new IllegalArgumentException("direct TLS needs a TLS context");
        }
        this.context = context;
        this.parsers = parsers;
        this.sslContext = sslContext;
        this.directTls = directTls;
        C2sConfig c = context.config();
        this.limits = new XmlLimits(c.maxStanzaBytes(), c.maxDepth(), c.maxAttributes(), true);
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        if (directTls) {
            p.addLast("tls", sslContext.newHandler(ch.alloc()));
        }
        C2sConfig c = context.config();
        p.addLast("idle", new IdleStateHandler(c.idleTimeout().toMillis(), c.keepaliveInterval().toMillis(), 0,
                TimeUnit.MILLISECONDS));
        p.addLast("xml", new XmlStreamDecoder(parsers, limits));
        p.addLast("c2s", new TcpC2sHandler(context, sslContext, directTls));
    }
}
