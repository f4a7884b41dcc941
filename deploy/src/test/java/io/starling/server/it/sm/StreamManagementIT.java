package io.starling.server.it.sm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.filter.StanzaFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

import io.starling.core.testing.Await;
import io.starling.server.testing.RawXmppClient;
import io.starling.server.testing.SmackClients;
import io.starling.server.testing.TestServer;

/** XEP-0198 §3–§4 with real clients: enabling, acknowledgements both ways with exact counts, a clean close. */
class StreamManagementIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String SM = "xmlns='urn:xmpp:sm:3'";
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

    private static Message chat(String to, String id, String body) throws Exception {
        return MessageBuilder.buildMessage(id).to(JidCreate.from(to)).ofType(Message.Type.chat).setBody(body).build();
    }

    /** Messages in the order the connection read them (a synchronous listener: async ones may reorder). */
    private static BlockingQueue<Message> inbox(XMPPTCPConnection c, StanzaFilter type) {
        BlockingQueue<Message> q = new LinkedBlockingQueue<>();
        c.addSyncStanzaListener(s -> q.add((Message) s), type);
        return q;
    }

    @Test
    void smack_enablesWithResumption_andTheServerAcknowledgesEveryStanza() throws Exception {
        XMPPTCPConnection bob = SmackClients.connectResumable(server, "bob", "phone");
        XMPPTCPConnection alice = SmackClients.connect(server, "alice", "desk", null);
        try {
            assertThat(bob.isSmEnabled()).isTrue();
            assertThat(bob.isSmResumptionPossible()).isTrue();
            assertThat(alice.isSmEnabled()).isTrue();
            assertThat(alice.isSmResumptionPossible()).isFalse();

            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            alice.addStanzaAcknowledgedListener(s -> acknowledged.add(s.getStanzaId()));
            BlockingQueue<Message> bobIn = inbox(bob, MessageTypeFilter.CHAT);
            List<String> ids = new ArrayList<>();
            for (int i = 1; i <= 30; i++) {
                ids.add("ack-" + i);
                alice.sendStanza(chat("bob@localhost/phone", "ack-" + i, "n" + i));
            }
            for (int i = 1; i <= 30; i++) {
                Message m = bobIn.poll(10, TimeUnit.SECONDS);
                assertThat(m).as("message %d", i).isNotNull();
                assertThat(m.getBody()).isEqualTo("n" + i);
            }
            alice.requestSmAcknowledgement();
            Await.until("the server acknowledged all 30 messages", () -> acknowledged.containsAll(ids));
        } finally {
            alice.disconnect();
            bob.disconnect();
        }
    }

    @Test
    void raw_requestsAndAcknowledgements_withExactCounts_thenAnAckAboveTheSentCount() throws Exception {
        try (RawXmppClient raw = new RawXmppClient(server.port())) {
            raw.login("carol", TestServer.PASSWORD, "raw");
            raw.send("<enable " + SM + "/>");
            raw.awaitContains("<enabled " + SM + "/>", WAIT);
            raw.clearReceived();
            for (int i = 1; i <= 3; i++) {
                raw.send("<iq type='get' id='p" + i + "' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
            }
            // To a member who exists but is offline: handled only once the account lookup (JDBC) is done and the
            // message is committed to offline storage (the durability contract), so h counts it only then. The <r/>
            // is answered at once (most likely h='3'), and an unrequested h='4' follows the commit.
            raw.send("<message to='erin@localhost' id='m1' type='chat'><body>hi</body></message>");
            raw.send("<r " + SM + "/>");
            raw.awaitContains("<a " + SM + " h='4'/>", WAIT);
            raw.awaitStanza("p3", WAIT);
            // Three stanzas sent, fewer than the five that trigger a request: the server asks a second later.
            raw.awaitContains("<r " + SM + "/>", WAIT);
            raw.send("<a " + SM + " h='3'/>");
            raw.send("<a " + SM + " h='4'/>");
            raw.awaitContains("<undefined-condition xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                    + "<handled-count-too-high " + SM + " h='4' send-count='3'/></stream:error>", WAIT);
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
    }

    @Test
    void raw_enableBeforeBinding_failsWithUnexpectedRequest_thenBindingAndEnablingWork() throws Exception {
        try (RawXmppClient raw = new RawXmppClient(server.port())) {
            raw.authenticate("dave", TestServer.PASSWORD);
            assertThat(raw.featuresAfterAuth()).contains("<sm " + SM + "/>");
            raw.send("<enable " + SM + "/>");
            raw.awaitContains("<failed " + SM + "><unexpected-request "
                    + "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed>", WAIT);
            raw.send("<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
            raw.awaitStanza("b1", WAIT);
            raw.send("<enable " + SM + " resume='true' max='30'/>");
            raw.awaitContains("resume='true' max='30'/>", WAIT);
            raw.send("</stream:stream>"); // a clean close: nothing left to resume
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
    }

    @Test
    void cleanClose_afterAcknowledgingEverything_losesNothing_andNothingComesBack() throws Exception {
        XMPPTCPConnection bob = SmackClients.connectResumable(server, "bob", "tablet");
        XMPPTCPConnection alice = SmackClients.connect(server, "alice", "laptop", null);
        try {
            BlockingQueue<Message> bobIn = inbox(bob, MessageTypeFilter.CHAT);
            BlockingQueue<Message> aliceErrors = inbox(alice, MessageTypeFilter.ERROR);
            for (int i = 1; i <= 50; i++) {
                alice.sendStanza(chat("bob@localhost/tablet", "cc-" + i, "n" + i));
            }
            List<String> got = new ArrayList<>();
            for (int i = 1; i <= 50; i++) {
                Message m = bobIn.poll(10, TimeUnit.SECONDS);
                assertThat(m).as("message %d", i).isNotNull();
                got.add(m.getBody());
            }
            bob.disconnect(); // Smack acknowledges what it handled, then closes the stream
            Await.until("bob's session is gone", () -> server.server().sessionCount() == 1);
            Await.never("a message routed again after the clean close", Duration.ofSeconds(1),
                    () -> !aliceErrors.isEmpty());
            assertThat(got).doesNotHaveDuplicates().hasSize(50);
            assertThat(bobIn).isEmpty();
        } finally {
            alice.disconnect();
            if (bob.isConnected()) {
                bob.disconnect();
            }
        }
    }
}
