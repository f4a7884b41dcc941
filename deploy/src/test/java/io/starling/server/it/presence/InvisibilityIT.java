package io.starling.server.it.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.iqversion.packet.Version;
import org.jivesoftware.smackx.ping.packet.Ping;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

import io.starling.core.testing.Await;
import io.starling.server.testing.Contacts;
import io.starling.server.testing.PresenceClient;
import io.starling.server.testing.RawXmppClient;
import io.starling.server.testing.TestServer;

/**
 * XEP-0186 with real clients: a contact never learns that an invisible session is online, by presence, probes,
 * roster traffic or IQs to its full JID, while messages still flow; directed presence and {@code <visible/>} are
 * the only ways out.
 */
class InvisibilityIT {
    /** How long "never observed" is watched; the server answers within milliseconds on loopback. */
    private static final Duration QUIET = Duration.ofMillis(500);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        server.addUsers("vic", "val", "xena", "yves", "lex", "lyn", "dex", "dot", "dru", "gil", "gia", "pip", "pam",
                "sam", "sue", "rob", "onl", "off", "inv", "str", "twi", "amo", "lin", "lof", "las");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void visibleThenInvisible_contactSeesUnavailable_andNothingAfter() throws Exception {
        PresenceClient vic = PresenceClient.login(server, "vic", "pc");
        PresenceClient val = PresenceClient.login(server, "val", "pc");
        try {
            Contacts.makeMutual(vic.connection(), val.connection());
            vic.sendPresence(Presence.Mode.away, "around", 0);
            Await.until("val sees vic", () -> val.presences().shows(vic.jid(), Presence.Mode.away, "around", 0));

            vic.goInvisible(true);
            Await.until("val sees vic unavailable", () -> val.presences().showsUnavailable(vic.jid()));
            vic.sendPresence(Presence.Mode.dnd, "secret", 0);
            val.sendPresence(Presence.Mode.chat, "where is vic?", 0);
            Await.until("invisible vic still sees val's update",
                    () -> vic.presences().shows(val.jid(), Presence.Mode.chat, "where is vic?", 0));
            Await.never("val sees vic online again", QUIET,
                    () -> !val.presences().showsUnavailable(vic.jid())
                            || val.roster().getPresence(vic.bareJid()).isAvailable());
        } finally {
            vic.close();
            val.close();
        }
    }

    @Test
    void invisibleAtLogin_contactNeverSeesItByAnyMeans_yetTheyChat() throws Exception {
        PresenceClient yvesA = PresenceClient.login(server, "yves", "a");
        contactsThenOffline("xena", yvesA);
        yvesA.sendPresence(Presence.Mode.chat, "yves here", 0);

        PresenceClient xena = invisibleLogin("xena", "hidden", true);
        xena.sendPresence(Presence.Mode.dnd, "secret", 3);
        Await.until("invisible xena (probe='true') learns yves's presence",
                () -> xena.presences().shows(yvesA.jid(), Presence.Mode.chat, "yves here", 0));
        xena.sendPresence(Presence.Mode.away, "still secret", 3); // a status change while invisible
        PresenceClient yvesB = PresenceClient.login(server, "yves", "b"); // a new resource of yves: probes
        yvesA.roster().getEntry(xena.bareJid()).setName("Xena"); // a roster push to both of yves's resources
        yvesA.sendPresenceOfType(xena.bare(), Presence.Type.subscribe); // already subscribed: answered at once
        yvesA.sendPresenceOfType(xena.bare(), Presence.Type.probe); // a client's probe
        Await.never("yves/a or yves/b sees xena online", QUIET,
                () -> seesOnline(yvesA, xena) || seesOnline(yvesB, xena));
        yvesA.close();
        yvesB.close();

        PresenceClient yvesC = PresenceClient.login(server, "yves", "c"); // yves logs in afresh
        try {
            Await.until("xena sees yves/c log in", () -> xena.presences().sawAvailable(yvesC.jid()));
            assertThat(refusals(yvesC, xena.jid()))
                    .as("IQs to the invisible resource are answered like those to an offline one")
                    .containsExactly(StanzaError.Condition.service_unavailable,
                            StanzaError.Condition.service_unavailable, StanzaError.Condition.service_unavailable)
                    .isEqualTo(refusals(yvesC, xena.bare() + "/offline"));

            assertThat(itemsOf(yvesC, xena.bare())).as("disco#items of the account").doesNotContain(xena.jid());

            yvesC.sendChat(xena.bare(), "to your bare JID");
            yvesC.sendChat(xena.jid(), "to your full JID");
            assertReceived(xena, yvesC.jid(), "to your bare JID");
            assertReceived(xena, yvesC.jid(), "to your full JID");
            xena.sendChat(yvesC.bare(), "hi from nowhere");
            assertReceived(yvesC, xena.jid(), "hi from nowhere");
            Await.never("yves/c sees xena online", QUIET, () -> seesOnline(yvesC, xena));
        } finally {
            yvesC.close();
            xena.close();
        }
    }

