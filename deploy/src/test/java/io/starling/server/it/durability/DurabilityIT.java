package io.starling.server.it.durability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

import io.starling.core.testing.Await;
import io.starling.server.testing.RawXmppClient;
import io.starling.server.testing.SmackClients;
import io.starling.server.testing.TestServer;

/**
 * The durability contract of issue 4, end to end with stream management (XEP-0198) and offline storage (XEP-0160):
 * a recipient killed mid-flow without resumption finds every unacknowledged message at its next login, and nothing
 * it had acknowledged; a message the server acknowledged to its sender survives a server restart, and so do the
 * messages a recipient had not acknowledged when the server shut down. Each way a session can end is in
 * {@link LeftoversTcpIT} and {@link LeftoversWebIT}.
 */
class DurabilityIT {
    private static final int FLOW = 200;
    /** Messages bob reads and acknowledges before the rest flows. */
    private static final int ACKED = 30;
    /** What each later connection received, in order. */
    private static final Map<XMPPTCPConnection, List<Integer>> SEEN =
            Collections.synchronizedMap(new IdentityHashMap<>());
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start();
        server.addUsers("alice", "bob");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static Message chat(String body) throws Exception {
        return MessageBuilder.buildMessage().to(JidCreate.from("bob@localhost")).ofType(Message.Type.chat)
                .setBody(body).build();
    }

    private static List<Integer> numbers(XMPPTCPConnection c, CountDownLatch... afterSome) {
        List<Integer> got = Collections.synchronizedList(new ArrayList<>());
        c.addSyncStanzaListener(s -> {
            got.add(Integer.parseInt(((Message) s).getBody()));
            for (CountDownLatch latch : afterSome) {
                latch.countDown();
            }
        }, MessageTypeFilter.CHAT);
        return got;
    }

    private static List<Integer> snapshot(List<Integer> list) {
        synchronized (list) {
            return new ArrayList<>(list);
        }
    }

