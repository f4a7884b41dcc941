package io.starling.server.it.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.blocking.BlockingCommandManager;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.ping.packet.Ping;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

import io.starling.core.testing.Await;
import io.starling.presence.PresenceConfig;
import io.starling.server.testing.Contacts;
import io.starling.server.testing.PresenceClient;
import io.starling.server.testing.RawXmppClient;
import io.starling.server.testing.TestServer;

/**
 * XEP-0191 with real clients: discovery, block/unblock/unblock-all with pushes, what a blocked entity gets (and
 * never gets through), the member's own stanzas to a blocked JID, presence hidden and shown again, storage across a
 * restart, and a whole domain blocked.
 */
class BlockingIT {
    /** How long "never arrives" is watched; the server answers within milliseconds on loopback. */
    private static final Duration QUIET = Duration.ofMillis(500);

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        server.addUsers("ada", "mia", "nia", "oli", "pia", "quin", "rex", "sia", "tom", "uma", "vera", "wes", "xan",
                "yul", "zed");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void disco_advertisesBlockingCommand() throws Exception {
        try (PresenceClient ada = PresenceClient.login(server, "ada", "pc")) {
            assertThat(BlockingCommandManager.getInstanceFor(ada.connection()).isSupportedByServer()).isTrue();
        }
    }

    @Test
    void blockUnblockUnblockAll_arePushedToEveryResourceThatRequestedTheList() throws Exception {
        PresenceClient a = PresenceClient.login(server, "mia", "a");
        PresenceClient b = PresenceClient.login(server, "mia", "b");
        PresenceClient c = PresenceClient.login(server, "mia", "c");
        try {
            BlockingCommandManager ma = BlockingCommandManager.getInstanceFor(a.connection());
            BlockingCommandManager mb = BlockingCommandManager.getInstanceFor(b.connection());
            BlockingCommandManager mc = BlockingCommandManager.getInstanceFor(c.connection());
            List<String> pushesA = pushes(ma);
            List<String> pushesB = pushes(mb);
            List<String> pushesC = pushes(mc);
            assertThat(ma.getBlockList()).isEmpty(); // a and b ask for the list; c does not
            assertThat(mb.getBlockList()).isEmpty();

            ma.blockContacts(List.of(JidCreate.from("nia@localhost"), JidCreate.from("oli@localhost")));
            String block = "block [nia@localhost, oli@localhost]";
            Await.until("a and b get the block push", () -> pushesA.contains(block) && pushesB.contains(block));
            assertThat(names(mb.getBlockList())).containsExactlyInAnyOrder("nia@localhost", "oli@localhost");
            Await.never("a push to c, which never asked for the list", QUIET, () -> !pushesC.isEmpty());
            assertThat(names(mc.getBlockList())).containsExactlyInAnyOrder("nia@localhost", "oli@localhost");

            mb.unblockContacts(List.of(JidCreate.from("nia@localhost")));
            String unblock = "unblock [nia@localhost]";
            Await.until("every interested resource gets the unblock push",
                    () -> pushesA.contains(unblock) && pushesB.contains(unblock) && pushesC.contains(unblock));
            assertThat(names(ma.getBlockList())).containsExactly("oli@localhost");

            mc.unblockAll();
            Await.until("every interested resource gets the unblock-all push", () -> pushesA.contains("unblock all")
                    && pushesB.contains("unblock all") && pushesC.contains("unblock all"));
            assertThat(ma.getBlockList()).isEmpty();
            try (PresenceClient d = PresenceClient.login(server, "mia", "d")) {
                assertThat(BlockingCommandManager.getInstanceFor(d.connection()).getBlockList()).isEmpty();
            }
        } finally {
            a.close();
            b.close();
            c.close();
        }
    }

