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
 * a recipient killed mid-flow without resumption finds every unacknowledged message at its next login; a message
 * the server acknowledged to its sender survives a server restart, and so do the messages a recipient had not
 * acknowledged when the server shut down.
 */
class DurabilityIT {
    private static final int FLOW = 200;
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

    private static List<Integer> numbers(XMPPTCPConnection c, CountDownLatch afterSome) {
        List<Integer> got = Collections.synchronizedList(new ArrayList<>());
        c.addSyncStanzaListener(s -> {
            got.add(Integer.parseInt(((Message) s).getBody()));
            afterSome.countDown();
        }, MessageTypeFilter.CHAT);
        return got;
    }

    private static List<Integer> snapshot(List<Integer> list) {
        synchronized (list) {
            return new ArrayList<>(list);
        }
    }

    @Test
    void recipientKilledWithoutResumption_everyMessageArrivesAtNextLogin_repeatsOnlyWhatItHadReceived()
            throws Exception {
        XMPPTCPConnection alice = SmackClients.connect(server, "alice", "desk", null);
        XMPPTCPConnection bob = SmackClients.connect(server, "bob", "phone", null);
        CountDownLatch fifty = new CountDownLatch(50);
        List<Integer> first = numbers(bob, fifty);
        Thread sender = new Thread(() -> {
            try {
                for (int i = 1; i <= FLOW; i++) {
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
        assertThat(fifty.await(10, TimeUnit.SECONDS)).isTrue();
        SmackClients.kill(bob); // the socket dies, no stream close, no resumption
        sender.join(20_000);
        alice.disconnect();

        List<Integer> firstSeen = snapshot(first);
        CountDownLatch any = new CountDownLatch(1);
        XMPPTCPConnection bobAgain = SmackClients.connectWith(server, "bob", "phone2",
                c -> numbersInto(c, any));
        try {
            Await.until("bob has every message after logging in again", () ->
                    union(firstSeen, secondSeen(bobAgain)).size() == FLOW);
            List<Integer> second = secondSeen(bobAgain);
            assertThat(union(firstSeen, second)).as("no loss").containsExactlyInAnyOrderElementsOf(
                    IntStream.rangeClosed(1, FLOW).boxed().toList());
            List<Integer> repeated = new ArrayList<>(second);
            repeated.retainAll(firstSeen);
            assertThat(new LinkedHashSet<>(second)).as("each stored message once").hasSize(second.size());
            // XEP-0198: only what the dead session had received but not acknowledged may come again.
            assertThat(firstSeen).containsAll(repeated);
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
