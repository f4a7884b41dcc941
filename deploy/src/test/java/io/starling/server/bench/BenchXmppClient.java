package io.starling.server.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.starling.core.xml.StreamClose;
import io.starling.core.xml.StreamOpen;
import io.starling.core.xml.XmlElement;
import io.starling.core.xml.XmlLimits;
import io.starling.core.xml.XmlParserFactory;
import io.starling.core.xml.XmlStreamDecoder;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Load side of the presence benchmarks (docs/BENCHMARKS.md), not server code: raw XMPP client streams on a shared
 * Netty event loop (no thread per connection). Each stream authenticates with SCRAM-SHA-256, binds a fixed resource
 * and then hands every stanza the server sends, already decoded by the server's own {@link XmlStreamDecoder}, to a
 * {@link Listener} together with the {@link System#nanoTime()} at which it was decoded.
 *
 * <p>Unlike {@link IdleSessionsHarness} the streams stay readable after binding, since the benchmarks time what
 * arrives. Initial presence is left to the caller.
 *
 * <p>Stream management (XEP-0198, {@code urn:xmpp:sm:3}) on request: the stream sends {@code <enable/>} after binding
 * and counts as bound once {@code <enabled/>} arrives; from then on it counts the stanzas it receives and answers
 * every {@code <r/>} of the server with {@code <a h='count'/>} itself. Its own {@code <r/>} requests, and the
 * server's {@code <a/>} answers, are the caller's: SM elements reach the listener too, after this handling.
 */
final class BenchXmppClient {
    /** Called on the connection's event loop for every stanza after binding. */
    interface Listener {
        void stanza(Conn conn, XmlElement stanza, long receivedNanos);
    }

    /** One bound stream. {@link #send} may be called from any thread; Netty hops to the event loop. */
    static final class Conn {
        final int index;
        final String user;
        final String fullJid;
        final Channel channel;
        volatile Listener listener;
        /** Stream management enabled on this stream (XEP-0198). */
        final boolean sm;
        /** SM: stanzas received so far (the {@code h} this client acknowledges); event loop only. */
        long smReceived;
        /** Set by {@link #closeStream}: nothing more may follow {@code </stream:stream>}, not even an ack. */
        volatile boolean closing;

        Conn(int index, String user, String fullJid, Channel channel) {
            this(index, user, fullJid, channel, false);
        }

        Conn(int index, String user, String fullJid, Channel channel, boolean sm) {
            this.index = index;
            this.user = user;
            this.fullJid = fullJid;
            this.channel = channel;
            this.sm = sm;
        }

        void send(String xml) {
            channel.writeAndFlush(Unpooled.copiedBuffer(xml, StandardCharsets.UTF_8));
        }

        /** Closes the stream politely ({@code </stream:stream>}); the server closes the connection. */
        void closeStream() {
            closing = true;
            send("</stream:stream>");
        }
    }

    private final int port;
    private final String password;
    private final ScramSha256Client.SaltedPasswordCache cache = new ScramSha256Client.SaltedPasswordCache();
    private final XmlParserFactory parsers = new XmlParserFactory();
    private final XmlLimits limits = XmlLimits.defaults().withHibernate(false);

    BenchXmppClient(int port, String password) {
        this.port = port;
        this.password = password;
    }

    /** One client event loop thread: native epoll where available (cheaper per read than NIO), else NIO. */
    static EventLoopGroup newLoop() {
        return Epoll.isAvailable() ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
    }

    /** Opens one stream for {@code user} on {@code group} and completes once {@code resource} is bound. */
    CompletableFuture<Conn> connect(EventLoopGroup group, int index, String user, String resource, Listener listener) {
        return connect(group, index, user, resource, false, listener);
    }

    /** As above; with {@code sm}, stream management is enabled before the future completes. */
    CompletableFuture<Conn> connect(EventLoopGroup group, int index, String user, String resource, boolean sm,
                                    Listener listener) {
        CompletableFuture<Conn> bound = new CompletableFuture<>();
        Bootstrap b = new Bootstrap().group(group)
                .channel(group instanceof EpollEventLoopGroup ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("xml", new XmlStreamDecoder(parsers, limits));
                        ch.pipeline().addLast("client", new Negotiation(index, user, resource, sm, listener, bound));
                    }
                });
        b.connect("127.0.0.1", port).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                bound.completeExceptionally(f.cause());
            }
        });
        return bound;
    }

    /**
     * Connects {@code users} at up to {@code rate} logins per second with at most {@code maxInFlight} negotiating at
     * once, and returns them in order once all are bound; fails if any login fails or takes over the timeout.
     */
    List<Conn> connectAll(EventLoopGroup group, int count, IntFunction<String> userOf, String resource, int rate,
                          int maxInFlight, Listener listener) throws Exception {
        return connectAll(group, count, userOf, resource, rate, maxInFlight, false, listener);
    }

    /** As above; with {@code sm}, every stream enables stream management. */
    List<Conn> connectAll(EventLoopGroup group, int count, IntFunction<String> userOf, String resource, int rate,
                          int maxInFlight, boolean sm, Listener listener) throws Exception {
        List<CompletableFuture<Conn>> futures = new ArrayList<>(count);
        AtomicInteger inFlight = new AtomicInteger();
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(300);
        while (futures.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("logins took too long: " + futures.size() + " started");
            }
            long due = Math.min(count, (System.nanoTime() - start) * rate / 1_000_000_000L + 1);
            while (futures.size() < due && inFlight.get() < maxInFlight) {
                int i = futures.size();
                inFlight.incrementAndGet();
                futures.add(connect(group, i, userOf.apply(i), resource, sm, listener)
                        .whenComplete((c, e) -> inFlight.decrementAndGet()));
            }
            Thread.sleep(2);
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        List<Conn> out = new ArrayList<>(count);
        for (CompletableFuture<Conn> f : futures) {
            out.add(f.join());
        }
        return out;
    }

    /** RFC 6120 negotiation (SCRAM-SHA-256, no TLS, resource binding), then stanzas to the listener. */
    private final class Negotiation extends ChannelInboundHandlerAdapter {
        private enum State { FEATURES, CHALLENGE, SUCCESS, BOUND_FEATURES, BIND, ENABLE, ESTABLISHED, FAILED }
        private static final String SM_NS = "urn:xmpp:sm:3";

        private final int index;
        private final String user;
        private final String resource;
        private final boolean sm;
        private final Listener listener;
        private final CompletableFuture<Conn> bound;
        private State state = State.FEATURES;
        private ScramSha256Client scram;
        private Conn conn;

        Negotiation(int index, String user, String resource, boolean sm, Listener listener,
                    CompletableFuture<Conn> bound) {
            this.index = index;
            this.user = user;
            this.resource = resource;
            this.sm = sm;
            this.listener = listener;
            this.bound = bound;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            send(ctx, IdleSessionsHarness.HEADER);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            long now = System.nanoTime();
            if (msg instanceof StreamOpen) {
                return;
            }
            if (msg instanceof StreamClose) {
                ctx.close();
                return;
            }
            if (!(msg instanceof XmlElement e)) {
                return;
            }
            if (state == State.ESTABLISHED) {
                if (conn.sm) {
                    if (SM_NS.equals(e.namespace())) {
                        if ("r".equals(e.name()) && !conn.closing) {
                            send(ctx, "<a xmlns='" + SM_NS + "' h='" + (conn.smReceived & 0xFFFF_FFFFL) + "'/>");
                        }
                    } else {
                        conn.smReceived++; // every other top-level element here is a stanza
                    }
                }
                Listener l = conn.listener;
                if (l != null) {
                    l.stanza(conn, e, now);
                }
                return;
            }
            try {
                step(ctx, e);
            } catch (Exception ex) {
                fail(ctx, ex.toString());
            }
        }

        private void step(ChannelHandlerContext ctx, XmlElement e) throws Exception {
            switch (state) {
                case FEATURES -> {
                    expect(e, "features");
                    scram = new ScramSha256Client(user, password, cache);
                    send(ctx, "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-256'>"
                            + Base64.getEncoder().encodeToString(scram.clientFirst()) + "</auth>");
                    state = State.CHALLENGE;
                }
                case CHALLENGE -> {
                    expect(e, "challenge");
                    byte[] response = scram.clientFinal(Base64.getDecoder().decode(e.text().strip()));
                    send(ctx, "<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
                            + Base64.getEncoder().encodeToString(response) + "</response>");
                    state = State.SUCCESS;
                }
                case SUCCESS -> {
                    expect(e, "success");
                    ctx.pipeline().get(XmlStreamDecoder.class).reset();
                    send(ctx, IdleSessionsHarness.HEADER);
                    state = State.BOUND_FEATURES;
                }
                case BOUND_FEATURES -> {
                    expect(e, "features");
                    send(ctx, "<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>"
                            + resource + "</resource></bind></iq>");
                    state = State.BIND;
                }
                case BIND -> {
                    if (!"iq".equals(e.name()) || !"result".equals(e.attribute("type"))) {
                        throw new IllegalStateException("bind refused: " + e);
                    }
                    XmlElement jid = e.elements().get(0).elements().get(0);
                    conn = new Conn(index, user, jid.text().strip(), ctx.channel(), sm);
                    conn.listener = listener;
                    if (sm) {
                        send(ctx, "<enable xmlns='" + SM_NS + "'/>");
                        state = State.ENABLE;
                    } else {
                        state = State.ESTABLISHED;
                        bound.complete(conn);
                    }
                }
                case ENABLE -> {
                    if (!"enabled".equals(e.name()) || !SM_NS.equals(e.namespace())) {
                        throw new IllegalStateException("enable refused: " + e);
                    }
                    state = State.ESTABLISHED;
                    bound.complete(conn);
                }
                default -> {
                }
            }
        }

        private void expect(XmlElement e, String name) {
            if (!name.equals(e.name())) {
                throw new IllegalStateException(user + ": expected " + name + " in " + state + ", got " + e
                        + (scram == null ? "" : " " + scram.transcript()));
            }
        }

        private void send(ChannelHandlerContext ctx, String xml) {
            ctx.writeAndFlush(Unpooled.copiedBuffer(xml, StandardCharsets.UTF_8));
        }

        private void fail(ChannelHandlerContext ctx, String why) {
            if (state != State.ESTABLISHED && state != State.FAILED) {
                state = State.FAILED;
                bound.completeExceptionally(new IllegalStateException(user + ": " + why));
            }
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            fail(ctx, "closed in " + state);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(ctx, cause.toString());
        }
    }
}
