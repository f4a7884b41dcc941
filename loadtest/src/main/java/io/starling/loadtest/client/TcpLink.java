package io.starling.loadtest.client;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslHandler;
import io.starling.core.xml.StreamClose;
import io.starling.core.xml.StreamOpen;
import io.starling.core.xml.XmlElement;
import io.starling.core.xml.XmlStreamDecoder;

/**
 * One TCP stream. Writes go out with {@code writeAndFlush} through a {@link FlushConsolidationHandler}, so many
 * sends in one event-loop turn cost one syscall. Not thread-safe: confined to its event loop.
 */
final class TcpLink extends ChannelInboundHandlerAdapter implements StreamLink {
    private static final long CLOSE_GRACE_SECONDS = 3;

    private final TcpTransport transport;
    private final EventLoop loop;
    private final InetSocketAddress localAddress;
    private final StreamHandler handler;
    private final String header;
    private Channel channel;
    private XmlStreamDecoder decoder;
    private boolean closedReported;
    private Throwable failure;

    TcpLink(TcpTransport transport, EventLoop loop, InetSocketAddress localAddress, StreamHandler handler) {
        this.transport = transport;
        this.loop = loop;
        this.localAddress = localAddress;
        this.handler = handler;
        // RFC 6120 §4.7: to, version='1.0'; the default namespace jabber:client.
        this.header = "<?xml version='1.0'?><stream:stream to='" + transport.domain()
                + "' version='1.0' xml:lang='en' xmlns='jabber:client'"
                + " xmlns:stream='http://etherx.jabber.org/streams'>";
    }

    @Override
    public void open() {
        if (channel == null) {
            connect();
            return;
        }
        decoder.reset(); // RFC 6120 §4.3.3: a restart begins a new document
        send(header);
    }

    private void connect() {
        ChannelFuture f = transport.bootstrap(loop).handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                if (transport.directTls()) {
                    ch.pipeline().addLast("ssl", transport.ssl().newHandler(ch.alloc(),
                            transport.server().getHostString(), transport.server().getPort()));
                }
                decoder = new XmlStreamDecoder(transport.parsers(), transport.limits());
                ch.pipeline().addLast("flush", new FlushConsolidationHandler(256, true));
                ch.pipeline().addLast("xml", decoder);
                ch.pipeline().addLast("link", TcpLink.this);
            }
        }).connect(transport.server(), localAddress);
        channel = f.channel();
        f.addListener(done -> {
            if (!done.isSuccess()) {
                report(done.cause());
            } else if (!transport.directTls()) {
                send(header);
            } else {
                channel.pipeline().get(SslHandler.class).handshakeFuture().addListener(hs -> {
                    if (hs.isSuccess()) {
                        send(header);
                    } else {
                        report(hs.cause());
                    }
                });
            }
        });
    }

    @Override
    public void send(String xml) {
        if (channel != null && channel.isActive()) {
            channel.writeAndFlush(ByteBufUtil.writeUtf8(channel.alloc(), xml), channel.voidPromise());
        }
    }

    @Override
    public boolean canStartTls() {
        return transport.startTlsAllowed();
    }

    @Override
    public void startTls(Runnable done) {
        SslHandler ssl = transport.ssl().newHandler(channel.alloc(), transport.server().getHostString(),
                transport.server().getPort());
        channel.pipeline().addFirst("ssl", ssl);
        ssl.handshakeFuture().addListener(hs -> {
            if (hs.isSuccess()) {
                done.run();
            } else {
                report(hs.cause());
            }
        });
    }

    @Override
    public void close() {
        if (channel == null || !channel.isActive()) {
            report(null);
            return;
        }
        send("</stream:stream>");
        // The server answers with its own close; if it does not, drop the connection after a grace period.
        loop.schedule(() -> {
            channel.close();
        }, CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void abort() {
        if (channel != null) {
            channel.close();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof XmlElement element) {
            handler.element(element, System.nanoTime());
        } else if (msg instanceof StreamOpen open) {
            handler.opened(open.id());
        } else if (msg instanceof StreamClose) {
            ctx.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        report(failure);
    }

    private void report(Throwable cause) {
        if (!closedReported) {
            closedReported = true;
            handler.closed(cause);
        }
    }
}
