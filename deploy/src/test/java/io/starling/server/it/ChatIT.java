package io.starling.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.PresenceBuilder;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

import io.starling.server.testing.SmackClients;
import io.starling.server.testing.TestServer;

/** Members chat through the router: both ways, bare vs full JIDs, priorities, conflicts, server IQs. */
class ChatIT {
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        server.addUsers("alice", "bob", "carol", "dave");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static BlockingQueue<Message> inbox(XMPPTCPConnection c) {
        BlockingQueue<Message> q = new LinkedBlockingQueue<>();
        c.addAsyncStanzaListener(s -> q.add((Message) s), MessageTypeFilter.NORMAL_OR_CHAT_OR_HEADLINE);
        return q;
    }

    private static Message chat(String to, String body) throws Exception {
        return MessageBuilder.buildMessage().to(JidCreate.from(to)).ofType(Message.Type.chat).setBody(body).build();
    }

    @Test
    void twoMembers_chatBothWays() throws Exception {
        XMPPTCPConnection alice = SmackClients.connect(server, "alice", "desk", "SCRAM-SHA-256");
        XMPPTCPConnection bob = SmackClients.connect(server, "bob", "phone", "SCRAM-SHA-1");
        try {
            BlockingQueue<Message> aliceIn = inbox(alice);
            BlockingQueue<Message> bobIn = inbox(bob);
            alice.sendStanza(chat("bob@localhost", "hello bob"));
            Message m1 = bobIn.poll(10, TimeUnit.SECONDS);
            assertThat(m1).isNotNull();
            assertThat(m1.getBody()).isEqualTo("hello bob");
            assertThat(m1.getFrom().toString()).isEqualTo("alice@localhost/desk");
            bob.sendStanza(chat("alice@localhost/desk", "hi alice \uD83D\uDE00 <&>"));
            Message m2 = aliceIn.poll(10, TimeUnit.SECONDS);
            assertThat(m2).isNotNull();
            assertThat(m2.getBody()).isEqualTo("hi alice \uD83D\uDE00 <&>");
            assertThat(m2.getFrom().toString()).isEqualTo("bob@localhost/phone");
        } finally {
            alice.disconnect();
            bob.disconnect();
        }
    }

    @Test
    void bareJid_goesToHighestPriority_fullJid_toThatResource() throws Exception {
        XMPPTCPConnection sender = SmackClients.connect(server, "alice", "s1", null);
        XMPPTCPConnection low = SmackClients.connect(server, "carol", "low", null);
        XMPPTCPConnection high = SmackClients.connect(server, "carol", "high", null);
        try {
            low.sendStanza(presence(1));
            high.sendStanza(presence(10));
            BlockingQueue<Message> lowIn = inbox(low);
            BlockingQueue<Message> highIn = inbox(high);
            Thread.sleep(200); // presences are processed in order per connection; give them time to land
            sender.sendStanza(chat("carol@localhost", "to bare"));
            assertThat(highIn.poll(10, TimeUnit.SECONDS).getBody()).isEqualTo("to bare");
            sender.sendStanza(chat("carol@localhost/low", "to low"));
            assertThat(lowIn.poll(10, TimeUnit.SECONDS).getBody()).isEqualTo("to low");
            assertThat(lowIn.poll(300, TimeUnit.MILLISECONDS)).isNull();
            assertThat(highIn.poll(300, TimeUnit.MILLISECONDS)).isNull();
        } finally {
            sender.disconnect();
            low.disconnect();
            high.disconnect();
        }
    }

    private static Presence presence(int priority) {
        return PresenceBuilder.buildPresence().ofType(Presence.Type.available)
                .setPriority(priority).build();
    }

    @Test
    void sameResourceLogin_replacesTheOldSessionWithConflict() throws Exception {
        XMPPTCPConnection first = SmackClients.connect(server, "dave", "same", null);
        BlockingQueue<Exception> closed = new LinkedBlockingQueue<>();
        first.addConnectionListener(new ConnectionListener() {
            @Override
            public void connectionClosedOnError(Exception e) {
                closed.add(e);
            }
        });
        XMPPTCPConnection second = SmackClients.connect(server, "dave", "same", null);
        try {
            Exception e = closed.poll(10, TimeUnit.SECONDS);
            assertThat(e).isNotNull();
            assertThat(e.toString()).contains("conflict");
            assertThat(second.isAuthenticated()).isTrue();
            assertThat(PingManager.getInstanceFor(second).ping(JidCreate.from("localhost"))).isTrue();
        } finally {
            first.disconnect();
            second.disconnect();
        }
    }

    @Test
    void ping_disco_andUnknownIq() throws Exception {
        XMPPTCPConnection alice = SmackClients.connect(server, "alice", "iq", null);
        try {
            assertThat(PingManager.getInstanceFor(alice).pingMyServer()).isTrue();
            DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(alice)
                    .discoverInfo(JidCreate.domainBareFrom("localhost"));
            assertThat(info.getIdentities()).anyMatch(i -> "server".equals(i.getCategory()) && "im".equals(i.getType()));
            assertThat(info.containsFeature("urn:xmpp:ping")).isTrue();
            assertThat(info.containsFeature("jabber:iq:version")).isTrue();
            assertThat(ServiceDiscoveryManager.getInstanceFor(alice)
                    .discoverItems(JidCreate.domainBareFrom("localhost")).getItems()).isEmpty();

            IQ unknown = new UnknownIq();
            unknown.setTo(JidCreate.domainBareFrom("localhost"));
            assertThatThrownBy(() -> alice.sendIqRequestAndWaitForResponse(unknown))
                    .isInstanceOf(XMPPErrorException.class)
                    .satisfies(e -> assertThat(((XMPPErrorException) e).getStanzaError().getCondition())
                            .isEqualTo(StanzaError.Condition.service_unavailable));
        } finally {
            alice.disconnect();
        }
    }

    @Test
    void messageToUnknownMember_bouncesServiceUnavailable() throws Exception {
        XMPPTCPConnection alice = SmackClients.connect(server, "alice", "bounce", null);
        try {
            BlockingQueue<Message> errors = new LinkedBlockingQueue<>();
            alice.addAsyncStanzaListener(s -> errors.add((Message) s), MessageTypeFilter.ERROR);
            alice.sendStanza(chat("nobody@localhost", "hello?"));
            Message error = errors.poll(10, TimeUnit.SECONDS);
            assertThat(error).isNotNull();
            assertThat(error.getError().getCondition()).isEqualTo(StanzaError.Condition.service_unavailable);
            alice.sendStanza(chat("someone@other.example", "hello?"));
            assertThat(errors.poll(10, TimeUnit.SECONDS).getError().getCondition())
                    .isEqualTo(StanzaError.Condition.remote_server_not_found);
        } finally {
            alice.disconnect();
        }
    }

    /** An IQ nobody handles. */
    private static final class UnknownIq extends IQ {
        UnknownIq() {
            super("query", "urn:example:unknown");
            setType(IQ.Type.get);
        }

        @Override
        protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
            xml.setEmptyElement();
            return xml;
        }
    }

}
