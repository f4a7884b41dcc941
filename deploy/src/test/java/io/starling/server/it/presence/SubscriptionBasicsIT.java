package io.starling.server.it.presence;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.starling.server.testing.SmackClients;
import io.starling.server.testing.TestServer;

/** The main path with Smack's roster API: subscribe both ways, see each other, a dropped connection goes offline. */
class SubscriptionBasicsIT {
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        server.addUsers("alice", "bob");
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
}