    /**
     * Bob reads the first {@link #ACKED} messages and acknowledges them explicitly ({@code <a h/>}), then is killed
     * in the middle of the rest. Across his two sessions every message arrives at least once; the second session
     * gets them from storage in send order; none he had acknowledged comes again; and alice hears of nothing.
     */
    @Test
    void recipientKilledWithoutResumption_everyMessageArrivesAtNextLogin_nothingAcknowledgedComesAgain()
            throws Exception {
        XMPPTCPConnection alice = SmackClients.connect(server, "alice", "desk", null);
        XMPPTCPConnection bob = SmackClients.connect(server, "bob", "phone", null);
        List<Message> aliceErrors = Collections.synchronizedList(new ArrayList<>());
        alice.addSyncStanzaListener(s -> aliceErrors.add((Message) s), MessageTypeFilter.ERROR);
        CountDownLatch acknowledged = new CountDownLatch(ACKED);
        CountDownLatch someMore = new CountDownLatch(ACKED + 20);
        List<Integer> first = numbers(bob, acknowledged, someMore);
        for (int i = 1; i <= ACKED; i++) {
            alice.sendStanza(chat(Integer.toString(i)));
        }
        assertThat(acknowledged.await(10, TimeUnit.SECONDS)).isTrue();
        // Once this answer is read, Smack has counted every stanza before it; the <a/> then covers 1..ACKED, and
        // once the second answer is back the server has processed that <a/> (it handles a stream in order).
        PingManager.getInstanceFor(bob).pingMyServer();
        bob.sendSmAcknowledgement();
        PingManager.getInstanceFor(bob).pingMyServer();

        Thread sender = new Thread(() -> {
            try {
                for (int i = ACKED + 1; i <= FLOW; i++) {
                    alice.sendStanza(chat(Integer.toString(i)));
                    if (i % 10 == 0) {
                        Thread.sleep(20);
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "durability-it-flow");
        sender.start();
        assertThat(someMore.await(10, TimeUnit.SECONDS)).isTrue();
        SmackClients.kill(bob); // the socket dies, no stream close, no resumption
        sender.join(20_000);
        Await.until("bob's session has ended", () -> server.server().sessionCount() == 1);
        Await.never("an error to the sender", Duration.ofMillis(500), () -> !aliceErrors.isEmpty());
        alice.disconnect();

        List<Integer> firstSeen = snapshot(first);
        CountDownLatch any = new CountDownLatch(1);
        XMPPTCPConnection bobAgain = SmackClients.connectWith(server, "bob", "phone2",
                c -> numbersInto(c, any));
        try {
            Await.until("bob has every message after logging in again", () ->
                    union(firstSeen, secondSeen(bobAgain)).size() == FLOW);
            Thread.sleep(300); // anything repeated beyond that would show now
            List<Integer> second = secondSeen(bobAgain);
            assertThat(union(firstSeen, second)).as("no loss").containsExactlyInAnyOrderElementsOf(
                    IntStream.rangeClosed(1, FLOW).boxed().toList());
            assertThat(second).as("stored, so delivered in send order, each once").isSorted()
                    .doesNotHaveDuplicates();
            assertThat(second).as("acknowledged by bob's <a h/>, so never repeated")
                    .allMatch(n -> n > ACKED);
            assertThat(aliceErrors).isEmpty();
        } finally {
            bobAgain.disconnect();
        }
    }

    @Test
    void acknowledgedToSender_thenServerRestarted_stillDeliveredAtLogin() throws Exception {
        XMPPTCPConnection alice = SmackClients.connect(server, "alice", "desk", null);
        AtomicInteger acked = new AtomicInteger();
        alice.addStanzaAcknowledgedListener(s -> {
            if (s instanceof Message) {
                acked.incrementAndGet();
            }
        });
        for (int i = 1; i <= 20; i++) {
            alice.sendStanza(chat(Integer.toString(i)));
        }
        alice.requestSmAcknowledgement();
        Await.until("the server acknowledged all 20 messages", () -> acked.get() == 20);
        alice.instantShutdown();

        server = server.restart();
        CountDownLatch all = new CountDownLatch(20);
        List<Integer> got = Collections.synchronizedList(new ArrayList<>());
        XMPPTCPConnection bob = SmackClients.connectWith(server, "bob", "phone", c ->
                c.addSyncStanzaListener(s -> {
                    got.add(Integer.parseInt(((Message) s).getBody()));
                    all.countDown();
                }, MessageTypeFilter.CHAT));
        try {
            assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(snapshot(got)).containsExactlyElementsOf(IntStream.rangeClosed(1, 20).boxed().toList());
        } finally {
            bob.disconnect();
        }
    }

    @Test
    void unacknowledgedByTheRecipientAtShutdown_storedBeforeStorageStops_deliveredAfterRestart() throws Exception {
        Duration wait = Duration.ofSeconds(10);
        try (RawXmppClient bob = new RawXmppClient(server.port());
             RawXmppClient alice = new RawXmppClient(server.port())) {
            bob.login("bob", TestServer.PASSWORD, "raw");
            bob.send("<enable xmlns='urn:xmpp:sm:3'/>"); // and never acknowledges anything
            bob.awaitContains("<enabled", wait);
            alice.login("alice", TestServer.PASSWORD, "desk");
            StringBuilder flow = new StringBuilder();
            for (int i = 1; i <= FLOW; i++) {
                flow.append("<message to='bob@localhost/raw' type='chat'><body>").append(i).append("</body></message>");
            }
            alice.send(flow.toString());
            bob.awaitContains("<body>" + FLOW + "</body>", wait);
            // Shutdown: bob's session ends and its FLOW unacknowledged messages are routed again, one commit after
            // another, into offline storage, which must not stop before they are in.
            server = server.restart();
        }
        CountDownLatch all = new CountDownLatch(FLOW);
        List<Integer> got = Collections.synchronizedList(new ArrayList<>());
        XMPPTCPConnection bobAgain = SmackClients.connectWith(server, "bob", "phone", c ->
                c.addSyncStanzaListener(s -> {
                    got.add(Integer.parseInt(((Message) s).getBody()));
                    all.countDown();
                }, MessageTypeFilter.CHAT));
        try {
            assertThat(all.await(10, TimeUnit.SECONDS)).as("got %s", snapshot(got).size()).isTrue();
            assertThat(snapshot(got)).containsExactlyElementsOf(IntStream.rangeClosed(1, FLOW).boxed().toList());
        } finally {
            bobAgain.disconnect();
        }
    }

    private static void numbersInto(XMPPTCPConnection c, CountDownLatch any) {
        List<Integer> got = Collections.synchronizedList(new ArrayList<>());
        SEEN.put(c, got);
        c.addSyncStanzaListener(s -> {
            got.add(Integer.parseInt(((Message) s).getBody()));
            any.countDown();
        }, MessageTypeFilter.CHAT);
    }

    private static List<Integer> secondSeen(XMPPTCPConnection c) {
        return snapshot(SEEN.get(c));
    }

    private static LinkedHashSet<Integer> union(List<Integer> a, List<Integer> b) {
        LinkedHashSet<Integer> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }
}