    @Test
    void legacyNamespace_hidesAtLogin_seesContacts_andVisibleShowsAgain() throws Exception {
        PresenceClient lyn = PresenceClient.login(server, "lyn", "a");
        contactsThenOffline("lex", lyn);
        lyn.sendPresence(Presence.Mode.xa, "far away", 0);

        PresenceClient lex = PresenceClient.loginWithoutPresence(server, "lex", "pc");
        try {
            lex.goInvisibleLegacy(); // urn:xmpp:invisible:0 has no 'probe': contacts' presence still comes
            lex.sendPresence(Presence.Mode.available, "hidden", 0);
            Await.until("lex sees lyn", () -> lex.presences().shows(lyn.jid(), Presence.Mode.xa, "far away", 0));
            PresenceClient lynB = PresenceClient.login(server, "lyn", "b");
            assertThat(refusals(lynB, lex.jid())).containsOnly(StanzaError.Condition.service_unavailable);
            Await.never("lyn sees lex", QUIET, () -> seesOnline(lyn, lex) || seesOnline(lynB, lex));

            lex.goVisibleLegacy();
            Await.until("both of lyn's resources see lex", () ->
                    lyn.presences().shows(lex.jid(), Presence.Mode.available, "hidden", 0)
                            && lynB.presences().shows(lex.jid(), Presence.Mode.available, "hidden", 0));
            assertThat(pingRefusal(lynB, lex.jid())).as("the session answers again").isNull();
            lynB.close();
        } finally {
            lex.close();
            lyn.close();
        }
    }

    @Test
    void directedPresenceWhileInvisible_revealsOnlyToThatContact_untilTheConnectionDrops() throws Exception {
        PresenceClient dot = PresenceClient.login(server, "dot", "pc");
        PresenceClient dru = PresenceClient.login(server, "dru", "pc");
        contactsThenOffline("dex", dot, dru);

        PresenceClient dex = invisibleLogin("dex", "pc", true);
        try {
            dex.sendPresence(Presence.Mode.available, null, 0);
            dex.sendDirected(dot.bare(), Presence.Mode.chat, "only for dot");
            Await.until("dot sees dex", () -> dot.presences().shows(dex.jid(), Presence.Mode.chat, "only for dot", 0));
            assertThat(pingRefusal(dot, dex.jid())).as("dot was shown the session: its IQs get through").isNull();
            assertThat(refusals(dru, dex.jid())).containsOnly(StanzaError.Condition.service_unavailable);

            dex.drop();
            Await.until("dot sees dex unavailable", () -> dot.presences().showsUnavailable(dex.jid()));
            Await.never("dru hears anything from dex", QUIET, () -> dru.presences().sawAnything(dex.bare()));
        } finally {
            dot.close();
            dru.close();
        }
    }

    @Test
    void goingVisible_contactSeesLastShowAndStatus_andProbesFollow() throws Exception {
        PresenceClient gia = PresenceClient.login(server, "gia", "pc");
        contactsThenOffline("gil", gia);
        gia.sendPresence(Presence.Mode.dnd, "busy", 0);

        PresenceClient gil = invisibleLogin("gil", "pc", false); // no probes while invisible
        try {
            gil.sendPresence(Presence.Mode.dnd, "hidden work", 1);
            gil.sendPresence(Presence.Mode.away, "back in 5", 1);
            Await.never("gia sees gil, or gil (probe='false') gets gia's presence at login", QUIET,
                    () -> seesOnline(gia, gil) || gil.presences().sawAnything(gia.bare()));

            gil.goVisible();
            Await.until("gia sees gil with its last show and status",
                    () -> gia.presences().shows(gil.jid(), Presence.Mode.away, "back in 5", 1));
            Await.until("visible gil now gets gia's presence",
                    () -> gil.presences().shows(gia.jid(), Presence.Mode.dnd, "busy", 0));
        } finally {
            gil.close();
            gia.close();
        }
    }

    @Test
    void invisibleThenDropped_contactReceivesNothing() throws Exception {
        PresenceClient pam = PresenceClient.login(server, "pam", "pc");
        contactsThenOffline("pip", pam);

        PresenceClient pip = invisibleLogin("pip", "pc", true);
        pip.sendPresence(Presence.Mode.chat, "hidden", 0);
        Await.until("pip sees pam", () -> pip.presences().sawAvailable(pam.jid()));
        pip.drop();
        try {
            Await.never("pam hears anything from pip", QUIET, () -> pam.presences().sawAnything(pip.bare()));
        } finally {
            pam.close();
        }
    }

