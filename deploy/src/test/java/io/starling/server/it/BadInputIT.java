package io.starling.server.it;

import static io.starling.server.testing.RawXmppClient.HEADER;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

import io.starling.server.testing.RawXmppClient;
import io.starling.server.testing.SmackClients;
import io.starling.server.testing.TestServer;

/**
 * Bad input over raw sockets: each gets the RFC 6120 error and a closed stream, while two other members, logged in
 * with Smack, keep chatting.
 */
class BadInputIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String STREAM_HEADER_NO_DECL = HEADER.substring("<?xml version='1.0'?>".length());

    private static TestServer server;
    private static XMPPTCPConnection alice;
    private static XMPPTCPConnection bob;
    private static final BlockingQueue<Message> bobInbox = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        server.addUsers("alice", "bob", "mallory");
        alice = SmackClients.connect(server, "alice", "a", null);
        bob = SmackClients.connect(server, "bob", "b", null);
        bob.addAsyncStanzaListener(s -> bobInbox.add((Message) s), MessageTypeFilter.CHAT);
    }

    @AfterAll
    static void stop() {
        alice.disconnect();
        bob.disconnect();
        server.close();
    }

    @AfterEach
    void othersStillChat() throws Exception {
        String body = "still here " + System.nanoTime();
        alice.sendStanza(MessageBuilder.buildMessage().to(JidCreate.from("bob@localhost")).ofType(Message.Type.chat)
                .setBody(body).build());
        Message m = bobInbox.poll(10, TimeUnit.SECONDS);
        assertThat(m).as("bob still receives alice's messages").isNotNull();
        assertThat(m.getBody()).isEqualTo(body);
    }

    private static void expectStreamError(String input, String condition) throws Exception {
        try (RawXmppClient raw = new RawXmppClient(server.port())) {
            raw.send(input);
            String got = raw.awaitContains("<" + condition, WAIT);
            assertThat(got).contains("urn:ietf:params:xml:ns:xmpp-streams");
            assertThat(raw.awaitClosed(WAIT)).as("connection closed after " + condition).isTrue();
            assertThat(raw.received()).contains("</stream:stream>");
        }
    }

    @Test
    void malformedXml_isNotWellFormed() throws Exception {
        expectStreamError(HEADER + "<message><body>x</message>", "not-well-formed");
    }

    @Test
    void billionLaughsDtd_isRestrictedXml() throws Exception {
        StringBuilder dtd = new StringBuilder("<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"");
            for (int j = 0; j < 10; j++) {
                dtd.append(i == 1 ? "&lol;" : "&lol" + (i - 1) + ";");
            }
            dtd.append("\">");
        }
        dtd.append("]>").append(STREAM_HEADER_NO_DECL).append("<message><body>&lol9;</body></message>");
        expectStreamError(dtd.toString(), "restricted-xml");
    }

    @Test
    void comment_isRestrictedXml() throws Exception {
        expectStreamError(HEADER + "<!-- hello -->", "restricted-xml");
    }

    @Test
    void oversizedStanza_isPolicyViolation() throws Exception {
        expectStreamError(HEADER + "<message><body>" + "a".repeat(70_000) + "</body></message>",
                "policy-violation");
    }

    @Test
    void wrongContentNamespace_isInvalidNamespace() throws Exception {
        expectStreamError(HEADER.replace("jabber:client", "jabber:server"), "invalid-namespace");
    }

    @Test
    void wrongStreamNamespace_isInvalidNamespace() throws Exception {
        expectStreamError(HEADER.replace("http://etherx.jabber.org/streams", "urn:wrong"), "invalid-namespace");
    }

    @Test
    void unknownHost_isHostUnknown() throws Exception {
        expectStreamError(HEADER.replace("to='localhost'", "to='example.org'"), "host-unknown");
    }

    @Test
    void oldVersion_isUnsupportedVersion() throws Exception {
        expectStreamError(HEADER.replace("version='1.0'>", "version='2.0'>"), "unsupported-version");
    }

    @Test
    void stanzaBeforeAuth_isNotAuthorized() throws Exception {
        expectStreamError(HEADER + "<message to='bob@localhost' type='chat'><body>sneaky</body></message>",
                "not-authorized");
        assertThat(bobInbox.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void wrongPassword_failsAndRepeatedFailuresCloseTheStream() throws Exception {
        try (RawXmppClient raw = new RawXmppClient(server.port())) {
            assertThat(rawLoginFails(raw)).contains("<not-authorized");
        }
    }

    private static String rawLoginFails(RawXmppClient raw) throws Exception {
        try {
            raw.login("mallory", "wrong", "x");
            throw new AssertionError("login with a wrong password succeeded");
        } catch (AssertionError e) {
            return raw.received();
        }
    }

    @Test
    void spoofedFrom_isInvalidFrom() throws Exception {
        try (RawXmppClient raw = new RawXmppClient(server.port())) {
            raw.login("mallory", TestServer.PASSWORD, "m");
            raw.send("<message from='alice@localhost/a' to='bob@localhost' type='chat'><body>I am alice</body>"
                    + "</message>");
            raw.awaitContains("<invalid-from", WAIT);
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
        assertThat(bobInbox.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void oversizedStanzaAfterLogin_isPolicyViolation() throws Exception {
        try (RawXmppClient raw = new RawXmppClient(server.port())) {
            raw.login("mallory", TestServer.PASSWORD, "big");
            raw.send("<message to='bob@localhost' type='chat'><body>" + "b".repeat(70_000) + "</body></message>");
            raw.awaitContains("<policy-violation", WAIT);
            assertThat(raw.awaitClosed(WAIT)).isTrue();
        }
        assertThat(bobInbox.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void malformedJidInStanza_isJidMalformedAndStreamSurvives() throws Exception {
        try (RawXmppClient raw = new RawXmppClient(server.port())) {
            raw.login("mallory", TestServer.PASSWORD, "jid");
            raw.send("<message to='bad@@jid@localhost' type='chat' id='j1'><body>x</body></message>");
            raw.awaitContains("jid-malformed", WAIT);
            raw.send("<iq type='get' id='p1' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
            raw.awaitContains("id='p1'", WAIT);
        }
    }
}
