package io.starling.server.it.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.blocking.BlockingCommandManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

import io.starling.core.config.AuthConfig;
import io.starling.core.testing.Await;
import io.starling.server.testing.Contacts;
import io.starling.server.testing.PresenceClient;
import io.starling.server.testing.RawXmppClient;
import io.starling.server.testing.TestServer;

/**
 * RFC 6121 §4 with real clients: the presence a member gets at login (probes), broadcasts and updates, unavailable
 * on logout and on a dropped connection, a member's own resources, directed presence, presence to a blocked JID.
 */
class PresenceIT {
    /** How long "never arrives" is watched; the server answers within milliseconds on loopback. */
    private static final Duration QUIET = Duration.ofMillis(500);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        server.addUsers("ann", "bea", "cid", "dan", "eve", "fay", "gus", "hal", "ida", "jon", "kim", "lea", "max",
                "ned", "ola", "pat", "quy", "ray", "sal");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void login_receivesCurrentPresenceOfEachResourceOfEveryContactItIsSubscribedTo() throws Exception {
        PresenceClient ann = PresenceClient.login(server, "ann", "desk");
        PresenceClient beaHome = PresenceClient.login(server, "bea", "home");
        PresenceClient cid = PresenceClient.login(server, "cid", "work");
        PresenceClient dan = PresenceClient.login(server, "dan", "pc");
        Contacts.makeMutual(ann.connection(), beaHome.connection());
        Contacts.makeMutual(ann.connection(), cid.connection());
        Contacts.subscribe(dan.connection(), ann.connection()); // dan sees ann; ann is not subscribed to dan
        PresenceClient beaPhone = PresenceClient.login(server, "bea", "phone");

        beaHome.sendPresence(Presence.Mode.dnd, "in a meeting", 5);
        beaPhone.sendPresence(Presence.Mode.away, "on the train", -1);
        cid.sendPresence(Presence.Mode.xa, "on holiday", 0);
        dan.sendPresence(Presence.Mode.chat, "talk to me", 1);
        Await.until("ann sees the contacts' current presence", () ->
                ann.presences().shows("bea@localhost/home", Presence.Mode.dnd, "in a meeting", 5)
                        && ann.presences().shows("bea@localhost/phone", Presence.Mode.away, "on the train", -1)
                        && ann.presences().shows("cid@localhost/work", Presence.Mode.xa, "on holiday", 0));
        Await.until("dan's own resources saw its update",
                () -> dan.presences().shows("dan@localhost/pc", Presence.Mode.chat, "talk to me", 1));
        ann.close();

        PresenceClient again = PresenceClient.login(server, "ann", "laptop");
        try {
            Await.until("the probes at login bring every resource's show, status and priority", () ->
                    again.presences().shows("bea@localhost/home", Presence.Mode.dnd, "in a meeting", 5)
                            && again.presences().shows("bea@localhost/phone", Presence.Mode.away, "on the train", -1)
                            && again.presences().shows("cid@localhost/work", Presence.Mode.xa, "on holiday", 0));
            Await.never("presence from dan, whom ann is not subscribed to", QUIET,
                    () -> again.presences().sawAnything("dan@localhost"));
            Await.until("ann's roster shows bea available",
                    () -> again.roster().getPresence(beaHome.bareJid()).isAvailable());
        } finally {
            again.close();
            beaHome.close();
            beaPhone.close();
            cid.close();
            dan.close();
        }
    }

    @Test
    void broadcast_reachesSubscribersOnly_andEveryUpdateCarriesShowAndStatus() throws Exception {
        PresenceClient eve = PresenceClient.login(server, "eve", "pc");
        PresenceClient fay = PresenceClient.login(server, "fay", "pc");
        PresenceClient gus = PresenceClient.login(server, "gus", "pc");
        PresenceClient hal = PresenceClient.login(server, "hal", "pc");
        try {
            Contacts.makeMutual(eve.connection(), fay.connection());
            Contacts.subscribe(hal.connection(), eve.connection()); // hal gets eve's presence, not the reverse

            for (Presence.Mode mode : List.of(Presence.Mode.away, Presence.Mode.dnd, Presence.Mode.xa,
                    Presence.Mode.chat, Presence.Mode.available)) {
                String status = "now " + mode;
                eve.sendPresence(mode, status, 2);
                Await.until("fay and hal see eve " + mode, () ->
                        fay.presences().shows(eve.jid(), mode, status, 2)
                                && hal.presences().shows(eve.jid(), mode, status, 2));
            }
            hal.sendPresence(Presence.Mode.away, "hal's own news", 0);
            Await.never("eve's presence at gus (not a contact), or hal's at eve (eve is not subscribed)", QUIET,
                    () -> gus.presences().sawAnything(eve.bare()) || eve.presences().sawAvailable(hal.bare()));
        } finally {
            eve.close();
            fay.close();
            gus.close();
            hal.close();
        }
    }

