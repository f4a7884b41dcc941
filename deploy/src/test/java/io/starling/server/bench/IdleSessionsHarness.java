package io.starling.server.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load side of the idle-session memory benchmark (docs/BENCHMARKS.md), not server code. Opens N client streams
 * to 127.0.0.1 on one Netty event loop (no thread per connection), each: stream header, optionally STARTTLS, SASL
 * (PLAIN under TLS, SCRAM-SHA-256 otherwise), new header, resource binding, initial presence; then leaves them
 * idle for the hold time and closes them all.
 *
 * <p>Connections start at a bounded rate with a bounded number in negotiation at once. Prints {@code READY n}
 * once all have finished negotiating (or failed), so a script can measure the server while they are idle.
 *
 * <p>Usage: {@code IdleSessionsHarness PORT N RATE_PER_S TLS(true|false) HOLD_S [PREFIX] [PASSWORD] [MAX_IN_FLIGHT]}
 */
public final class IdleSessionsHarness {
    static final String HEADER = "<?xml version='1.0'?><stream:stream to='localhost' xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>";
    private static final long NEGOTIATION_TIMEOUT_S = 300;

    private final int port;
    private final boolean tls;
    private final String prefix;
    private final String password;
    private final SslContext sslContext;
    private final ScramSha256Client.SaltedPasswordCache cache = new ScramSha256Client.SaltedPasswordCache();
    final AtomicInteger established = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();
    final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final List<Channel> channels = new java.util.concurrent.CopyOnWriteArrayList<>();

