package io.starling.server.it.sm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.impl.JidCreate;

import io.starling.core.testing.Await;
import io.starling.server.testing.Contacts;
import io.starling.server.testing.RawXmppClient;
import io.starling.server.testing.SmackClients;
import io.starling.server.testing.TestServer;

/**
 * XEP-0198 §5 with real clients: a recipient killed in the middle of a flow resumes and misses nothing; without
 * resumption its unacknowledged messages go to its other resource; an expired session ends and contacts see it;
 * wrong resumption ids are refused and the client binds instead.
 */
class StreamResumptionIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String SM = "xmlns='urn:xmpp:sm:3'";
    private static final int FLOW = 200;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        server.addUsers("alice", "bob", "carol", "dave", "erin");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Message chat(String to, String body) throws Exception {
        return MessageBuilder.buildMessage().to(JidCreate.from(to)).ofType(Message.Type.chat).setBody(body).build();
    }

    /** Bodies of chat messages as they arrive, in order. */
    private static List<Integer> numbers(XMPPTCPConnection c, CountDownLatch afterSome) {
        List<Integer> got = java.util.Collections.synchronizedList(new ArrayList<>());
        c.addSyncStanzaListener(s -> {
            got.add(Integer.parseInt(((Message) s).getBody()));
            afterSome.countDown();
        }, MessageTypeFilter.CHAT);
        return got;
    }

    /** Sends 1..FLOW to {@code to} from a thread of its own, a little apart, so the flow is live during a kill. */
    private static Thread flow(XMPPTCPConnection sender, String to) {
        Thread t = new Thread(() -> {
            try {
                for (int i = 1; i <= FLOW; i++) {
                    sender.sendStanza(chat(to, Integer.toString(i)));
                    if (i % 10 == 0) {
                        Thread.sleep(20);
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "sm-it-flow");
        t.start();
        return t;
    }

    private static CountDownLatch closedOnError(XMPPTCPConnection c) {
        CountDownLatch latch = new CountDownLatch(1);
        c.addConnectionListener(new ConnectionListener() {
            @Override
            public void connectionClosedOnError(Exception e) {
                latch.countDown();
            }
        });
        return latch;
    }

    private static List<Integer> oneToFlow() {
        return IntStream.rangeClosed(1, FLOW).boxed().toList();
    }

    @Test
    void recipientKilledMidFlow_resumes_everyMessageArrivesInOrder_repeatsOnlyAtTheResumePoint() throws Exception {
        XMPPTCPConnection bob = SmackClients.connectResumable(server, "bob", "phone");
        XMPPTCPConnection alice = SmackClients.connect(server, "alice", "desk", null);
        try {
            CountDownLatch fifty = new CountDownLatch(50);
            List<Integer> got = numbers(bob, fifty);
            CountDownLatch broken = closedOnError(bob);
            Thread sender = flow(alice, "bob@localhost/phone");
            assertThat(fifty.await(10, TimeUnit.SECONDS)).isTrue();
            SmackClients.kill(bob);
            assertThat(broken.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(bob.isDisconnectedButSmResumptionPossible()).isTrue();
            Thread.sleep(200); // messages keep coming while bob is away
            assertThat(snapshot(got).size()).as("messages still to come when the connection died")
                    .isLessThan(FLOW);
            bob.connect();
            bob.login();
            assertThat(bob.streamWasResumed()).isTrue();
            sender.join(10_000);
            Await.until("bob has every message", () -> new LinkedHashSet<>(snapshot(got)).size() == FLOW);

            List<Integer> all = snapshot(got);
            assertThat(new ArrayList<>(new LinkedHashSet<>(all))).as("no loss, in order").isEqualTo(oneToFlow());
            // XEP-0198: only what bob had not acknowledged when the connection died may come twice, so the
            // sequence is 1..k then j..FLOW with j <= k + 1.
            int restart = 1;
            while (restart < all.size() && all.get(restart) == all.get(restart - 1) + 1) {
                restart++;
            }
            if (restart < all.size()) {
                assertThat(all.subList(restart, all.size())).as("after the resume point")
                        .isEqualTo(IntStream.rangeClosed(all.get(restart), FLOW).boxed().toList());
                assertThat(all.get(restart)).isLessThanOrEqualTo(all.get(restart - 1));
            }
        } finally {
            alice.disconnect();
            bob.disconnect();
        }
    }

    @Test
    void recipientKilledWithoutResumption_itsUnacknowledgedMessagesReachItsOtherResource() throws Exception {
        XMPPTCPConnection phone = SmackClients.connect(server, "carol", "phone", null);
        XMPPTCPConnection desk = SmackClients.connect(server, "carol", "desk", null);
        XMPPTCPConnection alice = SmackClients.connect(server, "alice", "sender", null);
        try {
            CountDownLatch fifty = new CountDownLatch(50);
            List<Integer> onPhone = numbers(phone, fifty);
            List<Integer> onDesk = numbers(desk, new CountDownLatch(0));
            Thread sender = flow(alice, "carol@localhost/phone");
            assertThat(fifty.await(10, TimeUnit.SECONDS)).isTrue();
            SmackClients.kill(phone);
            sender.join(10_000);
            Await.until("every message reached carol", () -> {
                LinkedHashSet<Integer> union = new LinkedHashSet<>(snapshot(onPhone));
                union.addAll(snapshot(onDesk));
                return union.size() == FLOW;
            });
            assertThat(snapshot(onDesk)).as("the rest went to the other resource").isNotEmpty()
                    .doesNotHaveDuplicates();
        } finally {
            alice.disconnect();
            desk.disconnect();
        }
    }

    @Test
    void resumptionExpires_sessionEnds_contactSeesUnavailable_andItsQueuedMessageWaitsOffline() throws Exception {
        TestServer quick = TestServer.startWithStreamManagement(Duration.ofSeconds(2), 10_000, 5);
        try {
            quick.addUsers("alice", "bob");
            XMPPTCPConnection bob = SmackClients.connectResumable(quick, "bob", "phone");
            XMPPTCPConnection alice = SmackClients.connect(quick, "alice", "desk", null);
            Contacts.makeMutual(alice, bob);
            Roster aliceRoster = Roster.getInstanceFor(alice);
            BareJid bobJid = JidCreate.bareFrom("bob@localhost");
            Await.until("alice sees bob", () -> aliceRoster.getPresence(bobJid).isAvailable());
            BlockingQueue<Message> errors = new LinkedBlockingQueue<>();
            alice.addAsyncStanzaListener(s -> errors.add((Message) s), MessageTypeFilter.ERROR);
            CountDownLatch broken = closedOnError(bob);

            SmackClients.kill(bob);
            assertThat(broken.await(10, TimeUnit.SECONDS)).isTrue();
            Message queued = chat("bob@localhost/phone", "while you were away");
            alice.sendStanza(queued);
            Await.never("bob unavailable before the resume timeout", Duration.ofMillis(800),
                    () -> !aliceRoster.getPresence(bobJid).isAvailable());
            Await.until("alice sees bob unavailable once resumption expired", () ->
                    !aliceRoster.getPresence(bobJid).isAvailable());
            // Routed again when the session ended: kept in offline storage, no error to the sender, and delivered
            // at bob's next login.
            assertThat(errors.poll(300, TimeUnit.MILLISECONDS)).isNull();
            BlockingQueue<Message> bobLater = new LinkedBlockingQueue<>();
            XMPPTCPConnection bobAgain = SmackClients.connectWith(quick, "bob", "laptop",
                    c -> c.addAsyncStanzaListener(m -> bobLater.add((Message) m), MessageTypeFilter.CHAT));
            Message kept = bobLater.poll(10, TimeUnit.SECONDS);
            assertThat(kept).isNotNull();
            assertThat(kept.getBody()).isEqualTo("while you were away");
            bobAgain.disconnect();
            Await.until("bob's second session gone", () -> quick.server().sessionCount() == 1);
            assertThat(quick.server().sessionCount()).isOne();
            alice.disconnect();
        } finally {
            quick.close();
        }
    }

    @Test
    void raw_unknownId_failedItemNotFound_thenBindingWorks() throws Exception {
        try (RawXmppClient raw = new RawXmppClient(server.port())) {
            raw.authenticate("dave", TestServer.PASSWORD);
            raw.send("<resume " + SM + " previd='no-such-session' h='0'/>");
            raw.awaitContains("<failed " + SM + "><item-not-found "
                    + "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed>", WAIT);
            raw.send("<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
            assertThat(raw.awaitStanza("b1", WAIT)).contains("type='result'");
        }
    }

    @Test
    void raw_anotherMembersId_failedItemNotFound_andTheirSessionIsUntouched() throws Exception {
        try (RawXmppClient erin = new RawXmppClient(server.port());
             RawXmppClient dave = new RawXmppClient(server.port())) {
            erin.login("erin", TestServer.PASSWORD, "phone");
            erin.send("<enable " + SM + " resume='true'/>");
            Matcher id = Pattern.compile("<enabled " + SM + " id='([^']+)'")
                    .matcher(erin.awaitContains("/>", WAIT));
            assertThat(id.find()).isTrue();
            dave.authenticate("dave", TestServer.PASSWORD);
            dave.send("<resume " + SM + " previd='" + id.group(1) + "' h='0'/>");
            dave.awaitContains("<item-not-found", WAIT);
            erin.clearReceived();
            erin.send("<iq type='get' id='p1' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
            assertThat(erin.awaitStanza("p1", WAIT)).contains("type='result'");
            erin.send("</stream:stream>"); // a clean close: nothing left to resume
            assertThat(erin.awaitClosed(WAIT)).isTrue();
        }
    }

    private static List<Integer> snapshot(List<Integer> list) {
        synchronized (list) {
            return new ArrayList<>(list);
        }
    }
}
