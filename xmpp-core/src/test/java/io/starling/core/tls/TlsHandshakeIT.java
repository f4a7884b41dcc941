package io.starling.core.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.internal.tcnative.SSL;
import io.netty.util.ReferenceCountUtil;
import io.starling.core.testing.TrustAll;
import io.starling.core.config.TlsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Real handshakes over loopback: a Netty server with the factory's context, a JDK {@link SSLSocket} client. */
class TlsHandshakeIT {
    private static final byte ALERT = 0x15;
    private static final byte HANDSHAKE = 0x16;
    private static final int PROTOCOL_VERSION_ALERT = 70;

    @TempDir
    Path dataDir;

    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private TlsServerContext tls;

    @AfterEach
    void stop() throws Exception {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        if (tls != null) {
            tls.close();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"OPENSSL_REFCNT, TLSv1.3", "OPENSSL_REFCNT, TLSv1.2", "JDK, TLSv1.3", "JDK, TLSv1.2"})
    void supportedProtocol_isNegotiatedAndCarriesData(SslProvider provider, String protocol) throws Exception {
        InetSocketAddress address = startServer(provider);

        try (SSLSocket socket = (SSLSocket) TrustAll.sslContext().getSocketFactory()
                .createSocket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout(5_000);
            socket.setEnabledProtocols(new String[] {protocol});
            socket.startHandshake();

            assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
            assertThat(socket.getSession().getPeerCertificates()[0].getEncoded()).isEqualTo(tls.certificateDer());
            byte[] hello = "<stream:stream>".getBytes(StandardCharsets.UTF_8);
            socket.getOutputStream().write(hello);
            socket.getOutputStream().flush();
            assertThat(socket.getInputStream().readNBytes(hello.length)).isEqualTo(hello);
        }
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"JDK", "OPENSSL_REFCNT"})
    void tls11ClientHello_isRefusedWithProtocolVersionAlert(SslProvider provider) throws Exception {
        // The JDK client refuses to offer TLS 1.1 itself, so the hello is written by hand.
        InetSocketAddress address = startServer(provider);

        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(tls11ClientHello());
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7);

            assertThat(reply).hasSize(7);
            assertThat(reply[0]).as("record type").isEqualTo(ALERT).isNotEqualTo(HANDSHAKE);
            assertThat(reply[5]).as("alert level fatal").isEqualTo((byte) 2);
            assertThat(reply[6]).as("alert description").isEqualTo((byte) PROTOCOL_VERSION_ALERT);
        }
    }

    /**
     * A client that connects again resumes its session: no certificate, no signature. TLS 1.3 by ticket (RFC 8446
     * §2.2); TLS 1.2 by session id from the server's cache, or by ticket (RFC 5077) for a client that offers the
     * extension, which then works with the server's cache off.
     */
    @ParameterizedTest(name = "{0}, ticket-only {1}")
    @CsvSource({"TLSv1.3, false", "TLSv1.2, false", "TLSv1.2, true"})
    void aReconnectingBoringSslClient_resumesItsSession(String protocol, boolean ticketOnly) throws Exception {
        InetSocketAddress address = startServer(SslProvider.OPENSSL_REFCNT);
        SslContext client = SslContextBuilder.forClient().sslProvider(SslProvider.OPENSSL).protocols(protocol)
                .trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        if (ticketOnly) {
            ((OpenSslSessionContext) tls.sslContext().sessionContext()).setSessionCacheEnabled(false);
            ((OpenSslSessionContext) client.sessionContext()).setTicketKeys(); // Netty's clients do not offer them
        }

        assertThat(connectAndEcho(client, address)).as("first connection resumed").isFalse();
        assertThat(connectAndEcho(client, address)).as("second connection resumed").isTrue();
        assertThat(connectAndEcho(client, address)).as("third connection resumed").isTrue();
    }

    /**
     * Connects with a client that caches sessions by server address, sends a few bytes and waits for their echo (a
     * TLS 1.3 ticket arrives after the handshake, before the echo), then closes.
     *
     * @return whether the handshake resumed a session
     */
    private boolean connectAndEcho(SslContext client, InetSocketAddress address) throws Exception {
        CompletableFuture<Boolean> resumed = new CompletableFuture<>();
        Channel channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        SslHandler ssl = client.newHandler(ch.alloc(), address.getHostString(), address.getPort());
                        ch.pipeline().addLast(ssl, new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ReferenceCountUtil.release(msg);
                                resumed.complete(SSL.isSessionReused(
                                        ((ReferenceCountedOpenSslEngine) ssl.engine()).sslPointer()));
                            }
                        });
                    }
                })
                .connect(address).sync().channel();
        try {
            channel.writeAndFlush(Unpooled.copiedBuffer("<stream:stream>", StandardCharsets.UTF_8));
            return resumed.get(5, TimeUnit.SECONDS);
        } finally {
            channel.close().sync();
        }
    }

    private InetSocketAddress startServer(SslProvider provider) throws InterruptedException {
        tls = new TlsContextFactory(TlsConfig.defaults(), new SelfSignedCertificateStore(dataDir, "localhost"),
                provider).create();
        Channel server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(tls.sslContext().newHandler(channel.alloc()), new Echo());
                    }
                })
                .bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
        return (InetSocketAddress) server.localAddress();
    }

    private static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // refused handshakes end here; the test asserts on the wire
        }
    }

    /** A TLS 1.1 ClientHello (RFC 4346 §7.4.1.2) offering ECDHE and RSA CBC suites, P-256. */
    private static byte[] tls11ClientHello() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x03, 0x02});                         // client_version TLS 1.1
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        body.writeBytes(random);
        body.write(0);                                                     // session_id
        body.writeBytes(new byte[] {0x00, 0x08, (byte) 0xC0, 0x13, (byte) 0xC0, 0x09, 0x00, 0x2F, 0x00, 0x35});
        body.writeBytes(new byte[] {0x01, 0x00});                          // compression: null
        byte[] extensions = {
            0x00, 0x0A, 0x00, 0x04, 0x00, 0x02, 0x00, 0x17,                // supported_groups: secp256r1
            0x00, 0x0B, 0x00, 0x02, 0x01, 0x00,                            // ec_point_formats: uncompressed
            (byte) 0xFF, 0x01, 0x00, 0x01, 0x00};                          // renegotiation_info
        body.writeBytes(new byte[] {0x00, (byte) extensions.length});
        body.writeBytes(extensions);

        byte[] hello = body.toByteArray();
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.writeBytes(new byte[] {HANDSHAKE, 0x03, 0x01});
        int handshakeLength = hello.length + 4;
        record.writeBytes(new byte[] {(byte) (handshakeLength >> 8), (byte) handshakeLength});
        record.writeBytes(new byte[] {0x01, 0x00, (byte) (hello.length >> 8), (byte) hello.length});
        record.writeBytes(hello);
        return record.toByteArray();
    }
}