    @Test
    void blockedEntity_messagesAndIqsRefused_presenceAndSubscriptionDropped_andTheMemberCannotReachIt()
            throws Exception {
        PresenceClient pia = PresenceClient.login(server, "pia", "pc");
        PresenceClient quin = PresenceClient.login(server, "quin", "pc");
        try {
            BlockingCommandManager.getInstanceFor(pia.connection()).blockContacts(List.of(JidCreate.from(quin.bare())));

            quin.sendChat(pia.bare(), "to your bare JID");
            quin.sendChat(pia.jid(), "to your full JID");
            assertError(quin, pia.bare(), StanzaError.Condition.service_unavailable);
            assertError(quin, pia.jid(), StanzaError.Condition.service_unavailable);
            assertThat(pingError(quin, pia.jid())).isEqualTo(StanzaError.Condition.service_unavailable);
            quin.sendPresenceOfType(pia.bare(), Presence.Type.subscribe);
            quin.sendDirected(pia.jid(), Presence.Mode.chat, "see me");

            pia.sendChat(quin.bare(), "you are blocked");
            Message refused = assertError(pia, quin.bare(), StanzaError.Condition.not_acceptable);
            assertThat((Object) refused.getError().getExtension("blocked", "urn:xmpp:blocking:errors")).isNotNull();
            assertThat(pingError(pia, quin.jid())).isEqualTo(StanzaError.Condition.not_acceptable);

            Await.never("a message or presence through the block", QUIET, () -> !pia.messages().isEmpty()
                    || pia.presences().sawAnything(quin.bare()) || !quin.messages().isEmpty()
                    || quin.presences().sawAnything(pia.bare()));
        } finally {
            pia.close();
            quin.close();
        }
    }

    @Test
    void blockingSubscribedContact_hidesTheMember_andUnblockingShowsItAgain() throws Exception {
        PresenceClient rex = PresenceClient.login(server, "rex", "pc");
        PresenceClient sia = PresenceClient.login(server, "sia", "a");
        PresenceClient siaB = null;
        try {
            Contacts.makeMutual(rex.connection(), sia.connection());
            rex.sendPresence(Presence.Mode.away, "gone fishing", 0);
            Await.until("sia sees rex", () -> sia.presences().shows(rex.jid(), Presence.Mode.away, "gone fishing", 0));
            BlockingCommandManager blocking = BlockingCommandManager.getInstanceFor(rex.connection());

            blocking.blockContacts(List.of(JidCreate.from(sia.bare())));
            Await.until("sia sees rex unavailable", () -> sia.presences().showsUnavailable(rex.jid()));
            rex.sendPresence(Presence.Mode.dnd, "busy now", 0);
            siaB = PresenceClient.login(server, "sia", "b"); // probes at login must not reveal rex either
            sia.sendPresence(Presence.Mode.chat, "hello?", 0);
            PresenceClient later = siaB;
            Await.never("sia sees rex, or rex sees sia", QUIET, () -> !sia.presences().showsUnavailable(rex.jid())
                    || later.presences().sawAvailable(rex.bare()) || rex.presences().from(sia.jid()).stream()
                    .anyMatch(p -> "hello?".equals(p.getStatus())));

            blocking.unblockContacts(List.of(JidCreate.from(sia.bare())));
            Await.until("both of sia's resources see rex's current presence", () ->
                    sia.presences().shows(rex.jid(), Presence.Mode.dnd, "busy now", 0)
                            && later.presences().shows(rex.jid(), Presence.Mode.dnd, "busy now", 0));
        } finally {
            rex.close();
            sia.close();
            if (siaB != null) {
                siaB.close();
            }
        }
    }

    @Test
    void blockingOneResourceOfAContact_hidesTheMemberFromThatResourceOnly() throws Exception {
        PresenceClient yul = PresenceClient.login(server, "yul", "pc");
        PresenceClient zedA = PresenceClient.login(server, "zed", "a");
        PresenceClient zedB = null;
        try {
            Contacts.makeMutual(yul.connection(), zedA.connection());
            // Logged in after the subscription: Smack's default mode would reject the request on this resource.
            zedB = PresenceClient.login(server, "zed", "b");
            PresenceClient b = zedB;
            Await.until("yul sees zed/b", () -> yul.presences().sawAvailable(b.jid()));
            BlockingCommandManager.getInstanceFor(yul.connection()).blockContacts(List.of(JidCreate.from(b.jid())));
            yul.sendPresence(Presence.Mode.xa, "out for lunch", 0);
            Await.until("zed/a sees yul's update", () ->
                    zedA.presences().shows(yul.jid(), Presence.Mode.xa, "out for lunch", 0));
            Await.never("zed/b sees yul's update", QUIET, () -> b.presences().from(yul.jid()).stream()
                    .anyMatch(p -> "out for lunch".equals(p.getStatus())));
        } finally {
            yul.close();
            zedA.close();
            if (zedB != null) {
                zedB.close();
            }
        }
    }