    @Test
    void subscriptionApprovedWhileInvisible_doesNotRevealTheMember() throws Exception {
        PresenceClient sam = invisibleLogin("sam", "pc", true);
        sam.sendPresence(Presence.Mode.available, null, 0);
        PresenceClient sue = PresenceClient.login(server, "sue", "pc");
        try {
            Contacts.makeMutual(sam.connection(), sue.connection()); // sam approves while invisible
            Await.until("sam sees its new contact", () -> sam.presences().sawAvailable(sue.jid()));
            Await.never("sue sees sam", QUIET, () -> seesOnline(sue, sam));
        } finally {
            sam.close();
            sue.close();
        }
    }

    /**
     * RFC 6121 §4.3.2 for probes a client sends: a subscribed-to contact online answers with each resource's last
     * presence; offline, with one unavailable from its bare JID; invisible, with exactly that same answer (XEP-0186
     * §3.1: nothing reveals it); a member the prober is not subscribed to, with unsubscribed (rule 1).
     */
    @Test
    void probes_onlineAnswered_offlineAndInvisibleAnsweredAlike_notSubscribedUnsubscribed() throws Exception {
        PresenceClient robSetup = PresenceClient.login(server, "rob", "setup");
        PresenceClient onl = PresenceClient.login(server, "onl", "pc");
        PresenceClient str = PresenceClient.login(server, "str", "pc");
        Contacts.makeMutual(robSetup.connection(), onl.connection());
        contactsThenOffline("off", robSetup);
        contactsThenOffline("inv", robSetup);
        robSetup.close();
        PresenceClient inv = invisibleLogin("inv", "pc", true);
        inv.sendPresence(Presence.Mode.chat, "hidden", 5);
        onl.sendPresence(Presence.Mode.away, "out for a walk", 2);
        onl.sync();
        inv.sync();

        // No initial presence: the server sends this session nothing on its own, only the answers.
        try (RawXmppClient rob = new RawXmppClient(server.port()).login("rob", TestServer.PASSWORD, "raw")) {
            rob.send("<presence type='probe' id='q1' to='onl@localhost'/>"
                    + "<presence type='probe' id='q2' to='off@localhost'/>"
                    + "<presence type='probe' id='q3' to='inv@localhost'/>"
                    + "<presence type='probe' id='q4' to='str@localhost'/>");
            String online = rob.awaitContainsAfter("from='onl@localhost/pc'", "</presence>", WAIT);
            assertThat(online).contains("<show>away</show>", "<status>out for a walk</status>");
            String offline = rob.awaitStanza("q2", WAIT);
            String invisible = rob.awaitStanza("q3", WAIT);
            assertThat(offline).contains("type='unavailable'", "from='off@localhost'").doesNotContain("off@localhost/");
            assertThat(invisible.replace("inv@localhost", "X").replace("'q3'", "'Q'"))
                    .isEqualTo(offline.replace("off@localhost", "X").replace("'q2'", "'Q'"));
            assertThat(rob.awaitStanza("q4", WAIT)).contains("type='unsubscribed'", "from='str@localhost'");
            rob.readFor(QUIET);
            assertThat(rob.received()).as("nothing else from the invisible member").doesNotContain("inv@localhost/")
                    .doesNotContain("hidden");
        } finally {
            onl.close();
            str.close();
            inv.close();
        }
    }

    /** One member, two resources: contacts see the visible one only, and unavailable once it goes. */
    @Test
    void visibleAndInvisibleResource_contactSeesOnlyTheVisible_andUnavailableWhenItGoes() throws Exception {
        PresenceClient amo = PresenceClient.login(server, "amo", "pc");
        contactsThenOffline("twi", amo);
        PresenceClient hidden = invisibleLogin("twi", "hidden", true);
        hidden.sendPresence(Presence.Mode.dnd, "hidden", 1);
        PresenceClient shown = PresenceClient.login(server, "twi", "shown");
        try {
            shown.sendPresence(Presence.Mode.away, "shown", 0);
            Await.until("amo sees twi/shown", () -> amo.presences().shows(shown.jid(), Presence.Mode.away, "shown", 0));
            Await.never("amo sees twi/hidden", QUIET, () -> amo.presences().sawAnything(hidden.jid()));

            shown.close();
            Await.until("amo sees twi/shown unavailable", () -> amo.presences().showsUnavailable(shown.jid()));
            amo.sendPresenceOfType("twi@localhost", Presence.Type.probe);
            Await.until("a probe is answered with unavailable from the bare JID", () -> amo.presences()
                    .from("twi@localhost").stream().anyMatch(p -> "twi@localhost".equals(p.getFrom().toString())
                            && p.getType() == Presence.Type.unavailable));
            Await.never("amo sees twi online", QUIET, () -> amo.roster().getPresence(hidden.bareJid()).isAvailable()
                    || amo.presences().sawAnything(hidden.jid()));
        } finally {
            hidden.close();
            amo.close();
        }
    }

