package io.starling.server.it.offline;

import static io.starling.server.testing.Mailbox.awaitStored;
import static io.starling.server.testing.Mailbox.bodies;
import static io.starling.server.testing.Mailbox.message;
import static io.starling.server.testing.Mailbox.stored;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smackx.chatstates.ChatState;
import org.jivesoftware.smackx.chatstates.packet.ChatStateExtension;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.starling.core.testing.Await;
import io.starling.server.testing.Mailbox;
import io.starling.server.testing.PresenceClient;
import io.starling.server.testing.TestServer;

/** XEP-0160 offline messages end to end, with Smack members: storage, delivery at login, types, hints, races. */
class OfflineMessagesIT {
    private static final StandardExtensionElement STORE_HINT =
            StandardExtensionElement.builder("store", "urn:xmpp:hints").build();
    private static final StandardExtensionElement NO_STORE_HINT =
            StandardExtensionElement.builder("no-store", "urn:xmpp:hints").build();
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        // Smack 4.4's fallback parser asserts on an unknown element that declares a default namespace; XEP-0334
        // hints are in smack-experimental, which the build does not have.
        ProviderManager.addExtensionProvider("store", "urn:xmpp:hints", new EmptyElementProvider());
        server = TestServer.start();
        server.addUsers("alice", "bob", "carol", "dave", "erin", "fay", "s1", "s2", "s3", "s4", "gil", "ivy");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void chatToOfflineMember_isDeliveredAtNextLogin_inOrder_withADelayStamp() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        try (Mailbox alice = Mailbox.login(server, "alice", "desk")) {
            for (int i = 1; i <= 5; i++) {
                alice.sendChat("bob@localhost", "offline " + i);
            }
            alice.send(message("bob@localhost", Message.Type.normal, "a normal one"));
            awaitStored(server, "bob", 6);
            try (Mailbox bob = Mailbox.login(server, "bob", "phone")) {
                List<Message> got = bob.next(6);
                assertThat(bodies(got)).containsExactly("offline 1", "offline 2", "offline 3", "offline 4",
                        "offline 5", "a normal one");
                for (Message m : got) {
                    assertThat(m.getFrom().toString()).isEqualTo(alice.jid());
                    DelayInformation delay = DelayInformation.from(m);
                    assertThat(delay).as("XEP-0203 delay on %s", m.getBody()).isNotNull();
                    assertThat(delay.getFrom()).isEqualTo("localhost");
                    assertThat(delay.getStamp().toInstant()).isBetween(before, Instant.now());
                }
                assertThat(got.get(0).getType()).isEqualTo(Message.Type.chat);
                assertThat(got.get(5).getType()).isEqualTo(Message.Type.normal);
                assertThat(stored(server, "bob")).isZero();
                // Live messages from now on carry no delay.
                alice.sendChat("bob@localhost", "live");
                Message live = bob.next(1).get(0);
                assertThat(live.getBody()).isEqualTo("live");
                assertThat(DelayInformation.from(live)).isNull();
            }
        }
    }

    @Test
    void severalSendersAtOnce_toOneOfflineMember_eachSendersOrderIsKept() throws Exception {
        int perSender = 40;
        List<Mailbox> senders = new ArrayList<>();
        for (String s : List.of("s1", "s2", "s3", "s4")) {
            senders.add(Mailbox.login(server, s, "burst"));
        }
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (Mailbox sender : senders) {
                threads.add(new Thread(() -> {
                    try {
                        go.await();
                        for (int i = 0; i < perSender; i++) {
                            sender.sendChat("carol@localhost", String.valueOf(i));
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            threads.forEach(Thread::start);
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
            awaitStored(server, "carol", 4 * perSender);
            try (Mailbox carol = Mailbox.login(server, "carol", "pc")) {
                Map<String, Integer> last = new HashMap<>();
                for (Message m : carol.next(4 * perSender)) {
                    String from = m.getFrom().toString();
                    int seq = Integer.parseInt(m.getBody());
                    assertThat(seq).as("from %s", from).isEqualTo(last.getOrDefault(from, -1) + 1);
                    last.put(from, seq);
                }
                assertThat(last).hasSize(4).containsValues(perSender - 1);
            }
        } finally {
            senders.forEach(Mailbox::close);
        }
    }

    @Test
    void onlyChatNormalAndHintedHeadline_areStored_theRestAnsweredAsXep0160Says() throws Exception {
        try (Mailbox alice = Mailbox.login(server, "alice", "types")) {
            alice.send(message("groupchat", "dave@localhost", Message.Type.groupchat, "groupchat"));
            alice.send(message("dave@localhost", Message.Type.error, "an error"));
            alice.send(message("dave@localhost", Message.Type.headline, "plain headline"));
            alice.send(message("dave@localhost", Message.Type.headline, "hinted headline", STORE_HINT));
            alice.send(message("no-store", "dave@localhost", Message.Type.chat, "no-store chat", NO_STORE_HINT));
            alice.send(message("dave@localhost", Message.Type.chat, null, new ChatStateExtension(ChatState.composing)));
            alice.sendChat("dave@localhost", "last");
            // groupchat and no-store chat are refused with service-unavailable; nothing else is answered.
            List<Message> errors = alice.next(2);
            assertThat(errors).allSatisfy(e -> {
                assertThat(e.getType()).isEqualTo(Message.Type.error);
                assertThat(e.getError().getCondition()).isEqualTo(StanzaError.Condition.service_unavailable);
            });
            assertThat(errors).extracting(Message::getStanzaId).containsExactly("groupchat", "no-store");
            awaitStored(server, "dave", 2);
            try (Mailbox dave = Mailbox.login(server, "dave", "pc")) {
                assertThat(bodies(dave.next(2))).containsExactly("hinted headline", "last");
                assertThat(dave.nextWithin(Duration.ofMillis(300))).isNull();
            }
            assertThat(alice.nextWithin(Duration.ofMillis(100))).isNull();
        }
    }

    @Test
    void invisibleMember_receivesMessagesLive_nothingIsStored() throws Exception {
        PresenceClient erin = PresenceClient.loginWithoutPresence(server, "erin", "hidden");
        try (Mailbox alice = Mailbox.login(server, "alice", "to-erin")) {
            erin.goInvisible(true);
            erin.sendPresence(org.jivesoftware.smack.packet.Presence.Mode.available, null, 0);
            erin.sync();
            alice.sendChat("erin@localhost", "psst");
            Message m = erin.messages().poll(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(m).isNotNull();
            assertThat(m.getBody()).isEqualTo("psst");
            assertThat(DelayInformation.from(m)).isNull();
            assertThat(stored(server, "erin")).isZero();
        } finally {
            erin.close();
        }
    }

    @Test
    void invisibleAtLogin_getsItsStoredMessagesAtInitialPresence_inOrder() throws Exception {
        try (Mailbox alice = Mailbox.login(server, "alice", "to-ivy")) {
            alice.sendChat("ivy@localhost", "kept 1");
            alice.send(message("ivy@localhost", Message.Type.normal, "kept 2"));
            alice.sendChat("ivy@localhost", "kept 3");
            awaitStored(server, "ivy", 3);
        }
        PresenceClient ivy = PresenceClient.loginWithoutPresence(server, "ivy", "hidden");
        try {
            ivy.goInvisible(true); // XEP-0186 §3.1: invisible before the initial presence
            ivy.sendPresence(Presence.Mode.available, null, 0);
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Message m = ivy.messages().poll(10, TimeUnit.SECONDS);
                assertThat(m).as("stored message %d", i + 1).isNotNull();
                assertThat(DelayInformation.from(m)).isNotNull();
                got.add(m.getBody());
            }
            assertThat(got).containsExactly("kept 1", "kept 2", "kept 3");
            assertThat(stored(server, "ivy")).isZero();
        } finally {
            ivy.close();
        }
    }

    @Test
    void negativePriorityPresence_getsNothingStored_untilANonNegativeOne() throws Exception {
        try (Mailbox alice = Mailbox.login(server, "alice", "neg")) {
            alice.sendChat("gil@localhost", "kept for a real login");
            awaitStored(server, "gil", 1);
            PresenceClient gil = PresenceClient.loginWithoutPresence(server, "gil", "bot");
            try {
                gil.sendPresence(Presence.Mode.available, "watching", -1);
                gil.sync();
                assertThat(gil.messages().poll(500, TimeUnit.MILLISECONDS)).isNull();
                assertThat(stored(server, "gil")).isOne();
                gil.sendPresence(Presence.Mode.available, "here", 0);
                Message kept = gil.messages().poll(10, TimeUnit.SECONDS);
                assertThat(kept).isNotNull();
                assertThat(kept.getBody()).isEqualTo("kept for a real login");
            } finally {
                gil.close();
            }
        }
    }

    @Test
    void disco_advertisesMsgoffline() throws Exception {
        try (Mailbox alice = Mailbox.login(server, "alice", "disco")) {
            assertThat(ServiceDiscoveryManager.getInstanceFor(alice.connection())
                    .discoverInfo(JidCreate.domainBareFrom("localhost")).containsFeature("msgoffline")).isTrue();
        }
    }

    @Test
    void messagesArrivingDuringTheLoginFlush_comeAfterTheStoredOnes() throws Exception {
        int kept = 300;
        int live = 300;
        try (Mailbox alice = Mailbox.login(server, "alice", "flush")) {
            for (int i = 0; i < kept; i++) {
                alice.sendChat("fay@localhost", String.valueOf(i));
            }
            awaitStored(server, "fay", kept);
            // Alice keeps sending while fay logs in: some of these are stored just before fay's initial presence,
            // some committed just after fay's take, some delivered live while the stored ones are still loading.
            Thread sender = new Thread(() -> {
                try {
                    for (int i = kept; i < kept + live; i++) {
                        alice.sendChat("fay@localhost", String.valueOf(i));
                        if (i % 20 == 0) {
                            Thread.sleep(1);
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            sender.start();
            try (Mailbox fay = Mailbox.login(server, "fay", "pc")) {
                List<Message> got = fay.next(kept + live);
                sender.join();
                for (int i = 0; i < got.size(); i++) {
                    assertThat(got.get(i).getBody()).as("message %d", i).isEqualTo(String.valueOf(i));
                }
                assertThat(got.subList(0, kept)).allMatch(m -> DelayInformation.from(m) != null);
                assertThat(fay.nextWithin(Duration.ofMillis(200))).isNull();
            }
            // Fay's client acknowledged everything before closing: nothing of hers goes back to storage.
            Await.never("a message of fay's stored again after her clean close", Duration.ofMillis(500),
                    () -> stored(server, "fay") > 0);
        }
    }

    /** Reads an empty extension element (a XEP-0334 hint) as a {@link StandardExtensionElement}. */
    private static final class EmptyElementProvider extends ExtensionElementProvider<StandardExtensionElement> {
        @Override
        public StandardExtensionElement parse(XmlPullParser parser, int initialDepth, XmlEnvironment environment)
                throws java.io.IOException, org.jivesoftware.smack.xml.XmlPullParserException {
            StandardExtensionElement element = StandardExtensionElement.builder(parser.getName(),
                    parser.getNamespace()).build();
            while (!(parser.next() == XmlPullParser.Event.END_ELEMENT && parser.getDepth() == initialDepth)) {
                // skip to the end of the element
            }
            return element;
        }
    }
}