    @Test
    void blockList_survivesServerRestart_andKeepsHidingTheMemberAtLogin() throws Exception {
        try (PresenceClient tom = PresenceClient.login(server, "tom", "pc");
             PresenceClient uma = PresenceClient.login(server, "uma", "pc")) {
            Contacts.makeMutual(tom.connection(), uma.connection());
            BlockingCommandManager.getInstanceFor(tom.connection()).blockContacts(List.of(JidCreate.from(uma.bare())));
        }
        server = server.restart(); // the list can only come from PostgreSQL now

        PresenceClient uma = PresenceClient.login(server, "uma", "pc");
        PresenceClient tom = PresenceClient.login(server, "tom", "pc");
        try {
            assertThat(names(BlockingCommandManager.getInstanceFor(tom.connection()).getBlockList()))
                    .containsExactly("uma@localhost");
            uma.sendChat(tom.bare(), "remember me?");
            assertError(uma, tom.bare(), StanzaError.Condition.service_unavailable);
            Await.never("uma's message, or either one's presence, at the other", QUIET, () ->
                    !tom.messages().isEmpty() || uma.presences().sawAvailable(tom.bare())
                            || tom.presences().sawAvailable(uma.bare()));
        } finally {
            tom.close();
            uma.close();
        }
    }

    @Test
    void blockingDomain_blocksEveryoneFromIt_butNotTheServerItself() throws Exception {
        PresenceClient vera = PresenceClient.login(server, "vera", "pc");
        PresenceClient wes = PresenceClient.login(server, "wes", "pc");
        PresenceClient xan = PresenceClient.login(server, "xan", "pc");
        try {
            Contacts.makeMutual(vera.connection(), wes.connection());
            vera.sendPresence(Presence.Mode.away, "here", 0);
            Await.until("wes sees vera", () -> wes.presences().shows(vera.jid(), Presence.Mode.away, "here", 0));
            BlockingCommandManager blocking = BlockingCommandManager.getInstanceFor(vera.connection());

            blocking.blockContacts(List.of(JidCreate.from(TestServer.DOMAIN)));
            Await.until("wes, subscribed and now blocked, sees vera unavailable",
                    () -> wes.presences().showsUnavailable(vera.jid()));
            wes.sendChat(vera.bare(), "from wes");
            xan.sendChat(vera.jid(), "from xan");
            assertError(wes, vera.bare(), StanzaError.Condition.service_unavailable);
            assertError(xan, vera.jid(), StanzaError.Condition.service_unavailable);
            assertThat(pingError(xan, vera.jid())).isEqualTo(StanzaError.Condition.service_unavailable);
            wes.sendPresence(Presence.Mode.chat, "wes news", 0);
            // The server itself is no member of its domain: it still answers (Smack's pingMyServer() would take an
            // error for a pong).
            vera.connection().sendIqRequestAndWaitForResponse(new Ping(JidCreate.from(TestServer.DOMAIN)));
            assertThat(ServiceDiscoveryManager.getInstanceFor(vera.connection()).serverSupportsFeature(
                    BlockingCommandManager.NAMESPACE)).isTrue();
            vera.sendChat(vera.bare(), "a note to myself"); // nor is vera's own account
            assertThat(vera.messages().poll(10, TimeUnit.SECONDS)).extracting(Message::getType, Message::getBody)
                    .containsExactly(Message.Type.chat, "a note to myself");
            Await.never("anything from the domain at vera", QUIET, () -> !vera.messages().isEmpty()
                    || vera.presences().from(wes.jid()).stream().anyMatch(p -> "wes news".equals(p.getStatus())));

            blocking.unblockAll();
            Await.until("wes sees vera again", () -> wes.presences().shows(vera.jid(), Presence.Mode.away, "here", 0));
        } finally {
            vera.close();
            wes.close();
            xan.close();
        }
    }

