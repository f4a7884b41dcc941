package io.starling.server.it.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.starling.core.testing.Await;
import io.starling.loadtest.client.BoshTransport;
import io.starling.loadtest.client.Transport;
import io.starling.loadtest.client.WebSocketTransport;
import io.starling.server.testing.TestServer;

/**
 * The load generator's HTTP transports (BOSH, XEP-0124/0206; WebSocket, RFC 7395) against a real server: log in,
 * chat, close and abort through one link, then 200 concurrent sessions per transport, on a shared event loop
 * group as the load generator uses them.
 */
class WebTransportsIT {
    private static final int MANY = 200;
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 0);
    private static TestServer server;
    private static EventLoopGroup loops;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        server.addUsers("ann", "ben");
        List<CompletableFuture<Void>> created = new ArrayList<>();
        for (int i = 0; i < MANY; i++) {
            created.add(server.server().users().create("load" + i, TestServer.PASSWORD));
        }
        CompletableFuture.allOf(created.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        // epoll where the load generator would use it, so the transports' channel choice is exercised too
        loops = Epoll.isAvailable() ? new EpollEventLoopGroup(2) : new NioEventLoopGroup(2);
    }

    @AfterAll
    static void stop() {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        server.close();
    }

    static Stream<Arguments> transports() {
        return Stream.of(
                Arguments.of("bosh", new BoshTransport(URI.create("http://127.0.0.1:" + server.httpPort()
                        + "/http-bind"), "localhost")),
                Arguments.of("websocket", new WebSocketTransport(URI.create("ws://127.0.0.1:" + server.httpPort()
                        + "/xmpp-websocket"), "localhost")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void twoMembers_logInChatAndClose_thenAbort(String name, Transport transport) throws Exception {
        TestLogin ann = login(transport, "ann", name);
        TestLogin ben = login(transport, "ben", name);
        assertThat(ann.opened.get()).isNotEmpty();
        String annJid = ann.bound.get(10, TimeUnit.SECONDS);
        String benJid = ben.bound.get(10, TimeUnit.SECONDS);
        assertThat(annJid).isEqualTo("ann@localhost/" + name);

        ann.send("<message xmlns='jabber:client' to='" + benJid + "' type='chat'><body>hi over " + name
                + "</body></message>");
        assertThat(awaitContaining(ben, "hi over " + name)).contains("from='" + annJid + "'");

        ann.run(link -> link.close());
        assertThat(ann.closed.get(10, TimeUnit.SECONDS)).isEqualTo("clean");
        // ann's session is gone on the server: an IQ to her full JID bounces (RFC 6121 §8.5.3.2.1)
        assertThat(pingBounces(ben, annJid, "p1")).isTrue();

        ben.run(link -> link.abort());
        assertThat(ben.closed.get(10, TimeUnit.SECONDS)).isEqualTo("clean");
        // nothing more is read after an abort
        ben.send("<presence xmlns='jabber:client'/>");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void manySessions_logInAndExchangeAMessageEach_withoutErrors(String name, Transport transport) throws Exception {
        List<TestLogin> members = new ArrayList<>(MANY);
        for (int i = 0; i < MANY; i++) {
            members.add(login(transport, "load" + i, name + "-many"));
        }
        List<String> jids = new ArrayList<>(MANY);
        for (TestLogin member : members) {
            jids.add(member.bound.get(30, TimeUnit.SECONDS));
        }
        for (int i = 0; i < MANY; i++) {
            members.get(i).send("<message xmlns='jabber:client' to='" + jids.get((i + 1) % MANY)
                    + "' type='chat'><body>ring " + i + "</body></message>");
        }
        for (int i = 0; i < MANY; i++) {
            int from = (i + MANY - 1) % MANY;
            awaitContaining(members.get(i), "ring " + from + "<");
        }
        for (TestLogin member : members) {
            member.run(link -> link.close());
        }
        for (TestLogin member : members) {
            assertThat(member.closed.get(30, TimeUnit.SECONDS)).isEqualTo("clean");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secureTransports")
    void overTls_logInAndChat(String name, Transport transport) throws Exception {
        TestLogin ann = login(transport, "ann", name);
        String annJid = ann.bound.get(10, TimeUnit.SECONDS);
        ann.send("<message xmlns='jabber:client' to='" + annJid + "' type='chat'><body>to myself</body></message>");
        awaitContaining(ann, "to myself");
        ann.run(link -> link.close());
        assertThat(ann.closed.get(10, TimeUnit.SECONDS)).isEqualTo("clean");
    }

    static Stream<Arguments> secureTransports() {
        return Stream.of(
                Arguments.of("bosh-https", new BoshTransport(URI.create("https://localhost:" + server.httpsPort()
                        + "/http-bind"), "localhost")),
                Arguments.of("websocket-wss", new WebSocketTransport(URI.create("wss://localhost:"
                        + server.httpsPort() + "/xmpp-websocket"), "localhost")));
    }

    private static TestLogin login(Transport transport, String user, String resource) {
        EventLoop loop = loops.next();
        TestLogin login = new TestLogin(loop, user, TestServer.PASSWORD, resource);
        return login.start(transport.newLink(loop, LOCAL, login));
    }

    private static String awaitContaining(TestLogin member, String text) throws InterruptedException {
        String found = pollContaining(member, text, 15);
        if (found == null) {
            throw new AssertionError("no element containing '" + text + "'");
        }
        return found;
    }

    /** The first element received within {@code seconds} that contains {@code text}, or null. */
    private static String pollContaining(TestLogin member, String text, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            String next = member.received.poll(100, TimeUnit.MILLISECONDS);
            if (next != null && next.contains(text)) {
                return next;
            }
            assertThat(member.closed).as("link closed while waiting for " + text).isNotDone();
        }
        return null;
    }

    private static boolean pingBounces(TestLogin from, String to, String id) {
        Await.until("the closed session is gone", () -> {
            from.send("<iq xmlns='jabber:client' type='get' id='" + id + "' to='" + to + "'>"
                    + "<ping xmlns='urn:xmpp:ping'/></iq>");
            try {
                String answer = pollContaining(from, "id='" + id + "'", 2);
                return answer != null && answer.contains("type='error'");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        return true;
    }
}