    @Test
    void logoutAndDroppedConnection_contactSeesEachResourceUnavailable() throws Exception {
        PresenceClient idaDesk = PresenceClient.login(server, "ida", "desk");
        PresenceClient jon = PresenceClient.login(server, "jon", "pc");
        try {
            Contacts.makeMutual(idaDesk.connection(), jon.connection());
            PresenceClient idaPhone = PresenceClient.login(server, "ida", "phone");
            Await.until("jon sees both of ida's resources",
                    () -> jon.presences().sawAvailable(idaDesk.jid()) && jon.presences().sawAvailable(idaPhone.jid()));

            idaDesk.close(); // Smack's logout: unavailable presence, then the stream close
            Await.until("jon sees ida/desk unavailable", () -> jon.presences().showsUnavailable(idaDesk.jid()));
            assertThat(jon.presences().showsUnavailable(idaPhone.jid())).isFalse(); // ida/phone still is

            try (RawXmppClient raw = new RawXmppClient(server.port()).login("ida", TestServer.PASSWORD, "raw")) {
                raw.send("<presence><status>raw</status></presence>");
                Await.until("jon sees ida/raw", () -> jon.presences().sawAvailable("ida@localhost/raw"));
                raw.send("</stream:stream>"); // a stream close without unavailable presence before it
                Await.until("jon sees ida/raw unavailable",
                        () -> jon.presences().showsUnavailable("ida@localhost/raw"));
            }

            idaPhone.drop(); // no unavailable presence from the client
            Await.until("jon sees ida/phone unavailable", () -> jon.presences().showsUnavailable(idaPhone.jid()));
            Await.until("jon's roster shows ida offline",
                    () -> !jon.roster().getPresence(idaDesk.bareJid()).isAvailable());
        } finally {
            jon.close();
        }
    }

    @Test
    void ownResources_seeEachOther_bothWays_includingOneLoggingInLater() throws Exception {
        PresenceClient first = PresenceClient.login(server, "kim", "first");
        first.sendPresence(Presence.Mode.away, "at lunch", 3);
        Await.until("kim/first gets its own broadcast",
                () -> first.presences().shows(first.jid(), Presence.Mode.away, "at lunch", 3));

        PresenceClient second = PresenceClient.login(server, "kim", "second");
        try {
            Await.until("the later resource learns the earlier one's presence at login",
                    () -> second.presences().shows(first.jid(), Presence.Mode.away, "at lunch", 3));
            Await.until("the earlier resource sees the later one's initial presence",
                    () -> first.presences().sawAvailable(second.jid()));

            second.sendPresence(Presence.Mode.dnd, "coding", 1);
            Await.until("first sees second's update",
                    () -> first.presences().shows(second.jid(), Presence.Mode.dnd, "coding", 1));
            first.sendPresence(Presence.Mode.chat, "back", 3);
            Await.until("second sees first's update",
                    () -> second.presences().shows(first.jid(), Presence.Mode.chat, "back", 3));

            second.drop();
            Await.until("first sees second gone", () -> first.presences().showsUnavailable(second.jid()));
        } finally {
            first.close();
        }
    }

    @Test
    void directedPresence_toNonContact_isDelivered_andUnavailableFollowsLogoutAndDrop() throws Exception {
        PresenceClient leaDesk = PresenceClient.login(server, "lea", "desk");
        PresenceClient leaPhone = PresenceClient.login(server, "lea", "phone");
        PresenceClient max = PresenceClient.login(server, "max", "pc");
        try {
            leaDesk.sendDirected(max.bare(), Presence.Mode.away, "just for max");
            leaPhone.sendDirected(max.jid(), Presence.Mode.chat, "from my phone");
            Await.until("max gets both directed presences", () ->
                    max.presences().shows(leaDesk.jid(), Presence.Mode.away, "just for max", 0)
                            && max.presences().shows(leaPhone.jid(), Presence.Mode.chat, "from my phone", 0));

            leaDesk.sendPresence(Presence.Mode.dnd, "broadcast only", 0); // max is no subscriber
            leaDesk.close();
            Await.until("max sees lea/desk unavailable after its logout",
                    () -> max.presences().showsUnavailable(leaDesk.jid()));
            assertThat(max.presences().from(leaDesk.jid())).noneMatch(p -> "broadcast only".equals(p.getStatus()));

            leaPhone.drop();
            Await.until("max sees lea/phone unavailable after its connection dropped",
                    () -> max.presences().showsUnavailable(leaPhone.jid()));
        } finally {
            max.close();
        }
    }

