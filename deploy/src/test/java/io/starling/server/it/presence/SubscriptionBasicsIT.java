package io.starling.server.it.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.impl.JidCreate;

import io.starling.core.testing.Await;
import io.starling.server.testing.RawXmppClient;
import io.starling.server.testing.SmackClients;
import io.starling.server.testing.TestServer;

/**
 * The main path with Smack's roster API: subscribe both ways, see each other, a dropped connection goes offline; a
 * request to an offline member delivered whole at each of its logins until answered.
 */
class SubscriptionBasicsIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String ROSTER_GET = "<iq type='get' id='roster'><query xmlns='jabber:iq:roster'/></iq>";

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        server.addUsers("alice", "bob", "amy", "carl");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void mutualSubscription_thenDroppedConnection_contactSeesUnavailable() throws Exception {
        XMPPTCPConnection alice = SmackClients.connect(server, "alice", "desk", null);
        XMPPTCPConnection bob = SmackClients.connect(server, "bob", "phone", null);
        Roster aliceRoster = Roster.getInstanceFor(alice);
        Roster bobRoster = Roster.getInstanceFor(bob);
        bobRoster.setSubscriptionMode(Roster.SubscriptionMode.accept_all);
        aliceRoster.setSubscriptionMode(Roster.SubscriptionMode.accept_all);
        BareJid aliceJid = JidCreate.bareFrom("alice@localhost");
        BareJid bobJid = JidCreate.bareFrom("bob@localhost");

        aliceRoster.createItemAndRequestSubscription(bobJid, "Bob", new String[] {"Friends"});
        Await.until("condition", () -> {
            RosterEntry e = aliceRoster.getEntry(bobJid);
            return e != null && e.canSeeHisPresence();
        });
        Await.until("condition", () -> aliceRoster.getPresence(bobJid).isAvailable());

        bobRoster.createItemAndRequestSubscription(aliceJid, "Alice", null);
        Await.until("condition", () -> {
            RosterEntry e = bobRoster.getEntry(aliceJid);
            return e != null && e.getType() == org.jivesoftware.smack.roster.packet.RosterPacket.ItemType.both;
        });
        Await.until("condition", () -> bobRoster.getPresence(aliceJid).isAvailable());
        assertThat(aliceRoster.getEntry(bobJid).getType().toString()).isEqualTo("both");

        bob.sendStanza(bob.getStanzaFactory().buildPresenceStanza().ofType(Presence.Type.available).setMode(Presence.Mode.away).build());
        Await.until("condition", () ->
                aliceRoster.getPresence(bobJid).getMode() == Presence.Mode.away);

        bob.instantShutdown(); // no stream close: the socket just goes away
        Await.until("condition", () -> !aliceRoster.getPresence(bobJid).isAvailable());
        alice.disconnect();
    }

    /**
     * RFC 6121 §3.1.3: a request to a member without available resources is kept complete, with its status and
     * XEP-0172 nick, and delivered at each login until answered, stamped with when it arrived (XEP-0203).
     */
    @Test
    void requestToOfflineContact_redeliveredWithStatusAndNick() throws Exception {
        try (RawXmppClient amy = new RawXmppClient(server.port()).login("amy", TestServer.PASSWORD, "pc")) {
            amy.send("<presence to='carl@localhost' type='subscribe' id='ask1'><status>Amy from the choir</status>"
                    + "<nick xmlns='http://jabber.org/protocol/nick'>Amy B.</nick></presence>");
            // Answered on amy's stripe after the request, which by then is queued on carl's ahead of any login.
            amy.send(ROSTER_GET).awaitStanza("roster", WAIT);
        }

        for (String resource : List.of("first", "second")) {
            try (RawXmppClient carl = new RawXmppClient(server.port()).login("carl", TestServer.PASSWORD, resource)) {
                carl.send("<presence/>");
                String request = carl.awaitStanza("ask1", WAIT);
                assertThat(request).as("at login " + resource).startsWith("<presence")
                        .contains("from='amy@localhost'", "type='subscribe'", "<status>Amy from the choir</status>",
                                "<nick xmlns='http://jabber.org/protocol/nick'>Amy B.</nick>",
                                "<delay xmlns='urn:xmpp:delay' from='localhost' stamp='");
            }
        }

        try (RawXmppClient carl = new RawXmppClient(server.port()).login("carl", TestServer.PASSWORD, "third")) {
            carl.send("<presence to='amy@localhost' type='subscribed'/>" + ROSTER_GET).awaitStanza("roster", WAIT);
        }
        try (RawXmppClient carl = new RawXmppClient(server.port()).login("carl", TestServer.PASSWORD, "fourth")) {
            // The roster is answered on carl's stripe after the initial presence, and so after any redelivery.
            String received = carl.send("<presence/>" + ROSTER_GET).awaitStanza("roster", WAIT);
            assertThat(carl.received()).as("the answered request is not delivered again")
                    .doesNotContain("type='subscribe'");
            assertThat(received).contains("jid='amy@localhost'").contains("subscription='from'");
        }
    }
}
