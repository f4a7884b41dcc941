package io.starling.server.it.web;

import static io.starling.server.testing.WebSocketXmppClient.CLOSE;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.starling.core.jid.Jid;
import io.starling.core.testing.Await;
import io.starling.server.testing.Contacts;
import io.starling.server.testing.PresenceClient;
import io.starling.server.testing.TestServer;
import io.starling.server.testing.WebSocketXmppClient;

/**
 * XMPP over WebSocket (RFC 7395) end to end: members on {@code /xmpp-websocket} (the JDK's WebSocket client)
 * and a Smack member over TCP share one server, and everything the c2s session does (negotiation, routing,
 * presence, stream management, offline delivery) works the same over both transports.
 */
class WebSocketIT {
    private static final String SM = "xmlns='urn:xmpp:sm:3'";
    private static TestServer server;
    private static PresenceClient bob;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        server.addUsers("bob", "walt", "pat", "sam", "olga", "cleo");
        bob = PresenceClient.login(server, "bob", "tcp");
        // pat is bob's contact; the subscription is made over TCP, the presence later comes over WebSocket.
        try (PresenceClient pat = PresenceClient.login(server, "pat", "setup")) {
            Contacts.makeMutual(pat.connection(), bob.connection());
        }
    }

    @AfterAll
    static void stop() {
        bob.close();
        server.close();
    }

    @Test
    void login_chatsBothWaysWithATcpMember() throws Exception {
        try (WebSocketXmppClient walt = WebSocketXmppClient.connect(server)) {
            assertThat(walt.subprotocol()).isEqualTo("xmpp");
            walt.login("walt", TestServer.PASSWORD, "web");
            walt.send("<presence xmlns='jabber:client'/>");
            walt.send("<iq xmlns='jabber:client' type='get' id='ping1' to='localhost'>"
                    + "<ping xmlns='urn:xmpp:ping'/></iq>");
            assertThat(walt.await("id='ping1'")).contains("type='result'");

            bob.sendChat("walt@localhost", "hello walt");
            String message = walt.await("hello walt");
            // RFC 7395 §3.3.3: every element declares its namespace
            assertThat(message).startsWith("<message xmlns='jabber:client'").contains("from='bob@localhost/tcp'");

            walt.send("<message xmlns='jabber:client' to='bob@localhost' type='chat'><body>hi bob</body></message>");
            Message got = bob.messages().poll(10, TimeUnit.SECONDS);
            assertThat(got).isNotNull();
            assertThat(got.getBody()).isEqualTo("hi bob");
            assertThat(got.getFrom().toString()).isEqualTo("walt@localhost/web");
        }
    }

    @Test
    void overTls_loginAndChat() throws Exception {
        try (WebSocketXmppClient walt = WebSocketXmppClient.connectTls(server)) {
            walt.login("walt", TestServer.PASSWORD, "secure");
            bob.sendChat("walt@localhost/secure", "over wss");
            assertThat(walt.await("over wss")).startsWith("<message");
        }
    }

    @Test
    void featuresAfterAuthentication_offerBindAndStreamManagement_butNoStartTls() throws Exception {
        try (WebSocketXmppClient cleo = WebSocketXmppClient.connect(server)) {
            cleo.send(WebSocketXmppClient.OPEN);
            String open = cleo.await("<open ");
            assertThat(open).contains("xmlns='urn:ietf:params:xml:ns:xmpp-framing'", "from='localhost'",
                    "version='1.0'", " id='");
            String features = cleo.await("</stream:features>");
            assertThat(features).startsWith("<stream:features xmlns:stream='http://etherx.jabber.org/streams'")
                    .contains("PLAIN").doesNotContain("starttls").doesNotContain("-PLUS");
        }
        try (WebSocketXmppClient cleo = WebSocketXmppClient.connect(server)) {
            assertThat(cleo.authenticate("cleo", TestServer.PASSWORD)).contains("urn:ietf:params:xml:ns:xmpp-bind")
                    .contains("urn:xmpp:sm:3");
        }
    }

    @Test
    void presence_seenByTheTcpContact_andUnavailableWhenTheSocketDrops() throws Exception {
        WebSocketXmppClient pat = WebSocketXmppClient.connect(server);
        try {
            pat.login("pat", TestServer.PASSWORD, "web");
            pat.send("<presence xmlns='jabber:client'><status>on the web</status></presence>");
            Await.until("bob sees pat available", () -> bob.presences().sawAvailable("pat@localhost/web"));
            // the server answers pat's initial presence with bob's (RFC 6121 §4.2.2 probe)
            assertThat(pat.await("from='bob@localhost/tcp'")).startsWith("<presence");
            pat.abort();
            Await.until("bob sees pat unavailable", () -> bob.presences().showsUnavailable("pat@localhost/web"));
        } finally {
            pat.close();
        }
    }

    @Test
    void close_isAnsweredWithCloseAndTheWebSocketEnds() throws Exception {
        WebSocketXmppClient walt = WebSocketXmppClient.connect(server);
        walt.login("walt", TestServer.PASSWORD, "closing");
        walt.send(CLOSE);
        walt.await("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>");
        assertThat(walt.awaitClosed()).isEqualTo(1000);
        walt.close();
    }

    @Test
    void streamManagement_acks_andResumesAfterTheSocketDrops() throws Exception {
        WebSocketXmppClient sam = WebSocketXmppClient.connect(server);
        sam.login("sam", TestServer.PASSWORD, "web");
        sam.send("<enable " + SM + " resume='true'/>");
        Matcher id = Pattern.compile("<enabled " + SM + " id='([^']+)'").matcher(sam.await("<enabled"));
        assertThat(id.find()).isTrue();
        sam.send("<presence xmlns='jabber:client'/>");
        sam.send("<message xmlns='jabber:client' to='bob@localhost' type='chat'><body>from sam</body></message>");
        sam.send("<r " + SM + "/>");
        assertThat(sam.await("<a ")).isEqualTo("<a " + SM + " h='2'/>");
        assertThat(bob.messages().poll(10, TimeUnit.SECONDS)).isNotNull();

        bob.sendChat("sam@localhost", "before the drop");
        sam.await("before the drop");
        sam.abort();
        bob.sendChat("sam@localhost", "while away");

        try (WebSocketXmppClient again = WebSocketXmppClient.connect(server)) {
            again.authenticate("sam", TestServer.PASSWORD);
            again.send("<resume " + SM + " previd='" + id.group(1) + "' h='0'/>");
            assertThat(again.await("<resumed ")).contains("previd='" + id.group(1) + "'");
            assertThat(again.await("while away")).startsWith("<message");
            again.send("<iq xmlns='jabber:client' type='get' id='ping2' to='localhost'>"
                    + "<ping xmlns='urn:xmpp:ping'/></iq>");
            assertThat(again.await("id='ping2'")).contains("type='result'");
            // the resumed session is the one bob reaches
            bob.sendChat("sam@localhost/web", "after the resume");
            again.await("after the resume");
        }
    }

    @Test
    void offlineMessage_isDeliveredAtLogin() throws Exception {
        bob.sendChat("olga@localhost", "while you were out");
        Jid olga = Jid.parse("olga@localhost");
        Await.until("the message is stored", () -> server.storedOffline().count(olga) == 1);
        try (WebSocketXmppClient client = WebSocketXmppClient.connect(server)) {
            client.login("olga", TestServer.PASSWORD, "web");
            client.send("<presence xmlns='jabber:client'/>");
            String message = client.await("while you were out");
            assertThat(message).contains("urn:xmpp:delay");
            Await.until("the stored message is gone", Duration.ofSeconds(10),
                    () -> server.storedOffline().count(olga) == 0);
        }
    }
}