    @Test
    void presenceToBlockedJid_isRefusedNotAcceptableWithBlocked() throws Exception {
        PresenceClient ned = PresenceClient.login(server, "ned", "pc");
        PresenceClient ola = PresenceClient.login(server, "ola", "pc");
        try {
            BlockingCommandManager.getInstanceFor(ned.connection())
                    .blockContacts(List.of(JidCreate.from(ola.bare())));

            ned.sendDirected(ola.bare(), Presence.Mode.chat, "are you there?");
            ned.sendPresenceOfType(ola.bare(), Presence.Type.subscribe);
            Await.until("two presence errors", () -> ned.presences().errors().size() == 2);
            for (Presence error : ned.presences().errors()) {
                assertThat(error.getFrom().toString()).isEqualTo(ola.bare());
                assertThat(error.getError().getCondition()).isEqualTo(StanzaError.Condition.not_acceptable);
                assertThat((Object) error.getError().getExtension("blocked", "urn:xmpp:blocking:errors"))
                        .isNotNull();
            }
            Await.never("anything from ned at ola", QUIET, () -> ola.presences().sawAnything(ned.bare()));
        } finally {
            ned.close();
            ola.close();
        }
    }

    /**
     * RFC 6121 §4.6.3: directed unavailable presence ends what its recipient sees, and the sender's later logout owes
     * it nothing more; broadcast unavailable while staying connected (§4.5.2) reaches every directed recipient too,
     * and a later broadcast available does not (it is no subscriber).
     */
    @Test
    void directedPresence_endedByDirectedUnavailable_orByBroadcastUnavailable() throws Exception {
        PresenceClient pat = PresenceClient.login(server, "pat", "pc");
        PresenceClient quy = PresenceClient.login(server, "quy", "pc");
        PresenceClient ray = PresenceClient.login(server, "ray", "pc");
        PresenceClient sal = PresenceClient.login(server, "sal", "pc");
        try {
            pat.sendDirected(quy.jid(), Presence.Mode.chat, "just for quy");
            ray.sendDirected(sal.bare(), Presence.Mode.away, "just for sal");
            Await.until("each recipient sees its directed presence", () ->
                    quy.presences().shows(pat.jid(), Presence.Mode.chat, "just for quy", 0)
                            && sal.presences().shows(ray.jid(), Presence.Mode.away, "just for sal", 0));

            pat.sendPresenceOfType(quy.jid(), Presence.Type.unavailable); // directed unavailable
            ray.send(ray.connection().getStanzaFactory().buildPresenceStanza().ofType(Presence.Type.unavailable)
                    .build()); // broadcast, staying connected
            Await.until("each recipient sees the sender unavailable", () ->
                    quy.presences().showsUnavailable(pat.jid()) && sal.presences().showsUnavailable(ray.jid()));

            ray.sendPresence(Presence.Mode.dnd, "back, for subscribers", 0);
            pat.sendPresence(Presence.Mode.xa, "an update", 0);
            pat.close();
            ray.close();
            Await.never("anything more at the recipients", QUIET, () -> quy.presences().from(pat.jid()).size() != 2
                    || sal.presences().from(ray.jid()).size() != 2);
        } finally {
            quy.close();
            sal.close();
        }
    }

    /**
     * RFC 6121 §4.5.2 "whatever the reason": a client that goes silent is closed at {@code c2s.idle-timeout} with
     * {@code connection-timeout}, and its contacts see it unavailable.
     */
    @Test
    void silentClientHittingIdleTimeout_contactsSeeUnavailable() throws Exception {
        try (TestServer shortIdle = TestServer.start(new AuthConfig(4096, 3, 1000, Duration.ofMinutes(1), 2, 1024),
                Duration.ofMillis(500), Duration.ofSeconds(3), Duration.ofSeconds(10))) {
            shortIdle.addUsers("quiet", "watcher");
            try (PresenceClient quiet = PresenceClient.login(shortIdle, "quiet", "setup");
                 PresenceClient watcher = PresenceClient.login(shortIdle, "watcher", "setup")) {
                Contacts.makeMutual(quiet.connection(), watcher.connection());
            }
            try (RawXmppClient watcher = new RawXmppClient(shortIdle.port())
                    .login("watcher", TestServer.PASSWORD, "raw");
                 RawXmppClient quiet = new RawXmppClient(shortIdle.port())
                         .login("quiet", TestServer.PASSWORD, "silent")) {
                watcher.send("<presence/>").awaitContains("from='watcher@localhost/raw'", WAIT);
                quiet.send("<presence><status>about to doze off</status></presence>");
                watcher.awaitContains("<status>about to doze off</status>", WAIT);

                Pattern gone = Pattern.compile("<presence[^>]*(from='quiet@localhost/silent'[^>]*type='unavailable'"
                        + "|type='unavailable'[^>]*from='quiet@localhost/silent')");
                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                while (!gone.matcher(watcher.received()).find()) {
                    assertThat(System.nanoTime()).as("watcher sees quiet unavailable").isLessThan(deadline);
                    watcher.send(" "); // the watcher itself stays active
                    watcher.readFor(Duration.ofMillis(250));
                }
                assertThat(quiet.awaitContains("<connection-timeout", WAIT)).contains("<connection-timeout");
                assertThat(quiet.awaitClosed(WAIT)).isTrue();
            }
        }
    }
}