    /**
     * XEP-0012 to a member's bare JID is the server's to answer; with no handler for it, an invisible member's
     * account and an offline one's get the same answer, byte for byte.
     */
    @Test
    void lastActivityToBareJid_invisibleMemberAnsweredExactlyAsOfflineMember() throws Exception {
        PresenceClient lasSetup = PresenceClient.login(server, "las", "setup");
        contactsThenOffline("lin", lasSetup);
        contactsThenOffline("lof", lasSetup);
        lasSetup.close();
        PresenceClient lin = invisibleLogin("lin", "pc", true);
        lin.sendPresence(Presence.Mode.available, null, 0);
        lin.sync();
        try (RawXmppClient las = new RawXmppClient(server.port()).login("las", TestServer.PASSWORD, "raw")) {
            String offline = las.send("<iq type='get' id='l1' to='lof@localhost'><query xmlns='jabber:iq:last'/>"
                    + "</iq>").awaitStanza("l1", WAIT);
            String invisible = las.send("<iq type='get' id='l2' to='lin@localhost'><query xmlns='jabber:iq:last'/>"
                    + "</iq>").awaitStanza("l2", WAIT);
            assertThat(offline).contains("type='error'");
            assertThat(invisible.replace("lin@localhost", "X").replace("'l2'", "'L'"))
                    .isEqualTo(offline.replace("lof@localhost", "X").replace("'l1'", "'L'"));
        } finally {
            lin.close();
        }
    }

    /** Logs in without presence and goes invisible: the next presence the client sends is invisible. */
    private static PresenceClient invisibleLogin(String user, String resource, boolean probe) throws Exception {
        PresenceClient c = PresenceClient.loginWithoutPresence(server, user, resource);
        c.goInvisible(probe);
        return c;
    }

    /** {@code user} becomes a mutual contact of each of them from a visible session, then logs out. */
    private static void contactsThenOffline(String user, PresenceClient... contacts) throws Exception {
        PresenceClient setup = PresenceClient.login(server, user, "setup");
        for (PresenceClient c : contacts) {
            Contacts.makeMutual(setup.connection(), c.connection());
        }
        setup.close();
        for (PresenceClient c : contacts) {
            Await.until(c.jid() + " sees " + user + " go offline", () -> c.presences().showsUnavailable(setup.jid()));
            c.presences().clear();
        }
    }

    private static boolean seesOnline(PresenceClient observer, PresenceClient member) {
        return observer.presences().sawAvailable(member.bare())
                || observer.roster().getPresence(member.bareJid()).isAvailable();
    }

    /** The error conditions of ping, version and disco#info sent to {@code target}; null where answered. */
    private static List<StanzaError.Condition> refusals(PresenceClient asker, String target) throws Exception {
        Jid to = JidCreate.from(target);
        List<StanzaError.Condition> out = new ArrayList<>();
        out.add(pingRefusal(asker, target));
        out.add(refusal(() -> asker.connection().sendIqRequestAndWaitForResponse(new Version(to))));
        out.add(refusal(() -> ServiceDiscoveryManager.getInstanceFor(asker.connection()).discoverInfo(to)));
        return out;
    }

    /** The disco#items of {@code target}; none when the request is refused. */
    private static List<String> itemsOf(PresenceClient asker, String target) throws Exception {
        try {
            return ServiceDiscoveryManager.getInstanceFor(asker.connection()).discoverItems(JidCreate.from(target))
                    .getItems().stream().map(i -> i.getEntityID().toString()).toList();
        } catch (XMPPErrorException e) {
            return List.of();
        }
    }

    /** The error condition of a ping to {@code target}, or null if it was answered. */
    private static StanzaError.Condition pingRefusal(PresenceClient asker, String target) throws Exception {
        Jid to = JidCreate.from(target);
        return refusal(() -> asker.connection().sendIqRequestAndWaitForResponse(new Ping(to)));
    }

    private interface IqCall {
        void run() throws Exception;
    }

    private static StanzaError.Condition refusal(IqCall call) throws Exception {
        try {
            call.run();
            return null;
        } catch (XMPPErrorException e) {
            return e.getStanzaError().getCondition();
        }
    }

    private static void assertReceived(PresenceClient to, String from, String body) throws Exception {
        Message m = to.messages().poll(10, TimeUnit.SECONDS);
        assertThat(m).as("a message for " + to.jid()).isNotNull();
        assertThat(m.getType()).isEqualTo(Message.Type.chat);
        assertThat(m.getFrom().toString()).isEqualTo(from);
        assertThat(m.getBody()).isEqualTo(body);
    }
}
