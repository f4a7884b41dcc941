package io.starling.server.it;

import static io.starling.server.testing.RawXmppClient.HEADER;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import javax.net.ssl.SSLSocket;

import io.starling.core.testing.TrustAll;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.starling.server.testing.RawXmppClient;
import io.starling.server.testing.SmackClients;
import io.starling.server.testing.TestServer;

/** Opening and closing streams: the closing handshake, dropped connections, direct TLS, shutdown. */
class StreamLifecycleIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        server.addUsers("alice", "bob");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void clientClosesStream_serverAnswersWithItsCloseAndUnbinds() throws Exception {
        try (RawXmppClient raw = new RawXmppClient(server.port())) {
            raw.login("alice", TestServer.PASSWORD, "closing");
            awaitSessions(1);
            raw.send("</stream:stream>");
            raw.awaitContains("</stream:stream>", WAIT);
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
        awaitSessions(0);
    }

    @Test
    void droppedConnection_unbindsTheSession() throws Exception {
        RawXmppClient raw = new RawXmppClient(server.port());
        raw.login("bob", TestServer.PASSWORD, "dropped");
        awaitSessions(1);
        raw.close(); // no stream close: the TCP connection just goes away
        awaitSessions(0);
    }

    @Test
    void featuresBeforeTls_offerRequiredStartTlsAndNoMechanisms() throws Exception {
        try (RawXmppClient raw = new RawXmppClient(server.port())) {
            raw.send(HEADER);
            String features = raw.awaitContains("</stream:features>", WAIT);
            assertThat(features).contains("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>");
            assertThat(features).doesNotContain("<mechanisms");
        }
    }

    @Test
    void saslBeforeStartTls_isEncryptionRequired() throws Exception {
        try (RawXmppClient raw = new RawXmppClient(server.port())) {
            raw.send(HEADER);
            raw.awaitContains("</stream:features>", WAIT);
            raw.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGFsaWNlAHg=</auth>");
            raw.awaitContains("<encryption-required/>", WAIT);
        }
    }

    @Test
    void directTls_offersMechanismsWithoutStartTls() throws Exception {
        try (Socket plain = new Socket("127.0.0.1", server.server().directTlsPort());
             SSLSocket tls = (SSLSocket) TrustAll.sslContext().getSocketFactory()
                     .createSocket(plain, "localhost", plain.getPort(), true)) {
            tls.startHandshake();
            tls.setSoTimeout(10_000);
            OutputStream out = tls.getOutputStream();
            out.write(HEADER.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = tls.getInputStream();
            StringBuilder got = new StringBuilder();
            byte[] buf = new byte[4096];
            while (!got.toString().contains("</stream:features>")) {
                int n = in.read(buf);
                assertThat(n).as("server answered before closing").isPositive();
                got.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
            assertThat(got.toString()).contains("<mechanism>PLAIN</mechanism>")
                    .contains("<mechanism>SCRAM-SHA-256</mechanism>")
                    .doesNotContain("starttls");
        }
    }

    @Test
    void serverShutdown_sendsSystemShutdownToEverySession() throws Exception {
        TestServer other = TestServer.start();
        other.addUsers("carol");
        try (RawXmppClient raw = new RawXmppClient(other.port())) {
            raw.login("carol", TestServer.PASSWORD, "bye");
            other.close();
            raw.awaitContains("<system-shutdown", WAIT);
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
    }

    private static void awaitSessions(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (server.server().sessionCount() != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(server.server().sessionCount()).isEqualTo(expected);
    }
}
