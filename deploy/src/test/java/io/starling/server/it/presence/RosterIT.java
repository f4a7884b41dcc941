package io.starling.server.it.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jivesoftware.smack.packet.Presence.Type.subscribe;
import static org.jivesoftware.smack.packet.Presence.Type.subscribed;

import java.io.File;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.IQTypeFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.RosterGroup;
import org.jivesoftware.smack.roster.packet.RosterPacket;
import org.jivesoftware.smack.roster.rosterstore.DirectoryRosterStore;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;

import io.starling.core.jid.Jid;
import io.starling.presence.PresenceConfig;
import io.starling.presence.roster.RosterItem;
import io.starling.core.testing.Await;
import io.starling.server.testing.RawXmppClient;
import io.starling.server.testing.SmackClients;
import io.starling.server.testing.SmackMember;
import io.starling.server.testing.TestServer;

/**
 * The roster (RFC 6121 §2) with Smack and raw XML: get, set and remove with Unicode names and groups, pushes to
 * every interested resource and only to those, roster versioning (RFC 6121 §2.6, XEP-0237) including Smack's
 * {@link DirectoryRosterStore}, storage across reconnects, and the configured maximum roster size.
 */
class RosterIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Pattern VER = Pattern.compile("ver='([^']*)'");

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        // Nothing cached for members without sessions: every login reads the roster back from PostgreSQL.
        server = TestServer.start(new PresenceConfig(5000, 256, 2, 10_000, 0));
        server.addUsers("names", "multi", "versioned", "cached", "keeper", "asked", "subver", "subpeer");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void setGetAndRemove_namesGroupsAndEmojiSurviveReconnectAndStorage() throws Exception {
        EntityBareJid zoe = jid("zoe@localhost");
        EntityBareJid elder = jid("old-friend@example.org");
        EntityBareJid plain = jid("plain@localhost");
        EntityBareJid gone = jid("gone@localhost");
        Map<String, String> expected = Map.of(
                "zoe@localhost", "Zoé 🦊🦊 [Friends 💛]",
                "old-friend@example.org", "老朋友 👴 [家族, 𝄞 music]",
                "plain@localhost", "null []");
        try (SmackMember m = SmackMember.connect(server, "names", "first")) {
            Roster roster = m.roster();
            roster.createItem(zoe, "Zoë 🦊", new String[] {"Friends 💛", "Work"});
            roster.createItem(elder, "老朋友 👴", new String[] {"家族", "𝄞 music"});
            roster.createItem(plain, null, null);
            roster.createItem(gone, "Gone", new String[] {"Work"});
            roster.createItem(zoe, "Zoé 🦊🦊", new String[] {"Friends 💛"}); // renamed, left "Work"
            Await.until("pushes reached Smack", () -> roster.getEntry(gone) != null
                    && "Zoé 🦊🦊".equals(roster.getEntry(zoe).getName()));
            roster.removeEntry(roster.getEntry(gone));

            Await.until("Smack's roster shows the changes", () -> describe(roster).equals(expected));
            assertThat(roster.getGroup("Work")).as("an emptied group is gone").isNull();
        }
        try (SmackMember again = SmackMember.connect(server, "names", "second")) {
            Await.until("the roster is loaded", () -> again.roster().isLoaded());
            assertThat(describe(again.roster())).isEqualTo(expected);
        }
        Map<String, String> stored = new TreeMap<>();
        for (RosterItem item : server.storedRosters().load(Jid.parse("names@localhost")).items().values()) {
            stored.put(item.contact().toString(), item.name() + " " + new TreeSet<>(item.groups()));
        }
        assertThat(stored).isEqualTo(expected);
    }

    /** Subscription bookkeeping is stored too: ask, pre-approval, and the contact's unanswered request. */
    @Test
    void subscriptionStates_surviveReconnectAndReachTheOfflineContactFromStorage() throws Exception {
        EntityBareJid asked = jid("asked@localhost");
        EntityBareJid approved = jid("approved-one@localhost");
        try (SmackMember keeper = SmackMember.connect(server, "keeper", "first")) {
            keeper.send(subscribe, asked);
            keeper.roster().preApprove(approved);
            keeper.fetchRoster();
        }
        try (SmackMember keeper = SmackMember.connect(server, "keeper", "second")) {
            Map<BareJid, RosterPacket.Item> roster = keeper.fetchRoster();
            assertThat(SmackMember.view(roster, asked)).isEqualTo("none ask");
            assertThat(SmackMember.view(roster, approved)).isEqualTo("none approved");
        }
        RosterItem pending = server.storedRosters().load(Jid.parse("asked@localhost")).items()
                .get(Jid.parse("keeper@localhost"));
        assertThat(pending.state().name()).isEqualTo("NONE_PENDING_IN");
        assertThat(pending.listed()).as("§3.1.3: not in the contact's roster until approved").isFalse();
        try (SmackMember contact = SmackMember.connect(server, "asked", "r")) {
            contact.fetchRoster();
            assertThat(contact.inbox().subscriptionsFrom(jid("keeper@localhost"))).containsExactly(subscribe);
        }
    }

    /** RFC 6121 §2.1.6: pushes go to each interested resource (§2.2: one that asked for the roster), no other. */
    @Test
    void rosterPush_reachesEveryInterestedResourceButNotOneThatNeverAskedForTheRoster() throws Exception {
        try (SmackMember desk = SmackMember.connect(server, "multi", "desk");
             SmackMember phone = SmackMember.connect(server, "multi", "phone");
             SmackMember lazy = SmackMember.connect(server, "multi", "lazy", false);
             RawXmppClient raw = new RawXmppClient(server.port()).login("multi", TestServer.PASSWORD, "raw")) {
            raw.send("<presence/>"); // available, but never asked for the roster
            EntityBareJid first = jid("first@localhost");

            desk.roster().createItem(first, "First", null);

            Await.until("the resource that made the change got the push",
                    () -> desk.roster().getEntry(first) != null);
            Await.until("the other interested resource got it", () -> phone.roster().getEntry(first) != null);
            raw.send("<iq type='get' to='localhost' id='ping1'><ping xmlns='urn:xmpp:ping'/></iq>")
                    .awaitStanza("ping1", WAIT);
            assertThat(raw.received()).doesNotContain("jabber:iq:roster");
            PingManager.getInstanceFor(lazy.connection()).pingMyServer(); // a push would have come before the pong
            Await.never("the resource that did not ask gets pushes", Duration.ofMillis(300),
                    () -> !lazy.roster().getEntries().isEmpty());

            phone.roster().removeEntry(phone.roster().getEntry(first));
            Await.until("removal pushed to both", () -> desk.roster().getEntry(first) == null
                    && phone.roster().getEntry(first) == null);

            raw.send("<iq type='get' id='get1'><query xmlns='jabber:iq:roster'/></iq>").awaitStanza("get1", WAIT);
            raw.clearReceived();
            desk.roster().createItem(jid("second@localhost"), "Second", null);
            raw.awaitContains("second@localhost", WAIT);
            assertThat(raw.received()).contains("type='set'").contains("jabber:iq:roster");
        }
    }

    /** RFC 6121 §2.2: a resource becomes interested when it asks, at login or later. */
    @Test
    void rosterRequestedAfterLogin_pushesFollowFromThen() throws Exception {
        try (SmackMember desk = SmackMember.connect(server, "multi", "desk2");
             SmackMember late = SmackMember.connect(server, "multi", "late", false)) {
            late.roster().reloadAndWait();
            desk.roster().createItem(jid("third@localhost"), "Third", null);
            Await.until("pushed to the resource that asked later",
                    () -> late.roster().getEntry(jid("third@localhost")) != null);
        }
    }

    /** XEP-0237 (RFC 6121 §2.6): advertised; the current version gets an empty result, an old one the roster. */
    @Test
    void rosterVersioning_currentVersionGetsEmptyResultOldVersionGetsRosterWithNewVersion() throws Exception {
        try (RawXmppClient raw = new RawXmppClient(server.port()).login("versioned", TestServer.PASSWORD, "r")) {
            assertThat(raw.featuresAfterAuth()).contains("<ver xmlns='urn:xmpp:features:rosterver'/>");

            String initial = raw.send(rosterGet("g1", "")).awaitStanza("g1", WAIT);
            assertThat(initial).contains("<query xmlns='jabber:iq:roster'").doesNotContain("<item");
            String v0 = ver(initial);

            raw.clearReceived();
            raw.send("<iq type='set' id='s1'><query xmlns='jabber:iq:roster'><item jid='ver-contact@localhost' "
                    + "name='V'/></query></iq>").awaitStanza("s1", WAIT);
            String v1 = ver(raw.received()); // the push, which comes before the result
            assertThat(v1).isNotEqualTo(v0);

            String current = raw.send(rosterGet("g2", v1)).awaitStanza("g2", WAIT);
            assertThat(current).contains("type='result'").doesNotContain("<query");

            String stale = raw.send(rosterGet("g3", v0)).awaitStanza("g3", WAIT);
            assertThat(stale).contains("ver-contact@localhost");
            assertThat(ver(stale)).isEqualTo(v1);

            String unknown = raw.send(rosterGet("g4", "no-such-version")).awaitStanza("g4", WAIT);
            assertThat(unknown).contains("ver-contact@localhost");
        }
    }

    /**
     * RFC 6121 §2.6.3: a push caused by a subscription change, not by the client's own roster set, carries a new
     * version too, and a get with that version is answered empty; a get without 'ver' (a client that does not
     * support versioning, §2.6.2) gets no version.
     */
    @Test
    void subscriptionChangePush_carriesNewVersion_andAGetWithItIsEmpty() throws Exception {
        try (RawXmppClient sub = new RawXmppClient(server.port()).login("subver", TestServer.PASSWORD, "r");
             RawXmppClient peer = new RawXmppClient(server.port()).login("subpeer", TestServer.PASSWORD, "r")) {
            String plain = sub.send("<iq type='get' id='p1'><query xmlns='jabber:iq:roster'/></iq>")
                    .awaitStanza("p1", WAIT);
            assertThat(plain).contains("<query xmlns='jabber:iq:roster'").doesNotContain("ver=");
            String v0 = ver(sub.send(rosterGet("g1", "")).awaitStanza("g1", WAIT));
            peer.send("<presence/>");

            sub.send("<presence to='subpeer@localhost' type='subscribe'/>");
            String v1 = pushVersion(sub, "ask='subscribe'");
            assertThat(v1).isNotEqualTo(v0);
            peer.awaitContains("type='subscribe'", WAIT);
            peer.send("<presence to='subver@localhost' type='subscribed'/>");
            String v2 = pushVersion(sub, "subscription='to'");
            assertThat(v2).isNotEqualTo(v1).isNotEqualTo(v0);

            String current = sub.send(rosterGet("g2", v2)).awaitStanza("g2", WAIT);
            assertThat(current).contains("type='result'").doesNotContain("<query");
            String stale = sub.send(rosterGet("g3", v1)).awaitStanza("g3", WAIT);
            assertThat(stale).contains("subscription='to'");
            assertThat(ver(stale)).isEqualTo(v2);
        }
    }

    /** The version of the roster push whose item carries {@code marker}; waits for it. */
    private static String pushVersion(RawXmppClient raw, String marker) throws Exception {
        String text = raw.awaitContainsAfter(marker, "</iq>", WAIT);
        int at = text.indexOf(marker);
        String push = text.substring(text.lastIndexOf("<iq", at), text.indexOf("</iq>", at));
        assertThat(push).contains("type='set'");
        return ver(push);
    }

    /** Smack's own cache: unchanged, the server sends nothing and Smack uses the store; changed, the full roster. */
    @Test
    void smackRosterStore_usedWhenUnchangedAndRefreshedWhenChanged() throws Exception {
        File dir = Files.createTempDirectory("roster-store").toFile();
        DirectoryRosterStore.init(dir);
        EntityBareJid kept = jid("kept@localhost");
        EntityBareJid added = jid("added-meanwhile@localhost");

        StanzaCollector[] rosters = new StanzaCollector[1];
        XMPPTCPConnection first = storeClient(dir, rosters);
        Roster firstRoster = Roster.getInstanceFor(first);
        Await.until("loaded", firstRoster::isLoaded);
        List<Stanza> acks = new CopyOnWriteArrayList<>();
        first.addStanzaSendingListener(acks::add, IQTypeFilter.RESULT); // Smack acks a push once it has stored it
        firstRoster.createItem(kept, "Kept", null);
        Await.until("pushed and stored", () -> !acks.isEmpty());
        assertThat(DirectoryRosterStore.open(dir).getEntry(kept)).isNotNull();
        String stored = storedVersion(dir);
        first.disconnect();

        XMPPTCPConnection second = storeClient(dir, rosters);
        Roster secondRoster = Roster.getInstanceFor(second);
        Await.until("loaded from the store", secondRoster::isLoaded);
        assertThat(secondRoster.getEntry(kept)).isNotNull();
        assertThat(rosterResult(second, rosters[0])).as("no roster sent: the cached one is current").isNull();
        second.disconnect();

        try (SmackMember other = SmackMember.connect(server, "cached", "other")) {
            other.roster().createItem(added, "Added", null);
        }
        XMPPTCPConnection third = storeClient(dir, rosters);
        Roster thirdRoster = Roster.getInstanceFor(third);
        Await.until("loaded", () -> thirdRoster.getEntry(added) != null);
        RosterPacket full = rosterResult(third, rosters[0]);
        assertThat(full).as("the whole roster, changed meanwhile, was sent").isNotNull();
        assertThat(full.getVersion()).isNotEqualTo(stored);
        assertThat(thirdRoster.getEntry(kept)).isNotNull();
        // Smack writes its store after updating the roster it shows: wait for the new version to land there.
        Await.until("the store has the new version", () -> full.getVersion().equals(storedVersion(dir)));
        third.disconnect();
    }

    /**
     * The roster result the connection got at login, if it was one with items (not an empty result). A ping first:
     * Smack hands stanzas to collectors in arrival order, so once the pong is in, so is the roster result.
     */
    private static RosterPacket rosterResult(XMPPTCPConnection c, StanzaCollector collector) throws Exception {
        PingManager.getInstanceFor(c).pingMyServer();
        return collector.pollResult();
    }

    private static String storedVersion(File dir) {
        DirectoryRosterStore store = DirectoryRosterStore.open(dir); // null while Smack rewrites its version file
        return store == null ? null : store.getRosterVersion();
    }

    private static XMPPTCPConnection storeClient(File dir, StanzaCollector[] rosters) throws Exception {
        return SmackClients.connectWith(server, "cached", "cache", conn -> {
            rosters[0] = conn.createStanzaCollector(new AndFilter(IQTypeFilter.RESULT,
                    new StanzaTypeFilter(RosterPacket.class)));
            Roster.getInstanceFor(conn).setRosterStore(DirectoryRosterStore.open(dir));
        });
    }

    /** RFC 6121 §2.3.3: past the configured maximum, not-allowed; requests from others are not items yet. */
    @Test
    void fullRoster_refusesNewItemsAndSubscriptionsWithNotAllowed() throws Exception {
        try (TestServer small = TestServer.start(new PresenceConfig(3, 256, 2, 10_000, 0))) {
            small.addUsers("full", "fourth", "stranger");
            try (SmackMember full = SmackMember.connect(small, "full", "r");
                 SmackMember fourth = SmackMember.connect(small, "fourth", "r");
                 SmackMember stranger = SmackMember.connect(small, "stranger", "r")) {
                Roster roster = full.roster();
                for (int i = 1; i <= 3; i++) {
                    roster.createItem(jid("c" + i + "@localhost"), "C" + i, null);
                }
                assertNotAllowed(() -> roster.createItem(fourth.jid(), "Fourth", null));
                roster.createItem(jid("c1@localhost"), "C1 renamed", null); // an update is no new item

                full.send(subscribe, fourth);
                Await.until("an error comes back", () -> !full.inbox().from(fourth.jid()).isEmpty());
                assertThat(full.inbox().from(fourth.jid())).singleElement().satisfies(p -> {
                    assertThat(p.getType()).isEqualTo(Presence.Type.error);
                    assertThat(p.getError().getCondition()).isEqualTo(StanzaError.Condition.not_allowed);
                });
                fourth.fetchRoster();
                assertThat(fourth.inbox().subscriptionsFrom(full.jid())).as("not routed").isEmpty();

                stranger.send(subscribe, full);
                new SubscriptionPair(full, stranger).settle();
                assertThat(full.inbox().subscriptionsFrom(stranger.jid())).containsExactly(subscribe);
                full.send(subscribed, stranger); // approving would add a fourth item
                Await.until("refused", () -> !full.inbox().from(stranger.jid()).stream()
                        .filter(p -> p.getType() == Presence.Type.error).toList().isEmpty());
                assertThat(full.fetchRoster()).hasSize(3);

                roster.removeEntry(roster.getEntry(jid("c3@localhost")));
                roster.createItem(fourth.jid(), "Fourth", null);
                assertThat(full.fetchRoster()).hasSize(3).containsKey(fourth.jid());
            }
        }
    }

    private interface Call {
        void run() throws Exception;
    }

    private static void assertNotAllowed(Call call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(XMPPErrorException.class, e ->
                assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.not_allowed));
    }

    private static String rosterGet(String id, String ver) {
        return "<iq type='get' id='" + id + "'><query xmlns='jabber:iq:roster' ver='" + ver + "'/></iq>";
    }

    private static String ver(String xml) {
        Matcher m = VER.matcher(xml);
        assertThat(m.find()).as("a 'ver' in " + xml).isTrue();
        return m.group(1);
    }

    /** Each item as "name [groups]", by JID. */
    private static Map<String, String> describe(Roster roster) {
        Map<String, String> out = new TreeMap<>();
        for (RosterEntry e : roster.getEntries()) {
            TreeSet<String> groups = new TreeSet<>();
            for (RosterGroup g : e.getGroups()) {
                groups.add(g.getName());
            }
            out.put(e.getJid().toString(), e.getName() + " " + groups);
        }
        return out;
    }

    private static EntityBareJid jid(String s) {
        return JidCreate.entityBareFromOrThrowUnchecked(s);
    }
}