    private IdleSessionsHarness(int port, boolean tls, String prefix, String password) throws Exception {
        this.port = port;
        this.tls = tls;
        this.prefix = prefix;
        this.password = password;
        this.sslContext = tls ? SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE)
                .build() : null;
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        int rate = Integer.parseInt(args[2]);
        boolean tls = Boolean.parseBoolean(args[3]);
        int holdSeconds = Integer.parseInt(args[4]);
        String prefix = args.length > 5 ? args[5] : "u";
        String password = args.length > 6 ? args[6] : "benchpw";
        int maxInFlight = args.length > 7 ? Integer.parseInt(args[7]) : 200;
        new IdleSessionsHarness(port, tls, prefix, password).run(n, rate, holdSeconds, maxInFlight);
    }

    private void run(int n, int rate, int holdSeconds, int maxInFlight) throws Exception {
        EventLoopGroup group = new NioEventLoopGroup(1);
        try {
            Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast("client", new ClientStream());
                        }
                    });
            long start = System.nanoTime();
            long deadline = start + TimeUnit.SECONDS.toNanos(NEGOTIATION_TIMEOUT_S);
            int started = 0;
            while (started < n && System.nanoTime() < deadline) {
                long due = Math.min(n, (System.nanoTime() - start) * rate / 1_000_000_000L + 1);
                while (started < due && inFlight.get() < maxInFlight) {
                    int index = ++started;
                    inFlight.incrementAndGet();
                    // The account name is set before the connect, so the handler always sees it.
                    Channel ch = b.clone().attr(ClientStream.USER, prefix + index).connect("127.0.0.1", port)
                            .addListener((ChannelFutureListener) f -> {
                                if (!f.isSuccess()) {
                                    fail("connect " + index + ": " + f.cause());
                                }
                            }).channel();
                    channels.add(ch);
                }
                Thread.sleep(5);
            }
            while (established.get() + failed.get() < started && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            double secs = (System.nanoTime() - start) / 1e9;
            System.out.printf("READY %d established=%d failed=%d ramp=%.1fs (%.0f/s)%n", started, established.get(),
                    failed.get(), secs, established.get() / secs);
            failures.stream().limit(5).forEach(f -> System.out.println("failure: " + f));
            System.out.flush();
            long holdEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(holdSeconds);
            while (System.nanoTime() < holdEnd) {
                Thread.sleep(500);
            }
            int open = 0;
            for (Channel ch : channels) {
                if (ch.isActive()) {
                    open++;
                }
            }
            System.out.printf("HOLD-END still-open=%d of %d%n", open, channels.size());
            for (Channel ch : channels) {
                ch.close();
            }
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
    }

    void fail(String why) {
        inFlight.decrementAndGet();
        failed.incrementAndGet();
        failures.add(why);
    }

    /** One client stream's negotiation, driven by what the server sends; idle (input discarded) once done. */
    private final class ClientStream extends ChannelInboundHandlerAdapter {
        static final io.netty.util.AttributeKey<String> USER = io.netty.util.AttributeKey.valueOf("user");

        private enum State { FEATURES, PROCEED, TLS_FEATURES, CHALLENGE, SUCCESS, BOUND_FEATURES, BIND, IDLE, DONE }

        private State state = State.FEATURES;
        private final StringBuilder in = new StringBuilder();
        private ScramSha256Client scram;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            send(ctx, HEADER);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                if (state == State.IDLE || state == State.DONE) {
                    return;
                }
                in.append(buf.toString(StandardCharsets.UTF_8));
            } finally {
                buf.release();
            }
            try {
                step(ctx);
            } catch (Exception e) {
                failAndClose(ctx, e.toString());
            }
        }

        private void step(ChannelHandlerContext ctx) throws Exception {
            String user = ctx.channel().attr(USER).get();
            switch (state) {
                case FEATURES -> {
                    if (take("</stream:features>")) {
                        if (tls) {
                            send(ctx, "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
                            state = State.PROCEED;
                        } else {
                            startAuth(ctx, user);
                        }
                    }
                }
                case PROCEED -> {
                    if (take("<proceed")) {
                        SslHandler ssl = sslContext.newHandler(ctx.alloc(), "localhost", port);
                        ctx.pipeline().addFirst("tls", ssl);
                        state = State.TLS_FEATURES;
                        ssl.handshakeFuture().addListener(f -> {
                            if (f.isSuccess()) {
                                send(ctx, HEADER);
                            } else {
                                failAndClose(ctx, "tls: " + f.cause());
                            }
                        });
                    }
                }
                case TLS_FEATURES -> {
                    if (take("</stream:features>")) {
                        startAuth(ctx, user);
                    }
                }
                case CHALLENGE -> {
                    String challenge = element("challenge");
                    if (challenge != null) {
                        byte[] response = scram.clientFinal(Base64.getDecoder().decode(challenge));
                        send(ctx, "<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
                                + Base64.getEncoder().encodeToString(response) + "</response>");
                        state = State.SUCCESS;
                    } else {
                        checkFailure();
                    }
                }
                case SUCCESS -> {
                    if (take("<success")) {
                        send(ctx, HEADER);
                        state = State.BOUND_FEATURES;
                    } else {
                        checkFailure();
                    }
                }
                case BOUND_FEATURES -> {
                    if (take("</stream:features>")) {
                        send(ctx, "<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
                        state = State.BIND;
                    }
                }
                case BIND -> {
                    if (take("</iq>") || take("<jid")) {
                        send(ctx, "<presence/>");
                        state = State.IDLE;
                        in.setLength(0);
                        in.trimToSize();
                        inFlight.decrementAndGet();
                        established.incrementAndGet();
                    } else {
                        checkFailure();
                    }
                }
                default -> {
                }
            }
        }

        private void startAuth(ChannelHandlerContext ctx, String user) {
            if (tls) {
                byte[] plain = ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8);
                send(ctx, "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                        + Base64.getEncoder().encodeToString(plain) + "</auth>");
                state = State.SUCCESS;
            } else {
                scram = new ScramSha256Client(user, password, cache);
                send(ctx, "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-256'>"
                        + Base64.getEncoder().encodeToString(scram.clientFirst()) + "</auth>");
                state = State.CHALLENGE;
            }
        }

        /** True (and the buffer cleared) once the input holds {@code marker}. */
        private boolean take(String marker) {
            if (in.indexOf(marker) >= 0) {
                in.setLength(0);
                return true;
            }
            return false;
        }

        /** The text content of a complete {@code <name ...>text</name>}, consuming the buffer; else null. */
        private String element(String name) {
            int open = in.indexOf("<" + name);
            int close = in.indexOf("</" + name + ">");
            if (open < 0 || close < 0) {
                return null;
            }
            int gt = in.indexOf(">", open);
            String text = in.substring(gt + 1, close);
            in.setLength(0);
            return text;
        }

        private void checkFailure() {
            if (in.indexOf("<failure") >= 0 || in.indexOf("type='error'") >= 0 || in.indexOf("</stream:stream>") >= 0) {
                throw new IllegalStateException("server refused in " + state + ": " + in
                        + (scram == null ? "" : " " + scram.transcript()));
            }
        }

        private void send(ChannelHandlerContext ctx, String xml) {
            ctx.channel().writeAndFlush(Unpooled.copiedBuffer(xml, StandardCharsets.UTF_8));
        }

        private void failAndClose(ChannelHandlerContext ctx, String why) {
            if (state != State.DONE && state != State.IDLE) {
                state = State.DONE;
                fail(ctx.channel().attr(USER).get() + ": " + why);
            }
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (state != State.IDLE && state != State.DONE) {
                failAndClose(ctx, "closed in " + state + ": " + in);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failAndClose(ctx, cause.toString());
        }
    }
}