    /**
     * XEP-0191 §3.3 from the first stanza on: a client that pipelines its first stanzas behind resource binding,
     * before the server has loaded its block list, still cannot reach a blocked JID, and its other stanzas keep their
     * order. Nothing is cached for members without sessions, and the one presence stripe is kept busy by another
     * member's roster writes, so the list is loaded only well after those stanzas arrive.
     */
    @Test
    void stanzasPipelinedWithBind_toBlockedJid_refusedBeforeTheListIsLoaded() throws Exception {
        try (TestServer cold = TestServer.start(new PresenceConfig(5000, 256, 1, 10_000, 0))) {
            cold.addUsers("early", "shunned", "friend", "busy");
            try (PresenceClient setup = PresenceClient.login(cold, "early", "setup")) {
                BlockingCommandManager.getInstanceFor(setup.connection())
                        .blockContacts(List.of(JidCreate.from("shunned@localhost")));
            }
            PresenceClient shunned = PresenceClient.login(cold, "shunned", "pc");
            PresenceClient friend = PresenceClient.login(cold, "friend", "pc");
            try (RawXmppClient busy = new RawXmppClient(cold.port()).login("busy", TestServer.PASSWORD, "r");
                 RawXmppClient raw = new RawXmppClient(cold.port()).authenticate("early", TestServer.PASSWORD)) {
                StringBuilder writes = new StringBuilder();
                for (int i = 0; i < 300; i++) {
                    writes.append("<iq type='set' id='w").append(i).append("'><query xmlns='jabber:iq:roster'>")
                            .append("<item jid='somebody@localhost' name='name ").append(i).append("'/></query></iq>");
                }
                busy.send(writes.toString()).awaitStanza("w0", Duration.ofSeconds(10));

                raw.send("<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>raw"
                        + "</resource></bind></iq>"
                        + "<message to='shunned@localhost' id='m1' type='chat'><body>sneaking past</body></message>"
                        + "<presence to='shunned@localhost/pc' id='p1'/>"
                        + "<iq type='get' id='v1' to='shunned@localhost/pc'><query xmlns='jabber:iq:version'/></iq>"
                        + "<message to='friend@localhost' id='m2' type='chat'><body>first</body></message>"
                        + "<message to='friend@localhost' id='m3' type='chat'><body>second</body></message>");
                for (String id : List.of("m1", "p1", "v1")) {
                    assertThat(raw.awaitStanza(id, Duration.ofSeconds(20))).as(id).contains("type='error'")
                            .contains("<not-acceptable").contains("<blocked xmlns='urn:xmpp:blocking:errors'/>");
                }
                assertThat(friend.messages().poll(10, TimeUnit.SECONDS).getBody()).isEqualTo("first");
                assertThat(friend.messages().poll(10, TimeUnit.SECONDS).getBody()).isEqualTo("second");
                Await.never("anything from early at shunned", QUIET, () -> !shunned.messages().isEmpty()
                        || shunned.presences().sawAnything("early@localhost"));
                busy.awaitStanza("w299", Duration.ofSeconds(20));
            } finally {
                shunned.close();
                friend.close();
            }
        }
    }

    /** Records the pushes the manager reports, as "block [...]", "unblock [...]" or "unblock all". */
    private static List<String> pushes(BlockingCommandManager manager) {
        List<String> out = new CopyOnWriteArrayList<>();
        manager.addJidsBlockedListener(jids -> out.add("block " + names(jids)));
        manager.addJidsUnblockedListener(jids -> out.add("unblock " + names(jids)));
        manager.addAllJidsUnblockedListener(() -> out.add("unblock all"));
        return out;
    }

    private static List<String> names(List<Jid> jids) {
        return jids.stream().map(Jid::toString).sorted().toList();
    }

    /** The next message {@code to} receives is an error from {@code from} with this condition. */
    private static Message assertError(PresenceClient to, String from, StanzaError.Condition condition)
            throws Exception {
        Message m = to.messages().poll(10, TimeUnit.SECONDS);
        assertThat(m).as("an error message for " + to.jid()).isNotNull();
        assertThat(m.getType()).isEqualTo(Message.Type.error);
        assertThat(m.getFrom().toString()).isEqualTo(from);
        assertThat(m.getError().getCondition()).isEqualTo(condition);
        return m;
    }

    private static StanzaError.Condition pingError(PresenceClient from, String to) throws Exception {
        try {
            from.connection().sendIqRequestAndWaitForResponse(new Ping(JidCreate.from(to)));
        } catch (XMPPErrorException e) {
            return e.getStanzaError().getCondition();
        }
        throw new AssertionError("the ping to " + to + " was answered");
    }
}
