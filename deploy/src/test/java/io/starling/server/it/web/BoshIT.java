package io.starling.server.it.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.bosh.XMPPBOSHConnection;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

import io.starling.core.testing.Await;
import io.starling.server.testing.Contacts;
import io.starling.server.testing.PresenceClient;
import io.starling.server.testing.PresenceLog;
import io.starling.server.testing.SmackBoshClients;
import io.starling.server.testing.TestServer;

/**
 * Smack's BOSH client (jbosh underneath) against the gateway: login, chat both ways with a TCP member, presence
 * through a roster subscription, and offline messages delivered at login. Smack's BOSH transport has no XEP-0198;
 * stream management over BOSH is tested with raw HTTP in {@link BoshProtocolIT}.
 */
class BoshIT {
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        server.addUsers("bea", "tim", "uma", "vic");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static BlockingQueue<Message> inbox(XMPPBOSHConnection c) {
        BlockingQueue<Message> q = new LinkedBlockingQueue<>();
        c.addAsyncStanzaListener(s -> q.add((Message) s), StanzaTypeFilter.MESSAGE);
        return q;
    }

    private static Message chat(String to, String body) throws Exception {
        return MessageBuilder.buildMessage().to(JidCreate.from(to)).ofType(Message.Type.chat).setBody(body).build();
    }

    @Test
    void boshMember_chatsBothWaysWithATcpMember_andSeesItsPresence() throws Exception {
        XMPPBOSHConnection bea = SmackBoshClients.connect(server, "bea", "web");
        PresenceLog beaPresences = PresenceLog.of(bea);
        BlockingQueue<Message> beaIn = inbox(bea);
        bea.login();
        try (PresenceClient tim = PresenceClient.login(server, "tim", "desk")) {
            assertThat(bea.getUser().toString()).isEqualTo("bea@localhost/web");
            Contacts.makeMutual(bea, tim.connection());
            Await.until("tim sees bea/web", () -> tim.presences().sawAvailable("bea@localhost/web"));
            Await.until("bea sees tim/desk", () -> beaPresences.sawAvailable("tim@localhost/desk"));

            bea.sendStanza(chat("tim@localhost", "from the browser"));
            Message m = tim.messages().poll(10, TimeUnit.SECONDS);
            assertThat(m).isNotNull();
            assertThat(m.getBody()).isEqualTo("from the browser");
            assertThat(m.getFrom().toString()).isEqualTo("bea@localhost/web");

            tim.sendChat("bea@localhost/web", "to the browser \uD83D\uDE00 <&>");
            Message back = beaIn.poll(10, TimeUnit.SECONDS);
            assertThat(back).isNotNull();
            assertThat(back.getBody()).isEqualTo("to the browser \uD83D\uDE00 <&>");
            assertThat(PingManager.getInstanceFor(bea).pingMyServer()).isTrue();

            bea.disconnect();
            Await.until("tim sees bea/web leave", () -> tim.presences().showsUnavailable("bea@localhost/web"));
        }
    }

    @Test
    void messageWhileOffline_isDeliveredAtBoshLogin() throws Exception {
        try (PresenceClient vic = PresenceClient.login(server, "vic", "desk")) {
            vic.sendChat("uma@localhost", "while you were out");
            Thread.sleep(300); // stored before uma logs in
        }
        XMPPBOSHConnection uma = SmackBoshClients.connect(server, "uma", "web");
        BlockingQueue<Message> in = inbox(uma);
        uma.login();
        try {
            Message m = in.poll(10, TimeUnit.SECONDS);
            assertThat(m).isNotNull();
            assertThat(m.getBody()).isEqualTo("while you were out");
        } finally {
            uma.disconnect();
        }
    }
}
